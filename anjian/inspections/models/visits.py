"""监督检查: one visit to one enterprise by a team, its checklist and what its findings became."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.records.models import EnterpriseRecord

from ..choices import Becomes, Kind, MemberRole, Origin, Result, Status, ViolationStatus


class Inspection(EnterpriseRecord):
    number = models.CharField(_("检查编号"), max_length=40, unique=True)
    office = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("检查单位"),
    )
    origin = models.CharField(_("任务来源"), max_length=12, choices=Origin, default=Origin.AD_HOC)
    kind = models.CharField(_("检查类别"), max_length=16, choices=Kind, default=Kind.ROUTINE)
    draw = models.ForeignKey(
        "inspections.Draw",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("双随机抽查"),
    )
    plan = models.ForeignKey(
        "inspections.InspectionPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("年度计划"),
    )
    basis = models.CharField(_("检查依据"), max_length=300, blank=True)
    unannounced = models.BooleanField(_("四不两直（不事先通知）"), default=False)
    planned_on = models.DateField(_("计划检查日期"))
    status = models.CharField(_("状态"), max_length=12, choices=Status, default=Status.PLANNED)
    items = models.ManyToManyField(
        "inspections.InspectionItem", blank=True, related_name="+", verbose_name=_("检查事项")
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    visit_code = models.CharField(_("检查码"), max_length=16, unique=True)
    over_cap = models.BooleanField(_("超出年度上限（经批准）"), default=False)
    representative_name = models.CharField(_("企业现场负责人"), max_length=30, blank=True)
    representative_signature = models.ForeignKey(
        "core.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    recheck_due_on = models.DateField(_("复查日期"), null=True, blank=True)
    joint_with = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joined",
        verbose_name=_("联合检查（并入）"),
    )

    class Meta:
        verbose_name = _("监督检查")
        verbose_name_plural = verbose_name
        ordering = ["-planned_on", "-pk"]
        indexes = [models.Index(fields=["enterprise", "planned_on"], name="inspection_ent_date")]
        permissions = [
            ("conduct_inspection", "可实施现场检查"),
            ("view_inspection_statistics", "可查看监督检查统计"),
        ]

    def __str__(self) -> str:
        return self.number


class InspectionMember(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("职责"), max_length=10, choices=MemberRole, default=MemberRole.MEMBER)
    signature = models.ForeignKey(
        "core.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("检查组成员")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["inspection", "user"], name="one_membership_per_visit")
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.user_id}"


class Finding(models.Model):
    """One checklist row: an item checked 符合 / 不符合 / 不涉及, with its note and photos
    (core attachments on this row), and what a 不符合 became."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    item = models.ForeignKey(
        "inspections.InspectionItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("检查事项"),
    )
    result = models.CharField(_("检查结果"), max_length=12, choices=Result)
    note = models.TextField(_("情况说明"), max_length=2000, blank=True)
    description = models.ForeignKey(
        "inspections.HazardDescription",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("标准隐患描述"),
    )
    text = models.CharField(_("问题描述"), max_length=300, blank=True)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    becomes = models.CharField(_("处理方式"), max_length=10, choices=Becomes, blank=True)
    hazard = models.OneToOneField(
        "hazards.Hazard", on_delete=models.PROTECT, null=True, blank=True, related_name="finding"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("检查时间"))
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("检查结果")
        verbose_name_plural = verbose_name
        ordering = ["inspection", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item"],
                condition=models.Q(item__isnull=False),
                name="one_finding_per_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.result}"


class Violation(EnterpriseRecord):
    """A 不符合 that is a violation: it waits for an enforcement case (立案)."""

    finding = models.OneToOneField(Finding, on_delete=models.PROTECT, related_name="violation")
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="violations")
    facts = models.TextField(_("违法事实"), max_length=2000)
    provision = models.CharField(_("违反的规定"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ViolationStatus, default=ViolationStatus.PENDING
    )

    class Meta:
        verbose_name = _("违法行为线索")
        verbose_name_plural = verbose_name
