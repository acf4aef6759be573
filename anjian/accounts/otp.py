"""Second factor (TOTP, RFC 6238) on django-otp: enrolment with a QR code, verification, removal."""

from __future__ import annotations

from math import ceil

import segno
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from anjian.core import audit
from anjian.core.errors import Invalid

from .policy import has_confirmed_device, otp_required


def needs_second_factor(user) -> bool:
    return has_confirmed_device(user) or otp_required(user)


def _forgive_one_slip(device: TOTPDevice) -> TOTPDevice:
    """The first wrong code in a row costs no wait: whoever mistypes once retypes at once.

    django-otp makes every wrong code wait 1 s, 2 s, 4 s… before the next is checked, and a code
    sent within the wait is refused unchecked. Only the first wait is lifted (on this copy of the
    device; a failure stores the count and time anew), so the doubling starts at the second.
    """
    if device.throttling_failure_count == 1:
        device.throttling_failure_timestamp = None
    return device


def throttle_wait(devices) -> int:
    """Seconds until one of these devices checks a code again (0: now); a code sent within the
    wait is not checked at all, so the page says how long to wait rather than call it wrong."""
    waits = []
    now = timezone.now()
    for device in map(_forgive_one_slip, devices):
        allowed, data = device.verify_is_allowed()
        if allowed:
            return 0
        until = (data or {}).get("locked_until")
        waits.append(max(1, ceil((until - now).total_seconds())) if until else 1)
    return min(waits, default=0)


def throttled_message(seconds: int) -> str:
    wait = f"{seconds} 秒" if seconds < 60 else f"{ceil(seconds / 60)} 分钟"
    return f"验证码连续输错，请 {wait}后再输入（输错次数越多，等待越久）。"


def verify_token(user, token: str):
    """The confirmed device that accepts this code, or None."""
    token = (token or "").strip().replace(" ", "")
    if not token.isdigit():
        return None
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        if _forgive_one_slip(device).verify_token(token):
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
    wait = throttle_wait([device])
    if wait:
        raise Invalid(throttled_message(wait), field="token")
    if not token.isdigit() or not _forgive_one_slip(device).verify_token(token):
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
