"""Risk points (风险点) with their assessments, and major hazard sources (重大危险源) under GB 18218."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.records.models import EnterpriseRecord
from anjian.standards import gb6441

from .choices import GRADE_COLOURS, Method, PointKind, RiskLevel, SourceStatus, UnitKind


def number_text(value: Decimal | None) -> str:
    """A stored figure as the standards' tables print it (6.00 → 6, 0.50 → 0.5)."""
    return "" if value is None else format(Decimal(value).normalize(), "f")


class RiskPoint(EnterpriseRecord):
    """风险点: an activity, equipment or place of an enterprise, assessed and controlled."""

    name = models.CharField(_("风险点名称"), max_length=100)
    location = models.CharField(_("位置"), max_length=100, blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=PointKind)
    hazard_factors = models.TextField(_("危险有害因素"), max_length=1000)
    accident_types = models.JSONField(_("可能导致的事故类型（GB 6441）"), default=list)
    method = models.CharField(_("评价方法"), max_length=3, choices=Method)
    l_value = models.DecimalField("L", max_digits=6, decimal_places=2)
    e_value = models.DecimalField("E", max_digits=6, decimal_places=2, null=True, blank=True)
    c_value = models.DecimalField("C", max_digits=6, decimal_places=2, null=True, blank=True)
    s_value = models.DecimalField("S", max_digits=6, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(_("风险值（D 或 R）"), max_digits=10, decimal_places=2)
    level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel)
    risk_class = models.CharField(_("危险程度"), max_length=10, blank=True)
    explanation = models.TextField(_("计算依据"))
    engineering_measures = models.TextField(_("工程技术措施"), blank=True)
    management_measures = models.TextField(_("管理措施"), blank=True)
    training_measures = models.TextField(_("培训教育措施"), blank=True)
    ppe_measures = models.TextField(_("个体防护措施"), blank=True)
    emergency_measures = models.TextField(_("应急处置措施"), blank=True)
    control_level = models.CharField(_("管控层级"), max_length=20)
    responsible_person = models.CharField(_("管控责任人"), max_length=30)
    review_on = models.DateField(_("下次评审日期"), null=True, blank=True)

    # The five kinds of control measure: 工程技术、管理、培训教育、个体防护、应急处置.
    MEASURES = (
        "engineering_measures",
        "management_measures",
        "training_measures",
        "ppe_measures",
        "emergency_measures",
    )

    class Meta:
        verbose_name = _("风险点")
        verbose_name_plural = _("风险点")
        ordering = ["enterprise", "-score", "id"]
        indexes = [models.Index(fields=["enterprise", "level"], name="riskpoint_level_idx")]

    def __str__(self) -> str:
        return self.name

    def measures(self) -> list[tuple[str, str]]:
        """Each control measure with its name."""
        return [
            (str(getattr(self._meta.get_field(n), "verbose_name", n)), getattr(self, n))
            for n in self.MEASURES
        ]

    def accident_names(self) -> list[str]:
        """The GB 6441 categories of accident the point may lead to, by name."""
        names = dict(gb6441.CATEGORIES)
        return [names.get(code, code) for code in self.accident_types or []]


class RiskAssessment(models.Model):
    """风险评价记录: one (re)assessment of a risk point, kept as history."""

    point = models.ForeignKey(RiskPoint, on_delete=models.PROTECT, related_name="assessments")
    method = models.CharField(max_length=3, choices=Method)
    inputs = models.JSONField()
    score = models.DecimalField(max_digits=10, decimal_places=2)
    level = models.CharField(max_length=10, choices=RiskLevel)
    explanation = models.TextField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("风险评价记录")
        verbose_name_plural = _("风险评价记录")
        ordering = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.point_id} {self.level} {self.assessed_at:%Y-%m-%d}"


class MajorHazardSource(EnterpriseRecord):
    """重大危险源: a production or storage unit identified under GB 18218, filed with the regulator."""

    name = models.CharField(_("单元名称"), max_length=100)
    unit_kind = models.CharField(_("单元类型"), max_length=12, choices=UnitKind)
    exposed_people_500m = models.PositiveIntegerField(_("厂区边界外500米范围内常住人口"))
    status = models.CharField(
        _("备案状态"), max_length=15, choices=SourceStatus, default=SourceStatus.DRAFT
    )
    s_value = models.DecimalField("S", max_digits=12, decimal_places=4, default=0)
    is_major = models.BooleanField(_("构成重大危险源"), default=False)
    r_value = models.DecimalField("R", max_digits=12, decimal_places=4, null=True, blank=True)
    alpha = models.DecimalField("α", max_digits=4, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=4, blank=True)
    explanation = models.TextField(_("辨识与分级依据"), blank=True)
    assessed_on = models.DateField(_("评估日期"))
    reassessment_due = models.DateField(_("下次评估日期"))
    principal = models.CharField(_("主要负责人"), max_length=30)
    technical_lead = models.CharField(_("技术负责人"), max_length=30)
    operations_lead = models.CharField(_("操作负责人"), max_length=30)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)

    Status = SourceStatus

    class Meta:
        verbose_name = _("重大危险源")
        verbose_name_plural = _("重大危险源")
        ordering = ["enterprise", "name"]
        permissions = [
            ("file_majorhazardsource", "可审核备案重大危险源"),
            ("export_majorhazardsource", "可导出重大危险源登记册"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def grade_colour(self) -> str:
        return GRADE_COLOURS.get(self.grade, "secondary")

    @property
    def s_text(self) -> str:
        return number_text(self.s_value)

    @property
    def r_text(self) -> str:
        return number_text(self.r_value)


class SourceSubstance(models.Model):
    """A hazardous chemical in a unit, with its design maximum quantity (设计最大量)."""

    source = models.ForeignKey(
        MajorHazardSource, on_delete=models.CASCADE, related_name="substances"
    )
    name = models.CharField(_("物质名称（表1）"), max_length=60, blank=True)
    category = models.CharField(_("类别（表2）"), max_length=10, blank=True)
    label = models.CharField(_("物质名称（表2物质）"), max_length=60, blank=True)
    q_t = models.DecimalField(_("设计最大量（t）"), max_digits=14, decimal_places=4)
    table = models.CharField(_("依据"), max_length=30, blank=True)
    critical_t = models.DecimalField(_("临界量 Q（t）"), max_digits=12, decimal_places=4, null=True)
    beta = models.DecimalField("β", max_digits=4, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("危险化学品")
        verbose_name_plural = _("危险化学品")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name or self.label or f"表2 {self.category}类物质"

    def figures(self) -> dict[str, str]:
        """q, Q, q/Q and β as the standard's tables print them."""
        ratio = round(self.q_t / self.critical_t, 4) if self.critical_t else None
        return {
            "q": number_text(self.q_t),
            "Q": number_text(self.critical_t),
            "ratio": number_text(ratio) or "—",
            "beta": number_text(self.beta),
        }

    def as_input(self) -> dict[str, Decimal | str]:
        item: dict[str, Decimal | str] = {"q_t": self.q_t}
        if self.name:
            item["name"] = self.name
        if self.category:
            item["category"] = self.category
        if self.label:
            item["label"] = self.label
        return item
