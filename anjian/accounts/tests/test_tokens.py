"""API tokens: they die on logout, password change and reset, revocation, disabling and idleness;
a one-time or expired password gets none."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from anjian.accounts import services, services_tokens
from anjian.accounts.models import ApiToken, User
from anjian.core.errors import Forbidden
from anjian.core.models import AuditEvent
from tests.personas import PASSWORD, login_verified

from .test_api import assert_error_shape, token_for

ME = "/api/v1/users/me"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def works(_client, token) -> bool:
    """Whether the token alone opens the API (a fresh client: no session cookie to fall back on)."""
    response = Client().get(ME, headers=bearer(token))
    assert response.status_code in (200, 401), response.content
    if response.status_code == 401:
        assert_error_shape(response, 401, "unauthenticated")
    return response.status_code == 200


def revocations(reason):
    return AuditEvent.objects.filter(event_type="auth.token.revoke", reason=reason)


def test_logout_kills_that_token_only(client, personas):
    first, second = token_for(client, "township"), token_for(client, "township")
    response = client.delete("/api/v1/auth/token", headers=bearer(first))
    assert response.status_code == 204
    assert not works(client, first) and works(client, second)
    assert client.delete("/api/v1/auth/token", headers=bearer(first)).status_code == 401
    event = revocations("logout").get()
    assert event.actor_username == "township" and event.after == {"tokens": 1}


def test_a_browser_session_cannot_log_a_token_out(client, personas):
    client.force_login(personas["township"])
    assert_error_shape(client.delete("/api/v1/auth/token"), 401, "unauthenticated")


def test_a_password_change_kills_every_token_of_the_user(client, personas):
    tokens = [token_for(client, "township") for _ in range(2)]
    other = token_for(client, "district")
    services.password_change(
        user=personas["township"], old_password=PASSWORD, new_password="Fresh-Passw0rd#9"
    )
    assert not any(works(client, t) for t in tokens)
    assert works(client, other)
    assert revocations("password_change").get().after == {"tokens": 2}


def test_the_password_page_kills_the_tokens_too(client, personas):
    token = token_for(client, "township")
    client.force_login(personas["township"])
    new = "Fresh-Passw0rd#9"
    data = {"old_password": PASSWORD, "new_password": new, "new_password2": new}
    assert client.post("/accounts/password/", data).status_code == 302
    assert not works(client, token)


def test_an_administrator_reset_kills_every_token(client, personas):
    token = token_for(client, "township")
    login_verified(client, personas["secadmin"])
    response = client.post(f"/accounts/security/users/{personas['township'].pk}/reset-password/")
    assert response.status_code == 200 and response.context["password"]
    assert not works(client, token)
    assert revocations("password_reset").get().actor_username == "secadmin"


def test_disabling_an_account_kills_its_tokens(client, personas):
    token = token_for(client, "township")
    services.user_set_active(actor=personas["sysadmin"], user=personas["township"], active=False)
    services.user_set_active(actor=personas["sysadmin"], user=personas["township"], active=True)
    assert not works(client, token)  # enabling again does not bring the token back
    assert revocations("disable").exists()


def test_the_owner_lists_and_revokes_a_token_on_my_account(client, personas):
    token = token_for(client, "township")
    kept = token_for(client, "township")
    client.force_login(personas["township"])
    page = client.get("/accounts/me/")
    rows = page.context["tokens"]
    assert [r["row"].prefix for r in rows] == [kept[:10], token[:10]]
    assert token[:10] in page.content.decode()
    pk = ApiToken.objects.get(prefix=token[:10]).pk
    assert client.post("/accounts/tokens/revoke/", {"token": pk}).status_code == 302
    assert not works(client, token) and works(client, kept)
    assert revocations("self").get().actor_username == "township"
    assert [r["row"].prefix for r in client.get("/accounts/me/").context["tokens"]] == [kept[:10]]


def test_nobody_revokes_another_users_token_from_my_account(client, personas):
    token = token_for(client, "township")
    client.force_login(personas["district"])
    pk = ApiToken.objects.get(prefix=token[:10]).pk
    client.post("/accounts/tokens/revoke/", {"token": pk})
    assert works(client, token)


def test_the_security_administrator_revokes_any_users_tokens(client, personas):
    tokens = [token_for(client, "ent_manager") for _ in range(3)]
    login_verified(client, personas["secadmin"])
    url = f"/accounts/security/users/{personas['ent_manager'].pk}/"
    page = client.get(url)
    assert len(page.context["tokens"]) == 3
    one = ApiToken.objects.get(prefix=tokens[0][:10]).pk
    assert client.post(url + "tokens/revoke/", {"token": one}).status_code == 302
    assert not works(client, tokens[0]) and works(client, tokens[1])
    client.post(url + "tokens/revoke/")
    assert not any(works(client, t) for t in tokens)
    assert [e.after["tokens"] for e in revocations("security_admin").order_by("id")] == [1, 2]


def test_the_system_administrator_cannot_revoke_tokens(client, personas):
    token = token_for(client, "township")
    login_verified(client, personas["sysadmin"])
    url = f"/accounts/security/users/{personas['township'].pk}/tokens/revoke/"
    assert client.post(url).status_code == 403
    with pytest.raises(Forbidden):
        services_tokens.token_revoke(actor=personas["sysadmin"], user=personas["township"])
    assert works(client, token)


def test_a_token_dies_after_the_session_idle_time(client, personas):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = token_for(client, "township")
    for minutes in (29, 58, 87):  # each call renews the idle clock, as for a session
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert works(client, token)
    with time_machine.travel(start + timedelta(minutes=87 + 30), tick=False):
        assert not works(client, token)
    assert revocations("idle").get().after == {"tokens": 1}
    assert ApiToken.objects.get(prefix=token[:10]).revoked_reason == "idle"


def test_a_one_time_password_gets_no_token_only_a_message(client, personas):
    User.objects.filter(username="township").update(must_change_password=True)
    response = client.post(
        "/api/v1/auth/token",
        {"username": "township", "password": PASSWORD},
        content_type="application/json",
    )
    body = assert_error_shape(response, 403, "password_change_required")
    assert "修改密码" in body["message"]
    assert not ApiToken.objects.filter(user=personas["township"]).exists()
    assert AuditEvent.objects.filter(event_type="auth.token.refuse").exists()


def test_an_expired_password_gets_no_token(client, personas):
    User.objects.filter(username="township").update(
        password_changed_at=timezone.now() - timedelta(days=91)
    )
    response = client.post(
        "/api/v1/auth/token",
        {"username": "township", "password": PASSWORD},
        content_type="application/json",
    )
    assert_error_shape(response, 403, "password_change_required")


def test_a_password_that_expires_stops_the_token_it_had(client, personas):
    token = token_for(client, "township")
    User.objects.filter(username="township").update(
        password_changed_at=timezone.now() - timedelta(days=91)
    )
    response = client.get(ME, headers=bearer(token))
    assert_error_shape(response, 403, "password_change_required")


def test_a_must_change_session_is_refused_everything_on_the_api(client, personas):
    User.objects.filter(username="township").update(must_change_password=True)
    client.force_login(User.objects.get(username="township"))
    for url in (ME, "/api/v1/notifications", "/api/v1/hazards"):
        assert_error_shape(client.get(url), 403, "password_change_required")
    assert client.get("/").status_code == 302  # and the pages send it to the password page
