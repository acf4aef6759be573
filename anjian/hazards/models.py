"""Hidden hazards (隐患) and their rectification, from report to close-out (销号)."""

from __future__ import annotations

from typing import ClassVar

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core.base import RegulatedModel, RegulatedQuerySet
from anjian.core.records.models import ENTERPRISE_SCOPE
from anjian.core.scoping import ScopedQuerySet

from .choices import OPEN_STATES, Category, Grade, ListingLevel, PlanStatus, Source, Status


class SubCategory(models.Model):
    """隐患小类: the sub-type list under 基础管理 / 现场管理, edited by administrators."""

    category = models.CharField(_("大类"), max_length=10, choices=Category)
    name = models.CharField(_("名称"), max_length=40)
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("隐患小类")
        verbose_name_plural = _("隐患小类")
        ordering = ["category", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="hazard_subcategory_unique")
        ]

    def __str__(self) -> str:
        return self.name


# The checker gives each queryset's as_manager() its own manager class, unrelated to the
# bases' ones; at run time the manager has the methods of both.
class HazardQuerySet(RegulatedQuerySet, ScopedQuerySet):  # type: ignore[override]
    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=OPEN_STATES, deadline__lt=today)


class Hazard(RegulatedModel):
    """隐患: one hidden hazard of an enterprise, tracked until it is verified fixed and closed."""

    number = models.CharField(_("隐患编号"), max_length=20, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="hazards",
        verbose_name=_("企业"),
    )
    region_code = models.CharField(max_length=12, editable=False)
    sector = models.ForeignKey(
        "regions.Sector", on_delete=models.PROTECT, related_name="+", editable=False
    )
    grid = models.ForeignKey(
        "regions.Grid",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    location = models.CharField(_("部位/设备"), max_length=200)
    description = models.TextField(_("隐患描述"), max_length=2000)
    category = models.CharField(_("大类"), max_length=10, choices=Category, default=Category.SITE)
    subcategory = models.ForeignKey(
        SubCategory, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("小类")
    )
    grade = models.CharField(_("等级"), max_length=10, choices=Grade, blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source)
    status = models.CharField(_("状态"), max_length=20, choices=Status, default=Status.REPORTED)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发现人"),
    )
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    responsible_person = models.CharField(_("整改责任人"), max_length=30, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    measures = models.TextField(_("整改措施"), blank=True)
    cost = models.DecimalField(
        _("整改资金（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    rectification_note = models.TextField(_("整改情况"), blank=True)
    acceptance_opinion = models.TextField(_("验收意见"), blank=True)
    no_photo_reason = models.CharField(_("无整改后照片的原因"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交验收时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    listed = models.BooleanField(_("挂牌督办"), default=False)
    listing_level = models.CharField(_("督办层级"), max_length=10, choices=ListingLevel, blank=True)
    listing_office = models.CharField(_("督办单位"), max_length=100, blank=True)
    listing_due = models.DateField(_("督办期限"), null=True, blank=True)
    listing_org = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("督办单位"),
    )
    acceptance_delegate = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("受托验收单位"),
    )
    # 责任单位: the one office whose to-do this hazard is, derived from the enterprise
    responsible_office = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("责任单位"),
    )

    Status = Status
    Grade = Grade
    objects: ClassVar = HazardQuerySet.as_manager()
    scope = ENTERPRISE_SCOPE  # region, sector and grid are copies of the enterprise's

    class Meta:
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        ordering = ["-found_at", "-id"]
        indexes = [
            models.Index(fields=["region_code", "status", "deadline"], name="hazard_queue_idx"),
            models.Index(fields=["region_code", "found_at"], name="hazard_period_idx"),
            # the list's default order: newest first, walked in order and filtered by scope
            models.Index(fields=["-found_at", "-id"], name="hazard_recent_idx"),
            models.Index(fields=["enterprise", "status"], name="hazard_enterprise_idx"),
            models.Index(fields=["responsible_office", "status"], name="hazard_office_idx"),
            models.Index(
                fields=["deadline"],
                condition=Q(status__in=OPEN_STATES),
                name="hazard_open_deadline_idx",
            ),
        ]
        permissions = [
            ("report_hazard", "可上报隐患"),
            ("confirm_hazard", "可确认隐患（定级、定期限）"),
            ("rectify_hazard", "可提交整改"),
            ("accept_hazard", "可验收销号"),
            ("list_hazard", "可挂牌督办"),
            ("export_hazard", "可导出隐患"),
            ("import_hazard", "可导入隐患"),
        ]

    def __str__(self) -> str:
        return self.number

    def audit_label(self) -> str:
        """The audit log's name for it: number and the start of the description."""
        text = " ".join(self.description.split())
        return f"{self.number} {text[:20]}…" if len(text) > 20 else f"{self.number} {text}"

    @classmethod
    def follow_enterprises(cls, enterprise_ids) -> None:
        """After a move, each open hazard's responsible office is that of the new place."""
        from .responsibility import responsible_office_for

        enterprises = apps.get_model("enterprises", "Enterprise")._base_manager
        for enterprise in enterprises.filter(pk__in=enterprise_ids):
            office = responsible_office_for(enterprise)
            cls._base_manager.filter(enterprise=enterprise, status__in=OPEN_STATES).update(
                responsible_office=office
            )

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.deadline and self.status in OPEN_STATES and self.deadline < timezone.localdate()
        )


class GovernancePlan(models.Model):
    """重大事故隐患治理方案: the six parts of 16号令 Art 15, drawn up by the enterprise (its
    principal) with an attached document, submitted to the regulator, who approves or returns it."""

    hazard = models.OneToOneField(Hazard, on_delete=models.PROTECT, related_name="plan")
    goals = models.TextField(_("治理的目标和任务"), max_length=2000, blank=True)
    measures = models.TextField(_("采取的方法和措施"), max_length=2000, blank=True)
    funds_and_materials = models.TextField(_("经费和物资的落实"), max_length=2000, blank=True)
    organisation_and_people = models.TextField(
        _("负责治理的机构和人员"), max_length=2000, blank=True
    )
    deadline_and_requirements = models.TextField(_("治理的时限和要求"), max_length=2000, blank=True)
    safety_and_emergency = models.TextField(_("安全措施和应急预案"), max_length=2000, blank=True)
    status = models.CharField(
        _("方案状态"), max_length=20, choices=PlanStatus, default=PlanStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("审查意见"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("治理方案")
        verbose_name_plural = _("治理方案")

    def __str__(self) -> str:
        return f"{self.hazard} 治理方案"
