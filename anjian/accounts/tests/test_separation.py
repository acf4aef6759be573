"""三权分立 for accounts: the system administrator creates and maintains accounts but gives no
role and never learns a password; the security administrator gives roles and passwords."""

import pytest
from django.test import Client

from anjian.accounts import services
from anjian.accounts.models import Role, User, UserSession
from anjian.core.errors import Forbidden, Invalid
from anjian.core.models import AuditEvent
from tests.personas import PASSWORD, login_verified

NEW = "Fresh-Passw0rd#7"


def role(code):
    return Role.objects.get(code=code)


@pytest.fixture
def newcomer(personas):
    return services.user_create(
        actor=personas["sysadmin"],
        username="xiaoli",
        display_name="李小安",
        organisation=personas["city"].organisation,
    )


@pytest.fixture
def secadmin(client, personas):
    login_verified(client, personas["secadmin"])
    return client


def test_a_created_account_cannot_log_in_before_it_has_roles(newcomer):
    client = Client()
    for password in ("", PASSWORD, "Tmp-anything9a"):
        client.post("/accounts/login/", {"username": "xiaoli", "password": password})
        assert client.get("/").status_code == 302


def test_the_system_administrator_neither_gives_roles_nor_resets_passwords(personas, newcomer):
    sysadmin = personas["sysadmin"]
    with pytest.raises(Forbidden, match="安全管理员"):
        services.user_set_roles(actor=sysadmin, user=newcomer, roles=[role("city_officer")])
    with pytest.raises(Forbidden, match="安全管理员"):
        services.user_reset_password(actor=sysadmin, user=personas["township"])
    assert not newcomer.roles.exists()


def test_the_system_administrator_finds_the_role_pages_closed(client, personas, newcomer):
    login_verified(client, personas["sysadmin"])
    base = f"/accounts/security/users/{newcomer.pk}/"
    assert client.get("/accounts/security/users/").status_code == 403
    assert client.post(base, {"roles": [role("city_officer").pk]}).status_code == 403
    assert client.post(base + "reset-password/").status_code == 403
    assert not newcomer.roles.exists()


def test_the_first_roles_come_with_a_one_time_password_shown_once(secadmin, personas, newcomer):
    url = f"/accounts/security/users/{newcomer.pk}/"
    assert "待发放初始密码" in secadmin.get(url).content.decode()
    response = secadmin.post(url, {"roles": [role("city_officer").pk]})
    password = response.context["password"]
    assert password in response.content.decode() and "no-store" in response["Cache-Control"]
    newcomer.refresh_from_db()
    assert newcomer.check_password(password) and newcomer.must_change_password
    assert [r.code for r in newcomer.roles.all()] == ["city_officer"]
    event = AuditEvent.objects.get(event_type="account.roles")
    assert event.actor_username == "secadmin" and event.after == ["city_officer"]
    assert password not in str(event.after) + str(event.before) + event.reason
    again = secadmin.post(url, {"roles": [role("city_officer").pk, role("expert").pk]})
    assert again.status_code == 302  # more roles later: no new password
    newcomer.refresh_from_db()
    assert newcomer.check_password(password)


def test_a_password_known_before_the_first_roles_dies_with_its_sessions(personas, newcomer):
    """Whoever set the account's password before it had roles loses it when roles come."""
    newcomer.set_password(NEW)
    newcomer.must_change_password = False
    newcomer.save()
    before = Client()
    before.force_login(newcomer)
    assert UserSession.objects.filter(user=newcomer).exists()
    _, password = services.user_set_roles(
        actor=personas["secadmin"], user=newcomer, roles=[role("city_officer")]
    )
    newcomer.refresh_from_db()
    assert password and not newcomer.check_password(NEW)
    assert not UserSession.objects.filter(user=newcomer).exists()
    assert before.get("/").status_code == 302  # the old browser is signed out


def test_a_new_account_changes_its_password_before_anything_else(secadmin, personas, newcomer):
    response = secadmin.post(
        f"/accounts/security/users/{newcomer.pk}/", {"roles": [role("city_officer").pk]}
    )
    password = response.context["password"]
    api = Client()
    refused = api.post(
        "/api/v1/auth/token",
        {"username": "xiaoli", "password": password},
        content_type="application/json",
    )
    assert refused.status_code == 403 and refused.json()["code"] == "password_change_required"
    browser = Client()
    browser.post("/accounts/login/", {"username": "xiaoli", "password": password})
    assert browser.get("/hazards/")["Location"] == "/accounts/password/"
    assert browser.get("/api/v1/hazards").status_code == 403
    data = {"old_password": password, "new_password": NEW, "new_password2": NEW}
    assert browser.post("/accounts/password/", data).status_code == 302
    assert browser.get("/api/v1/hazards").status_code == 200
    token = api.post(
        "/api/v1/auth/token",
        {"username": "xiaoli", "password": NEW},
        content_type="application/json",
    )
    assert token.status_code == 200


def test_a_grid_role_needs_the_grid_set_by_the_system_administrator(secadmin, newcomer):
    response = secadmin.post(
        f"/accounts/security/users/{newcomer.pk}/", {"roles": [role("grid_officer").pk]}
    )
    assert "负责网格" in response.context["form"].errors["roles"][0]
    assert not newcomer.roles.exists()


def test_the_security_administrator_cannot_change_their_own_roles(personas):
    me = personas["secadmin"]
    with pytest.raises(Forbidden):
        services.user_set_roles(actor=me, user=me, roles=[role("secadmin"), role("city_officer")])


def test_one_administrator_role_per_account_is_reported_on_the_form(secadmin, personas):
    grid = personas["grid"]
    roles = [role("sysadmin").pk, role("auditadmin").pk]
    response = secadmin.post(f"/accounts/security/users/{grid.pk}/", {"roles": roles})
    assert "三权分立" in response.context["form"].errors["roles"][0]
    with pytest.raises(Invalid):
        services.user_set_roles(
            actor=personas["secadmin"], user=grid, roles=[role("sysadmin"), role("auditadmin")]
        )


def test_a_password_reset_asks_first_then_shows_the_new_password_once(secadmin, personas):
    user = personas["township"]
    url = f"/accounts/security/users/{user.pk}/reset-password/"
    assert "确认重置" in secadmin.get(url).content.decode()
    user.refresh_from_db()
    assert not user.must_change_password  # the GET changed nothing
    response = secadmin.post(url)
    password = response.context["password"]
    assert password in response.content.decode() and "no-store" in response["Cache-Control"]
    user.refresh_from_db()
    assert user.check_password(password) and user.must_change_password
    assert AuditEvent.objects.filter(event_type="account.password.reset").count() == 1
    assert User.objects.get(username="township").must_change_password
