"""Abstract base models every domain table builds on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("更新人"),
    )

    class Meta:
        abstract = True


class RegulatedQuerySet(models.QuerySet):
    """Regulated records are never hard-deleted: they are voided with a reason."""

    def live(self):
        return self.filter(voided_at__isnull=True)

    def delete(self):
        raise TypeError("受监管记录不得删除，请使用作废（void）并说明原因。")


class RegulatedModel(TimeStampedModel):
    """A regulated record: audited, versioned for optimistic locking, voided instead of deleted
    (through `anjian.core.services.record_void`).
    """

    version = models.PositiveIntegerField(_("版本"), default=1)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作废人"),
    )
    void_reason = models.CharField(_("作废原因"), max_length=500, blank=True)

    objects = RegulatedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def delete(self, *args, **kwargs):
        raise TypeError("受监管记录不得删除，请使用作废（void）并说明原因。")
