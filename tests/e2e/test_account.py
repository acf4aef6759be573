"""Account security in the browser: TOTP enrolment and login, the password page, the
security administrator's pages and the audit log, on desktop and at 390 px."""

import base64
import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD, otp_code

from .conftest import DESKTOP, PHONE, login, screenshot

VIEWPORTS = [("desktop", DESKTOP), ("phone", PHONE)]


def code_from_secret(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the secret printed on the setup page."""
    raw = secret.replace(" ", "")
    key = base64.b32decode(raw + "=" * (-len(raw) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def code_for(device, steps_ahead: int = 1) -> str:
    secret = base64.b32encode(device.bin_key).decode()
    return code_from_secret(secret, steps_ahead)


def assert_fits(page, viewport):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"page scrolls sideways at {viewport['width']} px"
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def log_out(page):
    page.click("[aria-label=账号菜单]")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/")


def login_with_code(page, username, device):
    login(page, username)  # lands on the verify page, which keeps ?next=/
    assert "/accounts/otp/verify/" in page.url
    page.fill("input[name=token]", code_for(device))
    page.click("[data-testid=submit]")
    page.wait_for_url("**/")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("label", "viewport"), VIEWPORTS)
def test_a_user_enrols_totp_and_logs_back_in_through_the_verify_page(
    page_factory, personas, label, viewport
):
    page = page_factory(viewport)
    login(page, "township")
    page.goto("/accounts/me/")
    assert page.inner_text("[data-testid=otp-status]") == "未启用"
    assert_fits(page, viewport)
    screenshot(page, f"account-me-{label}")

    page.click("[data-testid=otp-enrol]")
    page.wait_for_selector("[data-testid=otp-qr] svg")
    secret = page.inner_text("[data-testid=otp-secret]")
    page.fill("input[name=token]", "000000")
    page.click("[data-testid=submit]")
    assert "验证码不正确" in page.inner_text("[data-testid=field-error]")
    assert page.inner_text("[data-testid=otp-secret]") == secret  # same key after an error
    assert_fits(page, viewport)
    screenshot(page, f"account-otp-setup-{label}")

    page.fill("input[name=token]", code_from_secret(secret))
    page.click("[data-testid=submit]")
    page.wait_for_url("**/accounts/me/")
    assert page.inner_text("[data-testid=otp-status]") == "已启用"

    log_out(page)
    login(page, "township")
    assert "/accounts/otp/verify/" in page.url
    assert_fits(page, viewport)
    screenshot(page, f"account-otp-verify-{label}")
    page.fill("input[name=token]", code_from_secret(secret, 1))
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=welcome-card]")
    assert page.url.endswith("/")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("label", "viewport"), VIEWPORTS)
def test_a_forced_password_change_explains_itself(page_factory, personas, label, viewport):
    user = personas["city"]
    user.must_change_password = True
    user.save()
    page = page_factory(viewport)
    login(page, "city")
    page.wait_for_url("**/accounts/password/")
    assert "请先修改密码" in page.inner_text("[data-testid=password-reason]")
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password]", "weakpassword")
    page.fill("input[name=new_password2]", "weakpassword")
    page.click("[data-testid=submit]")
    assert "至少 3 类" in page.inner_text("[data-testid=field-error]")
    assert_fits(page, viewport)
    screenshot(page, f"account-password-{label}")
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password]", "Fresh-Passw0rd#2")
    page.fill("input[name=new_password2]", "Fresh-Passw0rd#2")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=welcome-card]")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("label", "viewport"), VIEWPORTS)
def test_the_audit_log_for_the_audit_administrator(page_factory, personas, label, viewport):
    otp_code(personas["auditadmin"])
    device = TOTPDevice.objects.get(user=personas["auditadmin"])
    page = page_factory(viewport)
    login_with_code(page, "auditadmin", device)
    page.goto("/audit/")
    rows = page.locator("[data-testid=audit-table] tbody tr")
    assert rows.count() >= 2  # at least the login and the second-factor check
    text = page.inner_text("[data-testid=audit-table]")
    assert "双因素认证通过" in text and "auth.otp.verify" not in text
    assert_fits(page, viewport)
    screenshot(page, f"audit-{label}")

    page.select_option("[data-testid=audit-event-picker]", label="登录")
    page.click("[data-testid=audit-filters] button[type=submit]")
    page.wait_for_url("**/audit/?*")
    rows = page.locator("[data-testid=audit-table] tbody tr[data-event]")
    events = [rows.nth(i).get_attribute("data-event") for i in range(rows.count())]
    assert events and all(e.startswith("auth.login") for e in events)
    assert "双因素认证通过" not in page.inner_text("[data-testid=audit-table]")
    with page.expect_download() as download:
        page.click("[data-testid=audit-export]")
    assert download.value.suggested_filename.startswith("审计日志-")
    assert download.value.suggested_filename.endswith(".xlsx")
    screenshot(page, f"audit-filtered-{label}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("label", "viewport"), VIEWPORTS)
def test_the_security_administrator_pages(page_factory, personas, label, viewport):
    otp_code(personas["secadmin"])
    device = TOTPDevice.objects.get(user=personas["secadmin"])
    stranger = Client()
    for username, times in [("township", 5), ("district", 2)]:
        for _ in range(times):
            stranger.post("/accounts/login/", {"username": username, "password": "wrong"})
    page = page_factory(viewport)
    login_with_code(page, "secadmin", device)
    for name, path in [
        ("roles", "/accounts/security/roles/"),
        ("policy", "/accounts/security/policy/"),
        ("lockouts", "/accounts/security/lockouts/"),
        ("users", "/accounts/security/users/"),
        ("user", f"/accounts/security/users/{personas['township'].pk}/"),
    ]:
        page.goto(path)
        assert_fits(page, viewport)
        screenshot(page, f"account-security-{name}-{label}")
    page.goto("/accounts/security/lockouts/")
    page.click("[data-testid=locked-row] button")
    assert "已解锁账号“township”" in page.inner_text(".messages")
    assert page.locator("[data-testid=no-locked]").is_visible()
    page.goto("/accounts/security/roles/")
    page.click("text=设置权限 >> nth=4")
    page.wait_for_selector("[data-testid=role-form]")
    assert_fits(page, viewport)
    screenshot(page, f"account-security-role-{label}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("label", "viewport"), VIEWPORTS)
def test_a_user_revokes_an_api_token_on_my_account(page_factory, personas, label, viewport):
    api = Client()
    tokens = [
        api.post(
            "/api/v1/auth/token",
            {"username": "township", "password": PASSWORD},
            content_type="application/json",
        ).json()["token"]
        for _ in range(2)
    ]
    page = page_factory(viewport)
    login(page, "township")
    page.goto("/accounts/me/")
    assert page.locator("[data-testid=token-row]").count() == 2
    assert tokens[0][:10] in page.inner_text("[data-testid=tokens-card]")
    assert_fits(page, viewport)
    screenshot(page, f"account-tokens-{label}")
    page.locator("[data-testid=token-row]", has_text=tokens[0][:10]).locator("button").click()
    assert "令牌已吊销" in page.inner_text(".messages")
    assert page.locator("[data-testid=token-row]").count() == 1
    headers = {"Authorization": f"Bearer {tokens[0]}"}
    assert Client().get("/api/v1/users/me", headers=headers).status_code == 401
    headers = {"Authorization": f"Bearer {tokens[1]}"}
    assert Client().get("/api/v1/users/me", headers=headers).status_code == 200
