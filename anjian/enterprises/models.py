"""The enterprise registry (企业台帐 / 一企一档): enterprises, their licences and key people."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anjian.core.base import RegulatedModel, RegulatedQuerySet
from anjian.core.crypto import EncryptedTextField
from anjian.core.scoping import ScopedQuerySet, ScopeRule

from .choices import (
    LicenceKind,
    OperatingStatus,
    PersonRole,
    RiskGrade,
    StandardizationGrade,
    SupervisionClass,
)


# The checker gives each queryset's as_manager() its own manager class, unrelated to the
# bases' ones; at run time the manager has the methods of both.
class EnterpriseQuerySet(RegulatedQuerySet, ScopedQuerySet):  # type: ignore[override]
    pass


class Enterprise(RegulatedModel):
    """生产经营单位: a supervised enterprise, in one township (and grid) and one sector."""

    name = models.CharField(_("单位名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=30, blank=True)
    principal_name = models.CharField(_("主要负责人"), max_length=30, blank=True)
    principal_phone = EncryptedTextField(_("主要负责人电话"), blank=True)
    safety_manager_name = models.CharField(_("安全管理负责人"), max_length=30, blank=True)
    safety_manager_phone = EncryptedTextField(_("安全管理负责人电话"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("所在乡镇（街道）"),
    )
    region_code = models.CharField(max_length=12, db_index=True, editable=False)
    grid = models.ForeignKey(
        "regions.Grid",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("所在网格"),
    )
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    industry_code = models.CharField(_("国民经济行业代码"), max_length=5, blank=True)
    industry_name = models.CharField(_("国民经济行业"), max_length=60, blank=True)
    sector = models.ForeignKey(
        "regions.Sector",
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("监管行业"),
    )
    employees = models.PositiveIntegerField(_("从业人员数"), null=True, blank=True)
    above_designated_size = models.BooleanField(_("规模以上"), default=False)
    standardization_grade = models.CharField(
        _("安全生产标准化等级"), max_length=10, choices=StandardizationGrade, blank=True
    )
    standardization_expires_on = models.DateField(_("标准化等级有效期至"), null=True, blank=True)
    risk_grade = models.CharField(
        _("风险等级"), max_length=10, choices=RiskGrade, default=RiskGrade.LOW
    )
    risk_grade_override = models.BooleanField(_("风险等级由监管部门认定"), default=False)
    risk_grade_reason = models.CharField(_("认定理由"), max_length=300, blank=True)
    supervision_class = models.CharField(
        _("监管分类"), max_length=1, choices=SupervisionClass, default=SupervisionClass.D
    )
    status = models.CharField(
        _("经营状态"), max_length=20, choices=OperatingStatus, default=OperatingStatus.NORMAL
    )

    OperatingStatus = OperatingStatus  # for templates: {% badge enterprise.OperatingStatus … %}
    RiskGrade = RiskGrade
    SupervisionClass = SupervisionClass
    objects: ClassVar = EnterpriseQuerySet.as_manager()
    scope = ScopeRule(region="region_code", sector="sector_id", grid="grid_id", enterprise="id")

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["region_code", "name"]
        indexes = [
            models.Index(fields=["region_code", "sector"], name="enterprise_scope_idx"),
            models.Index(fields=["risk_grade", "region_code"], name="enterprise_risk_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=Q(voided_at__isnull=True),
                name="enterprise_credit_code_live_unique",
            )
        ]
        permissions = [
            ("view_personal_data", "可查看完整个人信息（身份证号、手机号）"),
            ("change_regulated_fields", "可修改监管分类、风险等级与经营状态"),
            ("import_enterprise", "可批量导入企业"),
            ("export_enterprise", "可导出企业台帐"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)


# The checker gives each queryset's as_manager() its own manager class, unrelated to the
# bases' ones; at run time the manager has the methods of both.
class ChildQuerySet(RegulatedQuerySet, ScopedQuerySet):  # type: ignore[override]
    pass


ENTERPRISE_CHILD_SCOPE = ScopeRule(
    region="enterprise__region_code",
    sector="enterprise__sector_id",
    grid="enterprise__grid_id",
    enterprise="enterprise_id",
)


class Licence(RegulatedModel):
    """许可证照: a licence or certificate of the enterprise, with its validity."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="licences")
    kind = models.CharField(_("证照类型"), max_length=30, choices=LicenceKind)
    number = models.CharField(_("证书编号"), max_length=60)
    issuer = models.CharField(_("发证机关"), max_length=60, blank=True)
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"))
    scope_text = models.CharField(_("许可范围"), max_length=300, blank=True)

    objects: ClassVar = ChildQuerySet.as_manager()
    scope = ENTERPRISE_CHILD_SCOPE

    class Meta:
        verbose_name = _("许可证照")
        verbose_name_plural = _("许可证照")
        ordering = ["expires_on"]
        indexes = [models.Index(fields=["expires_on"], name="licence_expiry_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class KeyPerson(RegulatedModel):
    """关键人员: the principal, safety managers and others of an enterprise (personal data)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="people")
    name = models.CharField(_("姓名"), max_length=30)
    role = models.CharField(_("岗位"), max_length=20, choices=PersonRole)
    id_number = EncryptedTextField(_("身份证号"), blank=True)
    phone = EncryptedTextField(_("手机号"), blank=True)
    certificates = models.CharField(_("证书编号"), max_length=200, blank=True)

    objects: ClassVar = ChildQuerySet.as_manager()
    scope = ENTERPRISE_CHILD_SCOPE

    class Meta:
        verbose_name = _("关键人员")
        verbose_name_plural = _("关键人员")
        ordering = ["role", "id"]

    def __str__(self) -> str:
        return self.name
