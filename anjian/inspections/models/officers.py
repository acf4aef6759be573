"""The office's pool of certified law-enforcement officers and their declared conflicts (回避)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectorProfile(models.Model):
    """执法人员: a user of an office holding a law-enforcement certificate (行政执法证)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspector_profile"
    )
    certificate_number = models.CharField(_("行政执法证号"), max_length=30)
    certificate_expires_on = models.DateField(_("执法证有效期至"), null=True, blank=True)
    is_active = models.BooleanField(_("在执法人员库中"), default=True)

    class Meta:
        verbose_name = _("执法人员")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.certificate_number


class InspectorConflict(models.Model):
    """回避: an officer declares a conflict with an enterprise; draws never send them there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("回避理由"), max_length=200)
    declared_at = models.DateTimeField(_("申报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回避申报")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="one_conflict_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}→{self.enterprise_id}"
