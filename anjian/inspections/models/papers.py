"""The visit's documents (文书), numbered per office, type and year, and its re-checks (复查)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import DocumentKind, RecheckResult


class VisitDocument(models.Model):
    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("文书"), max_length=24, choices=DocumentKind)
    number = models.CharField(_("文号"), max_length=60, unique=True)
    issued_at = models.DateTimeField(_("制作时间"))

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
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("整改复查")
        verbose_name_plural = verbose_name
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.due_on}"
