"""Login security: lockout, the three administrators, session timeouts, idle accounts."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from anjian.accounts import services, services_security
from anjian.accounts.models import Role, User, UserRole
from anjian.core import tick
from anjian.core.errors import Invalid
from anjian.core.models import AuditEvent
from tests.personas import PASSWORD

BAD = "用户名或密码错误"


def _login(client, password, username="township", ip="10.0.0.7"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_five_failures_lock_the_account_with_the_same_message(client, personas):
    for _ in range(5):
        assert BAD in _login(client, "wrong").content.decode()
    response = _login(client, PASSWORD)  # the right password, now refused
    assert response.status_code == 200 and BAD in response.content.decode()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(event_type="auth.lockout", object_id="township").exists()


def test_the_lock_holds_at_that_address_for_the_api_too_but_not_elsewhere(client, personas):
    for _ in range(5):
        _login(client, "wrong", ip="10.0.0.8")

    def token(ip):
        return client.post(
            "/api/v1/auth/token",
            {"username": "TOWNSHIP", "password": PASSWORD},
            content_type="application/json",
            REMOTE_ADDR=ip,
        )

    refused = token("10.0.0.8")
    assert refused.status_code == 401 and BAD in refused.json()["message"]
    assert token("10.0.0.9").status_code == 200  # the owner, elsewhere, is not locked out
    assert _login(client, PASSWORD, ip="10.0.0.9").status_code == 302


def test_the_lock_lasts_thirty_minutes(client, personas):
    for _ in range(5):
        _login(client, "wrong")
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert BAD in _login(client, PASSWORD).content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert _login(client, PASSWORD).status_code == 302


def test_the_security_administrator_unlocks_and_it_is_audited(client, personas):
    for _ in range(5):
        _login(client, "wrong")
    services_security.account_unlock(actor=personas["secadmin"], username="township")
    assert _login(client, PASSWORD).status_code == 302
    event = AuditEvent.objects.get(event_type="auth.unlock")
    assert event.actor_username == "secadmin" and event.object_id == "township"


def test_a_success_resets_the_consecutive_failure_count(client, personas):
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302


def test_two_administrator_roles_on_one_account_fail_in_the_database(personas):
    user = personas["sysadmin"]
    audit_role = Role.objects.get(code="auditadmin")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserRole.objects.create(user=user, role=audit_role, admin_kind=audit_role.admin_kind)


def test_the_service_reports_the_separation_of_duties_in_chinese(personas):
    roles = [Role.objects.get(code="sysadmin"), Role.objects.get(code="auditadmin")]
    with pytest.raises(Invalid, match="三权分立"):
        services.user_set_roles(actor=personas["secadmin"], user=personas["grid"], roles=roles)


def test_only_the_security_administrator_hands_out_administrator_roles(personas):
    from anjian.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.user_set_roles(
            actor=personas["sysadmin"],
            user=personas["grid"],
            roles=[Role.objects.get(code="auditadmin")],
        )


def test_a_superuser_flag_grants_nothing(personas):
    user = personas["grid"]
    user.is_superuser = True
    user.save()
    user = User.objects.get(pk=user.pk)
    assert not user.has_perm("core.view_auditevent")
    assert not user.has_perm("accounts.add_user")


def test_usernames_are_unique_regardless_of_case(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="TownShip")


def test_an_idle_session_expires_after_thirty_minutes(client, personas):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert _login(client, PASSWORD).status_code == 302
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200  # activity renews the idle clock
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert AuditEvent.objects.filter(event_type="auth.session.expired", reason="idle").exists()


def test_a_session_ends_after_twelve_hours_however_active(client, personas):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _login(client, PASSWORD)
    for minutes in range(25, 12 * 60, 25):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=5), tick=False):
        assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(event_type="auth.session.expired", reason="absolute").exists()


def test_accounts_idle_for_ninety_days_are_disabled_by_tick(personas):
    active = personas["city"]
    User.objects.filter(pk=active.pk).update(last_login=timezone.now())
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        User.objects.filter(pk=active.pk).update(last_login=timezone.now() - timedelta(days=2))
        results = {r.name: r for r in tick.run(["accounts.deactivate_idle"])}
    # every demo account but the city officer's: the personas and the enterprise staff
    assert results["accounts.deactivate_idle"].count == User.objects.count() - 1
    assert User.objects.get(pk=active.pk).is_active
    assert not User.objects.get(pk=personas["township"].pk).is_active
    assert AuditEvent.objects.filter(event_type="account.disable.idle").count() >= 10


def test_a_disabled_account_cannot_log_in(client, personas):
    services.user_set_active(actor=personas["sysadmin"], user=personas["township"], active=False)
    assert BAD in _login(client, PASSWORD).content.decode()


def test_the_first_administrators_come_from_the_command_line(db, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("ANJIAN_BOOTSTRAP_PASSWORD", "Boot-Strap-2026!")
    call_command("bootstrap_admin", username="root_sys", kind="system")
    user = User.objects.get(username="root_sys")
    assert user.must_change_password and user.admin_kind == "system"
    assert user.scope.kind == "admin"
    assert AuditEvent.objects.filter(event_type="account.bootstrap").exists()


def test_the_system_administrator_cannot_touch_administrator_accounts(personas):
    from anjian.core.errors import Forbidden

    for call in (
        lambda: services.user_set_active(
            actor=personas["sysadmin"], user=personas["auditadmin"], active=False
        ),
        lambda: services.user_reset_password(actor=personas["sysadmin"], user=personas["secadmin"]),
        lambda: services.user_update(
            actor=personas["sysadmin"], user=personas["auditadmin"], display_name="x"
        ),
    ):
        with pytest.raises(Forbidden):
            call()
