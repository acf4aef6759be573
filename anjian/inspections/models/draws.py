"""双随机 draws: the seed is committed (its hash published) before the draw and revealed after;
anyone can re-run the draw from the published inputs (`anjian.standards.random_draw`)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.base import RegulatedModel, RegulatedQuerySet
from anjian.core.crypto import EncryptedTextField
from anjian.core.scoping import ScopedQuerySet, ScopeRule

from ..choices import DrawStatus


class _Rows(RegulatedQuerySet, ScopedQuerySet):  # type: ignore[override]
    pass


class Draw(RegulatedModel):
    """双随机抽查: one draw of enterprises and officer teams, committed then revealed (一公开).

    The seed is kept encrypted and shown nowhere until the draw is revealed; only its
    commitment (SHA-256) is published at commit time."""

    number = models.CharField(_("抽查编号"), max_length=40, unique=True)
    office = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("抽查单位"),
    )
    region_code = models.CharField(max_length=12, db_index=True, editable=False)
    plan = models.ForeignKey(
        "inspections.InspectionPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="draws",
        verbose_name=_("所属计划"),
    )
    title = models.CharField(_("抽查任务"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=12, choices=DrawStatus, default=DrawStatus.COMMITTED
    )
    pool_filters = models.JSONField(_("抽取范围"), default=dict)
    inputs = models.JSONField(_("抽取输入"), default=dict)
    inputs_digest = models.CharField(_("输入摘要"), max_length=64)
    algorithm = models.CharField(_("算法"), max_length=40)
    commitment = models.CharField(_("种子承诺（SHA-256）"), max_length=64)
    seed = EncryptedTextField(_("种子"), blank=True)
    count = models.PositiveIntegerField(_("抽取企业数"), default=1)
    team_size = models.PositiveIntegerField(_("每组执法人员数"), default=2)
    experts_per_team = models.PositiveIntegerField(_("每组专家数"), default=0)
    planned_on = models.DateField(_("计划检查日期"), null=True, blank=True)
    committed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+"
    )
    result = models.JSONField(_("抽取结果"), null=True, blank=True)
    committed_at = models.DateTimeField(_("承诺时间"))
    revealed_at = models.DateTimeField(_("开奖时间"), null=True, blank=True)

    objects: ClassVar = _Rows.as_manager()
    scope = ScopeRule(region="region_code")  # the office's jurisdiction; see also selectors

    class Meta:
        verbose_name = _("双随机抽查")
        verbose_name_plural = verbose_name
        ordering = ["-committed_at"]

    def __str__(self) -> str:
        return self.number
