from django.db import models

from anjian.core.base import RegulatedModel, RegulatedQuerySet
from anjian.core.choices import ColouredChoices


class TicketStatus(ColouredChoices):
    OPEN = "open", "待处理"
    DONE = "done", "已完成"
    CLOSED = "closed", "已关闭"

    __colours__ = {"open": "orange", "done": "blue", "closed": "green"}


class TicketQuerySet(RegulatedQuerySet):
    def visible_to(self, user):
        return self.filter(created_by=user)


class Ticket(RegulatedModel):
    """A stand-in record with a status, for workflow, audit and attachment tests."""

    title = models.CharField("标题", max_length=100)
    status = models.CharField(
        "状态", max_length=20, choices=TicketStatus, default=TicketStatus.OPEN
    )

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = "工单"
        verbose_name_plural = "工单"

    def __str__(self) -> str:
        return self.title
