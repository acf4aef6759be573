"""The enterprise registry (企业台帐)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.base import RegulatedModel, RegulatedQuerySet
from anjian.core.scoping import ScopedQuerySet, ScopeRule

from .choices import OperatingStatus


class EnterpriseQuerySet(RegulatedQuerySet, ScopedQuerySet):
    pass


class Enterprise(RegulatedModel):
    """生产经营单位: a supervised enterprise, in one township (and grid) and one sector."""

    name = models.CharField(_("单位名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="enterprises",
        verbose_name=_("所在乡镇（街道）"),
    )  # fmt: skip
    region_code = models.CharField(max_length=12, db_index=True, editable=False)
    grid = models.ForeignKey(
        "regions.Grid", on_delete=models.PROTECT, null=True, blank=True,
        related_name="enterprises", verbose_name=_("所在网格"),
    )  # fmt: skip
    sector = models.ForeignKey(
        "regions.Sector", on_delete=models.PROTECT, related_name="enterprises",
        verbose_name=_("监管行业"),
    )  # fmt: skip
    address = models.CharField(_("地址"), max_length=200, blank=True)
    status = models.CharField(
        _("经营状态"), max_length=20, choices=OperatingStatus, default=OperatingStatus.NORMAL
    )

    OperatingStatus = OperatingStatus  # for templates: {% badge enterprise.OperatingStatus … %}
    objects = EnterpriseQuerySet.as_manager()
    scope = ScopeRule(region="region_code", sector="sector_id", grid="grid_id", enterprise="id")

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["region_code", "name"]
        indexes = [models.Index(fields=["region_code", "sector"], name="enterprise_scope_idx")]
        permissions = [("view_personal_data", "可查看完整个人信息（身份证号、手机号）")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)
