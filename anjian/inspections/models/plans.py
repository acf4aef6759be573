"""年度监督检查计划: per office and year, key enterprises, monthly quotas and special checks."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.base import RegulatedModel, RegulatedQuerySet
from anjian.core.scoping import ScopedQuerySet, ScopeRule

from ..choices import PlanStatus


class _Rows(RegulatedQuerySet, ScopedQuerySet):  # type: ignore[override]
    pass


class InspectionPlan(RegulatedModel):
    office = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("检查单位"),
    )
    region_code = models.CharField(max_length=12, db_index=True, editable=False)
    year = models.PositiveIntegerField(_("年度"))
    title = models.CharField(_("计划名称"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=12, choices=PlanStatus, default=PlanStatus.DRAFT
    )
    monthly_quotas = models.JSONField(_("每月检查数量"), default=list, blank=True)
    special_checks = models.TextField(_("专项检查安排"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    key_enterprises = models.ManyToManyField(
        "enterprises.Enterprise", blank=True, related_name="+", verbose_name=_("重点检查企业")
    )

    objects: ClassVar = _Rows.as_manager()
    scope = ScopeRule(region="region_code")  # the office's jurisdiction; see also selectors

    class Meta:
        verbose_name = _("年度监督检查计划")
        verbose_name_plural = verbose_name
        ordering = ["-year", "office"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="one_plan_per_office_year")
        ]
        permissions = [("approve_inspectionplan", "可审批年度监督检查计划")]

    def __str__(self) -> str:
        return self.title
