"""My account pages: forced password change, second factor, sessions."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from anjian.accounts.models import PasswordHistory, UserSession
from anjian.core.models import AuditEvent
from tests.personas import PASSWORD, login_verified, otp_code

NEW_PASSWORD = "Fresh-Passw0rd#2"


def code_for(device, steps_ahead=0):
    """The device's code `steps_ahead` time steps from now (a used code cannot be replayed)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def log_in(client, username, password=PASSWORD):
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()
    return response


def events(event_type, **filters):
    return AuditEvent.objects.filter(event_type=event_type, **filters)


def change_password(client, old, new, confirm=None):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password": new, "new_password2": confirm or new},
    )


# ---- password -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/enterprises/", "/accounts/me/"])
def test_a_user_who_must_change_the_password_is_sent_to_the_password_page(client, personas, path):
    user = personas["city"]
    user.must_change_password = True
    user.save()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 302 and response.url == "/accounts/password/"
    page = client.get("/accounts/password/").content.decode()
    assert "请先修改密码" in page and "首次登录" in page
    assert "至少 8 位" in page  # the policy's rule, from the validator's help text


def test_after_the_forced_change_the_user_proceeds(client, personas):
    user = personas["city"]
    user.must_change_password = True
    user.save()
    client.force_login(user)
    response = change_password(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200  # still logged in after the re-keyed session
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(NEW_PASSWORD)
    assert events("account.password.change", actor_username="city").count() == 1


def test_an_expired_password_is_explained(client, personas):
    user = personas["township"]
    user.password_changed_at = timezone.now() - timedelta(days=91)
    user.save()
    client.force_login(user)
    assert client.get("/").url == "/accounts/password/"
    page = client.get("/accounts/password/").content.decode()
    assert "密码已过期" in page and "90 天" in page


def test_the_last_password_cannot_be_reused(client, personas):
    client.force_login(personas["township"])
    assert change_password(client, PASSWORD, NEW_PASSWORD).status_code == 302
    response = change_password(client, NEW_PASSWORD, PASSWORD)
    assert response.status_code == 200
    assert "不能使用最近 5 次用过的密码" in response.content.decode()
    assert PasswordHistory.objects.filter(user=personas["township"]).count() == 1


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("abcdefgh1", None, "至少 3 类"),
        ("Ab1-", None, "密码至少 8 位"),
        (NEW_PASSWORD, "Other-Passw0rd#", "两次输入的新密码不一致"),
        (PASSWORD, None, "新密码不能与原密码相同"),
    ],
)
def test_a_refused_new_password_shows_a_chinese_message_on_the_form(
    client, personas, new, confirm, message
):
    client.force_login(personas["township"])
    response = change_password(client, PASSWORD, new, confirm)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "is-invalid" in page
    assert personas["township"].check_password(PASSWORD)


def test_a_wrong_old_password_is_refused(client, personas):
    client.force_login(personas["township"])
    response = change_password(client, "not-my-password", NEW_PASSWORD)
    assert "原密码不正确" in response.content.decode()


def test_changing_the_password_ends_the_other_sessions(personas):
    first, second = Client(), Client()
    log_in(first, "township")
    log_in(second, "township")
    assert UserSession.objects.filter(user=personas["township"]).count() == 2
    response = change_password(first, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert first.get("/").status_code == 200
    assert second.get("/").url.startswith("/accounts/login/")
    assert UserSession.objects.filter(user=personas["township"]).count() == 1


# ---- second factor --------------------------------------------------------------------------


def test_enrol_then_log_in_again_through_the_verify_page(client, personas):
    log_in(client, "township")
    page = client.get("/accounts/otp/setup/").content.decode()
    assert "<svg" in page and 'data-testid="otp-secret"' in page
    device = TOTPDevice.objects.get(user=personas["township"], confirmed=False)
    response = client.post("/accounts/otp/setup/", {"token": code_for(device)})
    assert response.status_code == 302 and response.url == "/accounts/me/"
    assert events("auth.otp.enrol", actor_username="township").count() == 1
    assert client.get("/accounts/me/").status_code == 200  # verified by the enrolment itself

    client.post("/accounts/logout/")
    log_in(client, "township")
    response = client.get("/enterprises/")
    assert response.url == "/accounts/otp/verify/?next=/enterprises/"
    device.refresh_from_db()
    response = client.post(response.url, {"token": code_for(device, 1), "next": "/enterprises/"})
    assert response.status_code == 302 and response.url == "/enterprises/"
    assert client.get("/").status_code == 200
    assert events("auth.otp.verify", actor_username="township").count() == 1


def test_a_wrong_code_is_refused_and_audited(client, personas):
    otp_code(personas["township"])
    log_in(client, "township")
    response = client.post("/accounts/otp/verify/", {"token": "000000"})
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert client.get("/").status_code == 302
    assert events("auth.otp.failure", actor_username="township").count() == 1


def test_a_malformed_code_is_refused_on_the_form(client, personas):
    otp_code(personas["township"])
    log_in(client, "township")
    response = client.post("/accounts/otp/verify/", {"token": "12ab"})
    assert "请输入身份验证器上显示的 6 位数字" in response.content.decode()


def test_verify_never_redirects_off_site(client, personas):
    user = personas["township"]
    otp_code(user)
    device = TOTPDevice.objects.get(user=user)
    log_in(client, "township")
    response = client.post(
        "/accounts/otp/verify/", {"token": code_for(device, 1), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == "/"


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditadmin"])
def test_the_three_administrators_are_sent_to_setup_when_not_enrolled(client, personas, username):
    client.force_login(personas[username])
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/accounts/otp/setup/?next=/"
    page = client.get(response.url).content.decode()
    assert "必须启用双因素认证" in page


def test_an_unverified_session_cannot_replace_the_authenticator(client, personas):
    otp_code(personas["township"])
    client.force_login(personas["township"])
    response = client.get("/accounts/otp/setup/")
    assert response.status_code == 302 and response.url.startswith("/accounts/otp/verify/")
    assert client.post("/accounts/otp/remove/").url.startswith("/accounts/otp/verify/")
    assert TOTPDevice.objects.filter(user=personas["township"], confirmed=True).count() == 1


def test_a_wrong_enrolment_code_keeps_the_same_secret(client, personas):
    client.force_login(personas["township"])
    client.get("/accounts/otp/setup/")
    device = TOTPDevice.objects.get(user=personas["township"], confirmed=False)
    response = client.post("/accounts/otp/setup/", {"token": "000000"})
    assert "验证码不正确" in response.content.decode()
    assert TOTPDevice.objects.get(user=personas["township"], confirmed=False).pk == device.pk


def test_a_user_may_remove_an_optional_second_factor(client, personas):
    login_verified(client, personas["township"])
    response = client.post("/accounts/otp/remove/")
    assert response.url == "/accounts/me/"
    assert not TOTPDevice.objects.filter(user=personas["township"]).exists()
    assert events("auth.otp.remove", actor_username="township").count() == 1


def test_an_administrator_cannot_remove_the_required_second_factor(client, personas):
    login_verified(client, personas["secadmin"])
    response = client.post("/accounts/otp/remove/", follow=True)
    assert "必须启用双因素认证，不能移除" in response.content.decode()
    assert TOTPDevice.objects.filter(user=personas["secadmin"]).exists()


# ---- my account and sessions ----------------------------------------------------------------


def test_my_account_shows_profile_scope_and_sessions(client, personas):
    log_in(client, "township")
    page = client.get("/accounts/me/").content.decode()
    assert "赵镇安" in page and "城东街道安全生产监督站" in page and "乡镇安全站人员" in page
    assert "属地" in page
    assert page.count('data-testid="session-row"') == 1 and "当前会话" in page


def test_another_session_can_be_revoked(personas):
    mine, other = Client(), Client()
    log_in(mine, "township")
    log_in(other, "township", PASSWORD)
    current = mine.session.session_key
    target = UserSession.objects.exclude(session_key=current).get(user=personas["township"])
    response = mine.post(f"/accounts/sessions/{target.pk}/revoke/")
    assert response.status_code == 302 and response.url == "/accounts/me/"
    assert not UserSession.objects.filter(pk=target.pk).exists()
    assert other.get("/").url.startswith("/accounts/login/")
    assert mine.get("/").status_code == 200
    assert events("auth.session.revoke", actor_username="township").count() == 1


def test_the_current_session_and_other_peoples_sessions_are_not_revoked_here(personas):
    mine, theirs = Client(), Client()
    log_in(mine, "township")
    log_in(theirs, "city")
    own = UserSession.objects.get(user=personas["township"])
    response = mine.post(f"/accounts/sessions/{own.pk}/revoke/", follow=True)
    assert "不能在此结束当前会话" in response.content.decode()
    foreign = UserSession.objects.get(user=personas["city"])
    assert mine.post(f"/accounts/sessions/{foreign.pk}/revoke/").status_code == 404
    assert UserSession.objects.count() == 2


def test_every_user_sees_the_account_entry_in_the_menu(client, personas):
    client.force_login(personas["ent_manager"])
    assert "账号安全" in client.get("/").content.decode()


def test_an_empty_enrolment_form_is_shown_again_not_a_server_error(client, personas):
    client.force_login(personas["township"])
    response = client.post("/accounts/otp/setup/", {})  # no secret shown yet: a new one starts
    assert response.status_code == 200
    assert "绑定已过期" in response.content.decode()
    response = client.post("/accounts/otp/setup/", {})
    assert response.status_code == 200 and "token" in response.context["form"].errors
