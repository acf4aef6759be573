"""Security administrator pages: roles and permissions, policy, lockouts; nobody else gets in."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from anjian.accounts import policy
from anjian.accounts.models import Role
from anjian.core.models import AuditEvent
from tests.personas import PASSWORD, login_verified

PAGES = [
    "/accounts/security/roles/",
    "/accounts/security/users/",
    "/accounts/security/policy/",
    "/accounts/security/lockouts/",
]


@pytest.fixture
def secadmin(client, personas):
    login_verified(client, personas["secadmin"])
    return client


def role_codes(role):
    return {f"{p.content_type.app_label}.{p.codename}" for p in role.permissions.all()}


def policy_data(**changes):
    current = policy.current()
    data = {
        name: getattr(current, name)
        for name in (
            "min_length",
            "min_classes",
            "expiry_days",
            "history",
            "lockout_failures",
            "lockout_minutes",
            "idle_minutes",
            "absolute_hours",
            "inactive_days",
        )
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("path", PAGES)
def test_the_security_administrator_opens_every_page(secadmin, path):
    response = secadmin.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("username", ["sysadmin", "auditadmin", "city", "ent_manager"])
@pytest.mark.parametrize("path", [*PAGES, "/accounts/security/roles/1/"])
def test_nobody_else_gets_in_and_the_refusal_is_audited(client, personas, username, path):
    login_verified(client, personas[username])
    assert client.get(path).status_code == 403
    denied = AuditEvent.objects.get(event_type="authz.denied", actor_username=username)
    assert denied.result == "denied" and path in denied.reason


def test_unlock_refuses_others_too(client, personas):
    login_verified(client, personas["sysadmin"])
    response = client.post("/accounts/security/lockouts/unlock/", {"username": "township"})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(event_type="auth.unlock").exists()


def test_the_roles_page_lists_roles_with_chinese_permission_names(secadmin):
    page = secadmin.get("/accounts/security/roles/").content.decode()
    assert "乡镇安全站人员" in page and "审计管理员" in page
    role = Role.objects.get(code="township_officer")
    page = secadmin.get(f"/accounts/security/roles/{role.pk}/").content.decode()
    assert "查看企业" in page or "查看生产经营单位" in page
    assert "可解除账号锁定" in page and "可导出审计日志" in page
    assert "Can " not in page
    assert "core.view_notification" not in page  # core shows only the audit-log permissions


def test_every_grantable_permission_has_a_chinese_name_and_no_code_is_shown(secadmin):
    import re

    from anjian.accounts.forms_account import permission_groups

    labels = [label for _, items in permission_groups() for _, label in items]
    assert len(labels) > 40
    for label in labels:
        assert re.search(r"[\u4e00-\u9fff]", label) and not re.search(r"[A-Za-z]{3,}", label), label
    assert "查看实时数据" in labels and "新增reading" not in labels
    role = Role.objects.get(code="district_officer")
    page = secadmin.get(f"/accounts/security/roles/{role.pk}/").content.decode()
    visible = re.sub(r"<[^>]+>", " ", page)
    assert "hazards.view_hazard" not in visible and "view_hazard" not in visible
    roles = re.sub(r"<[^>]+>", " ", secadmin.get("/accounts/security/roles/").content.decode())
    assert "district_officer" not in roles
    assert "accounts.add_usersession" not in page  # bookkeeping tables grant nothing


def test_saving_a_role_changes_its_permissions_and_is_audited(secadmin):
    role = Role.objects.get(code="township_officer")
    wanted = sorted(role_codes(role) - {"enterprises.add_enterprise"})
    response = secadmin.post(f"/accounts/security/roles/{role.pk}/", {"permissions": wanted})
    assert response.status_code == 302 and response.url == "/accounts/security/roles/"
    assert role_codes(role) == set(wanted)
    event = AuditEvent.objects.get(event_type="role.permissions", object_id=str(role.pk))
    assert "enterprises.add_enterprise" in event.before
    assert "enterprises.add_enterprise" not in event.after


def test_audit_log_rights_go_only_to_the_audit_administrator_role(secadmin):
    role = Role.objects.get(code="city_officer")
    before = role_codes(role)
    response = secadmin.post(
        f"/accounts/security/roles/{role.pk}/",
        {"permissions": [*before, "core.view_auditevent"]},
    )
    assert response.status_code == 200
    assert "只能授予审计管理员角色" in response.content.decode()
    assert role_codes(role) == before


def test_the_security_administrator_cannot_lock_themselves_out_of_roles(secadmin):
    role = Role.objects.get(code="secadmin")
    wanted = sorted(role_codes(role) - {"accounts.change_role"})
    response = secadmin.post(f"/accounts/security/roles/{role.pk}/", {"permissions": wanted})
    assert "不能移除您本人管理角色所依赖的权限" in response.content.decode()


def test_an_unknown_permission_code_is_refused(secadmin):
    role = Role.objects.get(code="township_officer")
    response = secadmin.post(
        f"/accounts/security/roles/{role.pk}/", {"permissions": ["auth.add_user"]}
    )
    assert "不可授予" in response.content.decode()


def test_the_policy_form_saves_and_is_audited(secadmin):
    data = policy_data(min_length=12, lockout_failures=6)
    response = secadmin.post("/accounts/security/policy/", data)
    assert response.status_code == 302
    assert policy.current().min_length == 12 and policy.current().lockout_failures == 6
    event = AuditEvent.objects.get(event_type="settings.security_policy")
    assert event.before["min_length"] == 8 and event.after["min_length"] == 12


def test_a_policy_below_the_level_3_floor_is_refused_on_the_field(secadmin):
    response = secadmin.post("/accounts/security/policy/", policy_data(min_length=6))
    page = response.content.decode()
    assert response.status_code == 200
    assert "不得小于 8 位" in page and 'value="6"' in page  # message on the field, input kept
    assert policy.current().min_length == 8
    assert not AuditEvent.objects.filter(event_type="settings.security_policy").exists()


def fail_logins(username, times):
    stranger = Client()
    for _ in range(times):
        stranger.post("/accounts/login/", {"username": username, "password": "wrong-password"})


def test_a_locked_account_is_listed_then_unlocked(secadmin, personas):
    fail_logins("township", 5)
    fail_logins("district", 2)
    page = secadmin.get("/accounts/security/lockouts/").content.decode()
    assert page.count('data-testid="locked-row"') == 1
    locked_part = page.split('data-testid="recent-card"')[0]
    assert "township" in locked_part and "district" not in locked_part
    assert "district" in page  # recent failures, not locked
    assert AuditEvent.objects.filter(event_type="auth.lockout").exists()

    response = secadmin.post("/accounts/security/lockouts/unlock/", {"username": "township"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="township").exists()
    assert AuditEvent.objects.get(event_type="auth.unlock").object_id == "township"
    page = secadmin.get("/accounts/security/lockouts/").content.decode()
    assert 'data-testid="no-locked"' in page
    again = Client()
    response = again.post("/accounts/login/", {"username": "township", "password": PASSWORD})
    assert response.status_code == 302


def test_the_security_administrator_sees_only_security_entries_and_no_business_data(
    secadmin,
):
    home = secadmin.get("/").content.decode()
    for label in ("角色与权限", "安全策略", "账号解锁", "账号安全"):
        assert label in home
    assert "审计日志" not in home and "企业台帐" not in home
    assert secadmin.get("/enterprises/").status_code in (403, 404)


def test_business_users_do_not_see_the_security_entries(client, personas):
    client.force_login(personas["city"])
    home = client.get("/").content.decode()
    assert "角色与权限" not in home and "安全策略" not in home and "审计日志" not in home


def test_the_lockout_page_counts_as_the_audit_log_does(secadmin, personas):
    fail_logins("township", 7)  # five failures lock the account; two more are refused unchecked
    failures = AuditEvent.objects.filter(event_type="auth.login.failure", actor_username="township")
    assert failures.filter(reason="credentials").count() == 5
    assert failures.filter(reason="locked", result="denied").count() == 2
    assert AuditEvent.objects.filter(event_type="auth.lockout", object_id="township").count() == 1
    page = secadmin.get("/accounts/security/lockouts/").content.decode()
    detail = page.split('data-testid="locked-detail">')[1].split("</div>")[0]
    assert "登录失败 5 次" in detail and "锁定期间又尝试 2 次" in detail
