import pytest

from anjian.core.models import AuditEvent, Notification
from tests.personas import PASSWORD, login_verified, otp_code


def token_for(client, username, otp=""):
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD, "otp": otp},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def assert_error_shape(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])  # a Chinese message
    return body


@pytest.mark.parametrize("username", ["township", "ent_manager", "district", "sector"])
def test_demo_accounts_get_a_token_that_authenticates(client, personas, username):
    token = token_for(client, username)
    me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["username"] == username


def test_administrators_need_the_second_factor_for_a_token(client, personas):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "auditadmin", "password": PASSWORD},
        content_type="application/json",
    )
    assert_error_shape(response, 401, "otp_required")
    assert token_for(client, "auditadmin", otp=otp_code(personas["auditadmin"]))


def test_usernames_are_case_insensitive(client, personas):
    assert token_for(client, "TownShip")


def test_a_bad_password_is_rejected_in_the_error_shape_and_audited(client, personas):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "township", "password": "wrong"},
        content_type="application/json",
    )
    body = assert_error_shape(response, 401, "unauthenticated")
    unknown = client.post(
        "/api/v1/auth/token",
        {"username": "nobody", "password": "wrong"},
        content_type="application/json",
    )
    assert unknown.json()["message"] == body["message"]  # no hint whether the user exists
    assert AuditEvent.objects.filter(event_type="auth.login.failure").count() == 2


def test_a_missing_field_is_422_naming_the_field(client, db):
    response = client.post("/api/v1/auth/token", {"username": "x"}, content_type="application/json")
    body = assert_error_shape(response, 422, "invalid")
    assert body["details"]["errors"][0]["field"] == "password"
    assert "password" in body["message"]


def test_no_credentials_is_401_and_a_bad_token_too(client, db):
    assert_error_shape(client.get("/api/v1/users/me"), 401, "unauthenticated")
    bad = client.get("/api/v1/users/me", headers={"Authorization": "Bearer aj_nope"})
    assert_error_shape(bad, 401, "unauthenticated")


def test_the_audit_log_is_readable_by_the_audit_administrator_only(client, personas):
    for username in ["sysadmin", "secadmin"]:
        login_verified(client, personas[username])
        assert_error_shape(client.get("/api/v1/audit/events"), 403, "forbidden")
    for username in ["city", "ent_manager"]:
        client.force_login(personas[username])
        assert_error_shape(client.get("/api/v1/audit/events"), 403, "forbidden")
    login_verified(client, personas["auditadmin"])
    response = client.get("/api/v1/audit/events?with_count=true&limit=2")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "next_cursor", "count"}
    assert body["count"] == AuditEvent.objects.count()


def test_lists_page_with_a_cursor_until_the_end(client, personas):
    user = personas["township"]
    Notification.objects.filter(recipient=user).delete()
    Notification.objects.bulk_create(
        [Notification(recipient=user, title=f"n{i}") for i in range(7)]
    )
    token = token_for(client, "township")
    headers = {"Authorization": f"Bearer {token}"}
    seen, cursor = [], None
    while True:
        url = "/api/v1/notifications?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url, headers=headers).json()
        assert "count" not in body
        seen += [item["title"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"n{i}" for i in reversed(range(7))]


def test_list_limits_and_cursors_are_validated(client, personas):
    client.force_login(personas["township"])
    assert_error_shape(client.get("/api/v1/notifications?limit=201"), 422, "invalid")
    assert_error_shape(client.get("/api/v1/notifications?cursor=@@@"), 422, "invalid")


def test_session_api_calls_need_csrf_for_writes(personas):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas["township"])
    note = Notification.objects.create(recipient=personas["township"], title="x")
    response = strict.post(f"/api/v1/notifications/{note.pk}/read")
    assert response.status_code in (401, 403)


def test_another_users_notification_is_404(client, personas):
    note = Notification.objects.create(recipient=personas["township"], title="x")
    client.force_login(personas["district"])
    assert_error_shape(client.post(f"/api/v1/notifications/{note.pk}/read"), 404, "not_found")


def test_the_openapi_schema_and_docs_are_served(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and "/api/v1/auth/token" in schema.json()["paths"]
    assert client.get("/api/docs").status_code == 200
