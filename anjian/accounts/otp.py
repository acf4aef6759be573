"""Second factor (TOTP, RFC 6238) on django-otp: enrolment with a QR code, verification, removal."""

from __future__ import annotations

import segno
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from anjian.core import audit
from anjian.core.errors import Invalid

from .policy import has_confirmed_device, otp_required


def needs_second_factor(user) -> bool:
    return has_confirmed_device(user) or otp_required(user)


def verify_token(user, token: str):
    """The confirmed device that accepts this code, or None."""
    token = (token or "").strip().replace(" ", "")
    if not token.isdigit():
        return None
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def enrol_start(user) -> TOTPDevice:
    """A fresh unconfirmed device (any earlier unconfirmed one is discarded)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG QR code (scanned by any authenticator app)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#182433")


def enrol_confirm(user, device: TOTPDevice, token: str) -> TOTPDevice:
    token = (token or "").strip().replace(" ", "")
    if device.user_id != user.pk or device.confirmed:
        raise Invalid("绑定已失效，请重新开始。", field="token")
    if not token.isdigit() or not device.verify_token(token):
        raise Invalid("验证码不正确，请核对手机时间后重试。", field="token")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record("auth.otp.enrol", actor=user, obj=user)
    return device


def remove(*, actor, user) -> None:
    if otp_required(user):
        raise Invalid("此账号必须启用双因素认证，不能移除。")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit.record("auth.otp.remove", actor=actor, obj=user)
