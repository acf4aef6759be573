"""The second factor after a wrong code: one slip is forgiven, then the wait is named."""

from __future__ import annotations

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from anjian.accounts import otp
from anjian.accounts.services_security import otp_session_verify
from anjian.core.errors import Invalid
from anjian.core.models import AuditEvent
from tests.personas import otp_code

pytestmark = pytest.mark.django_db


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_correct_code_right_after_a_wrong_one_is_accepted(personas):
    user = personas["city"]
    code = otp_code(user)
    with pytest.raises(Invalid, match="验证码不正确"):
        otp_session_verify(user=user, token=_wrong(code))
    assert otp_session_verify(user=user, token=code) is not None
    assert TOTPDevice.objects.get(user=user).throttling_failure_count == 0


def test_after_two_wrong_codes_the_message_names_the_wait(personas):
    user = personas["city"]
    code = otp_code(user)
    for _ in range(2):
        with pytest.raises(Invalid, match="验证码不正确"):
            otp_session_verify(user=user, token=_wrong(code))
    with pytest.raises(Invalid, match=r"请 2 秒后再输入") as refused:
        otp_session_verify(user=user, token=code)
    assert refused.value.details["field"] == "token"
    assert AuditEvent.objects.filter(
        event_type="auth.otp.failure", actor_username="city", reason="throttled"
    ).exists()


def test_the_wait_is_counted_down_and_shown_in_minutes_when_long(personas):
    user = personas["city"]
    otp_code(user)
    device = TOTPDevice.objects.get(user=user)
    device.throttle_increment()  # one slip: forgiven
    assert otp.throttle_wait([TOTPDevice.objects.get(pk=device.pk)]) == 0
    for _ in range(8):
        device.throttle_increment()
    assert otp.throttle_wait([TOTPDevice.objects.get(pk=device.pk)]) == 256
    assert (
        otp.throttled_message(256)
        == "验证码连续输错，请 5 分钟后再输入（输错次数越多，等待越久）。"
    )


def test_enrolment_forgives_one_slip_too(personas):
    user = personas["township"]
    device = otp.enrol_start(user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code = f"{totp.token():06d}"
    with pytest.raises(Invalid, match="验证码不正确"):
        otp.enrol_confirm(user, device, _wrong(code))
    device.refresh_from_db()
    assert otp.enrol_confirm(user, device, code).confirmed
