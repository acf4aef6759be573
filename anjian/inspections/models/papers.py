"""The visit's documents (文书), numbered per office, type and year; the one signing that
applies to all of them (现场签字); the immediate measures decided on site (现场处理措施); and
the re-checks (复查)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import DocumentKind, MeasureKind, RecheckResult


class VisitSigning(models.Model):
    """现场签字: the team and the enterprise's representative sign once, on one device; the
    representative may refuse (安全生产法第六十八条), and the refusal and its reason are kept."""

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="signing"
    )
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("签字时间"))
    representative_name = models.CharField(_("企业现场负责人"), max_length=30, blank=True)
    representative_signature = models.ForeignKey(
        "core.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refused_reason = models.CharField(_("拒绝签字原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("现场签字")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.signed_at:%Y-%m-%d}"


class VisitMeasure(models.Model):
    """现场处理措施: an immediate measure decided on site for a 不符合 finding."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="measures"
    )
    finding = models.ForeignKey(
        "inspections.Finding", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("处理措施"), max_length=20, choices=MeasureKind)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("现场处理措施")
        verbose_name_plural = verbose_name
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.kind}"


class VisitDocument(models.Model):
    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("文书"), max_length=24, choices=DocumentKind)
    number = models.CharField(_("文号"), max_length=60, unique=True)
    issued_at = models.DateTimeField(_("制作时间"))
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    recheck = models.OneToOneField(
        "inspections.Recheck",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document",
    )

    class Meta:
        verbose_name = _("检查文书")
        verbose_name_plural = verbose_name
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.number


class Recheck(models.Model):
    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="rechecks"
    )
    due_on = models.DateField(_("复查期限"))
    done_at = models.DateTimeField(_("复查时间"), null=True, blank=True)
    result = models.CharField(_("复查结论"), max_length=10, choices=RecheckResult, blank=True)
    opinion = models.TextField(_("复查意见"), max_length=2000, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signature = models.ForeignKey(
        "core.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    due_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("整改复查")
        verbose_name_plural = verbose_name
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.due_on}"
