"""分类分级: each enterprise's supervision class for a year, its yearly cap and draw weight,
and the audited overrides of that cap."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.records.models import EnterpriseRecord


class EnterpriseClass(EnterpriseRecord):
    """The class the rules gave an enterprise for a year (recomputed on demand, kept per year)."""

    year = models.PositiveIntegerField(_("年度"))
    scheme = models.CharField(_("分类方案"), max_length=40)
    category = models.CharField(_("监管类别"), max_length=40)
    cap = models.PositiveIntegerField(_("年度检查次数上限"))
    weight = models.PositiveIntegerField(_("抽查权重"), default=1)
    explanation = models.TextField(_("评定依据"), blank=True)

    class Meta:
        verbose_name = _("企业监管类别")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="one_class_per_year")
        ]
        permissions = [("classify_enterprise", "可评定企业监管类别")]

    def __str__(self) -> str:
        return f"{self.year} {self.category}"


class CapOverride(EnterpriseRecord):
    """A named higher authority lets one more check through above the yearly cap."""

    year = models.PositiveIntegerField(_("年度"))
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("批准人"),
    )
    reason = models.CharField(_("理由"), max_length=300)
    used_by = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("用于检查"),
    )

    class Meta:
        verbose_name = _("超上限检查批准")
        verbose_name_plural = verbose_name
        permissions = [("override_cap", "可批准超出年度检查次数上限的检查")]
