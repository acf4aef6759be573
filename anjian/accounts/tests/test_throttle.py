"""Lockout without denial of service: an address failing across usernames is throttled (429,
Retry-After), a username attacked from many addresses is slowed down rather than locked, and the
security administrators hear of it once per burst."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from anjian.accounts.throttle import address_wait, username_wait
from anjian.core.models import AuditEvent, Notification
from tests.personas import PASSWORD

ATTACKER = "10.6.6.6"


def login(client, username, password, ip):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def token(client, username, password, ip):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def test_an_address_failing_across_usernames_gets_429_with_retry_after(
    personas, django_capture_on_commit_callbacks
):
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for i in range(30):
            assert login(client, f"guess{i}", "wrong", ATTACKER).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            page = login(client, "township", PASSWORD, ATTACKER)  # even the right password
            api = token(client, "district", PASSWORD, ATTACKER)
    assert page.status_code == 429 and "此地址登录失败次数过多" in page.content.decode()
    assert page["Retry-After"] == str(30 * 60)
    assert api.status_code == 429 and api["Retry-After"] == str(30 * 60)
    body = api.json()
    assert body["code"] == "rate_limited" and "分钟后再试" in body["message"]
    assert set(body) == {"code", "message", "details"}
    with time_machine.travel(start, tick=False):
        assert login(client, "township", PASSWORD, "10.0.0.1").status_code == 302  # others not
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert login(Client(), "township", PASSWORD, ATTACKER).status_code == 302
    # one burst, one audit event and one message to each security administrator
    assert AuditEvent.objects.filter(event_type="auth.throttle", object_id=ATTACKER).count() == 1
    notes = Notification.objects.filter(title__contains=ATTACKER)
    assert [n.recipient.username for n in notes] == ["secadmin"]
    assert notes.get().level == Notification.Level.DANGER


def test_a_username_attacked_from_many_addresses_is_slowed_not_locked(personas):
    client = Client()
    start = timezone.now()

    def at(seconds):
        return time_machine.travel(start + timedelta(seconds=seconds), tick=False)

    with at(0):
        for i in range(10):  # one guess from each address: never a lock
            assert login(client, "township", "wrong", f"10.7.0.{i}").status_code == 200
        assert login(client, "township", "wrong", "10.7.0.10")["Retry-After"] == "1"
    with at(1):
        assert login(client, "township", "wrong", "10.7.0.11").status_code == 200
    with at(2):
        assert login(client, "township", "wrong", "10.7.0.12")["Retry-After"] == "1"
    with at(3):
        assert login(client, "township", "wrong", "10.7.0.13").status_code == 200
        refused = login(client, "township", PASSWORD, "10.8.0.1")  # 12 failures: 4 s
        assert refused.status_code == 429 and refused["Retry-After"] == "4"
        assert "该账号近期登录失败次数过多" in refused.content.decode()
        api = token(client, "TownShip", PASSWORD, "10.8.0.2")
        assert api.status_code == 429 and api.json()["code"] == "rate_limited"
    with at(7):
        assert login(client, "township", PASSWORD, "10.8.0.1").status_code == 302
    event = AuditEvent.objects.get(event_type="auth.throttle")
    assert event.object_id == "township" and event.result == "denied"


def test_the_owner_at_a_known_address_is_not_slowed(personas):
    owner = Client()
    assert login(owner, "township", PASSWORD, "10.0.0.1").status_code == 302
    owner.logout()
    attacker = Client()
    for i in range(14):
        login(attacker, "township", "wrong", f"10.7.1.{i}")
    assert login(attacker, "township", PASSWORD, "10.7.9.9").status_code == 429
    assert login(owner, "township", PASSWORD, "10.0.0.1").status_code == 302


def test_throttled_attempts_do_not_count_as_failures(personas):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False):
        for i in range(30):
            login(client, f"guess{i}", "wrong", ATTACKER)
        for _ in range(10):
            assert login(client, "township", "wrong", ATTACKER).status_code == 429
    assert not AuditEvent.objects.filter(
        event_type="auth.login.failure", actor_username="township"
    ).exists()


def test_the_waits_double_up_to_the_cap_and_age_out_of_the_window():
    now = timezone.now()
    assert username_wait(9, now, 10, 300, now) == 0
    assert [username_wait(n, now, 10, 300, now) for n in (10, 11, 12, 18, 19, 10**9)] == [
        1,
        2,
        4,
        256,
        300,
        300,
    ]
    assert username_wait(12, now - timedelta(seconds=3), 10, 300, now) == 1
    window = timedelta(minutes=30)
    failures = [(now - timedelta(minutes=20), 10), (now - timedelta(minutes=5), 20)]
    assert address_wait(failures, 31, window, now) == 0
    assert address_wait(failures, 30, window, now) == 10 * 60  # when the older ten age out
    assert address_wait(failures, 10, window, now) == 25 * 60


def test_a_login_body_that_does_not_parse_is_left_to_the_view(personas):
    client = Client()
    for body, content_type in [
        (b"{not json", "application/json"),
        (b'["township"]', "application/json"),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
    ]:
        for path in ("/api/v1/auth/token", "/accounts/login/"):
            response = client.post(path, body, content_type=content_type)
            assert response.status_code < 500, (path, body)


def test_lockouts_are_told_to_the_security_administrators_once_per_window(
    personas, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        for username in ("township", "district"):
            for _ in range(5):
                login(client, username, "wrong", "10.5.0.1")
    notes = Notification.objects.filter(title="有账号因连续登录失败被锁定")
    assert [n.recipient.username for n in notes] == ["secadmin"]
    assert "township" in notes.get().body
    locks = AuditEvent.objects.filter(event_type="auth.lockout")
    assert set(locks.values_list("object_id", flat=True)) == {"township", "district"}
