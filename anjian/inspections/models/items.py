"""检查事项清单: published, versioned lists of check items by industry, and the standard
hazard-description library (隐患描述标准库) linked to the items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.base import RegulatedModel

from ..choices import ItemIndustry, ListStatus


class DescriptionGrade(models.TextChoices):
    """The grade a standard description gives the hazard (the hazards app's values)."""

    GENERAL = "general", "一般事故隐患"
    MAJOR = "major", "重大事故隐患"


class ItemList(RegulatedModel):
    """One version of one industry's list, issued by the authority of one region (its code and
    prefix, copied from the drafter's scope). A published version is never edited: a change is
    a new draft version, which supersedes that region's published one of the industry."""

    region_code = models.CharField(_("发布机关区划代码"), max_length=12, db_index=True)
    region_prefix = models.CharField(_("发布机关区划前缀"), max_length=12)
    industry = models.CharField(_("行业"), max_length=20, choices=ItemIndustry)
    version = models.PositiveIntegerField(_("版本号"), default=1)
    title = models.CharField(_("清单名称"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=12, choices=ListStatus, default=ListStatus.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("版本说明"), max_length=300, blank=True)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("检查事项清单")
        verbose_name_plural = verbose_name
        ordering = ["industry", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_prefix", "industry", "version"], name="one_item_list_version"
            )
        ]
        indexes = [models.Index(fields=["status", "industry"], name="item_list_status_idx")]
        permissions = [("publish_itemlist", "可发布检查事项清单")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def version_label(self) -> str:
        return f"第 {self.version} 版"


class InspectionItem(models.Model):
    """检查事项: what may be checked, on what legal basis."""

    item_list = models.ForeignKey(ItemList, on_delete=models.PROTECT, related_name="items")
    code = models.CharField(_("事项编号"), max_length=20)
    order = models.PositiveIntegerField(_("序号"), default=0)
    title = models.CharField(_("检查内容"), max_length=300)
    method = models.CharField(_("检查方法"), max_length=300, blank=True)
    basis_law = models.CharField(_("法律依据"), max_length=100)
    basis_article = models.CharField(_("条款"), max_length=60, blank=True)
    major_criterion = models.CharField(_("对应重大事故隐患判定标准"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("检查事项")
        verbose_name_plural = verbose_name
        ordering = ["item_list", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["item_list", "code"], name="one_item_code_per_list")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class HazardDescription(models.Model):
    """隐患描述标准库: the standard wording of a finding against an item."""

    item = models.ForeignKey(InspectionItem, on_delete=models.PROTECT, related_name="descriptions")
    text = models.CharField(_("隐患描述"), max_length=300)
    grade = models.CharField(
        _("隐患等级"), max_length=10, choices=DescriptionGrade, default=DescriptionGrade.GENERAL
    )

    class Meta:
        verbose_name = _("隐患标准描述")
        verbose_name_plural = verbose_name
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return self.text
