import pytest
from django.core.exceptions import ImproperlyConfigured

from anjian.core.models import AuditEvent, Notification
from config.settings import env
from tests.personas import PASSWORD, login_verified


def test_the_login_page_answers_and_home_requires_login(client, db):
    assert client.get("/accounts/login/").status_code == 200
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_logging_in_shows_the_home_page_and_is_audited(client, personas):
    response = client.post("/accounts/login/", {"username": "township", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "赵镇安" in home.content.decode()
    assert AuditEvent.objects.filter(event_type="auth.login", actor_username="township").exists()


def test_a_wrong_password_shows_one_message_for_every_cause(client, personas):
    wrong = client.post("/accounts/login/", {"username": "township", "password": "x"})
    unknown = client.post("/accounts/login/", {"username": "ghost", "password": "x"})
    assert "用户名或密码错误" in wrong.content.decode()
    assert "用户名或密码错误" in unknown.content.decode()


def test_logout_is_a_post_and_ends_the_session(client, personas):
    client.force_login(personas["township"])
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_the_notification_menu_and_marking_read(client, personas):
    user = personas["township"]
    note = Notification.objects.create(recipient=user, title="隐患逾期提醒", link="/")
    client.force_login(user)
    assert "隐患逾期提醒" in client.get("/notifications/menu/").content.decode()
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_pages_carry_a_strict_content_security_policy(client, personas):
    client.force_login(personas["township"])
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_a_missing_page_uses_the_error_style(client, personas):
    client.force_login(personas["township"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.parametrize(("name", "raw"), [("DEBUG", "maybe"), ("PORTX", "eighty")])
def test_malformed_environment_values_fail_fast(monkeypatch, name, raw):
    monkeypatch.setenv(name, raw)
    with pytest.raises(ImproperlyConfigured):
        env.env_bool(name, False) if name == "DEBUG" else env.env_int(name, 1)


def test_a_malformed_database_url_fails_fast(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://nope")
    with pytest.raises(ImproperlyConfigured):
        env.database("sqlite:///x")


def test_every_static_file_a_page_links_is_served(client, personas):
    """A stylesheet or script that 404s fails silently in the browser; catch it here."""
    import re

    from django.contrib.staticfiles import finders

    client.force_login(personas["township"])
    html = client.get("/").content.decode() + client.get("/accounts/login/").content.decode()
    paths = set(re.findall(r'(?:href|src)="/static/([^"]+)"', html))
    assert {"anjian/app.css", "anjian/app.js"} <= paths
    assert [p for p in paths if finders.find(p) is None] == []


def test_the_home_page_shows_the_cards_of_each_capability(client, personas):
    client.force_login(personas["township"])
    html = client.get("/").content.decode()
    for key in ("hazard-queue", "hazard-overdue", "licences"):
        assert f'data-testid="home-card-{key}"' in html
    client.force_login(personas["other_ent"])
    assert 'data-testid="home-card-licences"' in client.get("/").content.decode()


def test_the_top_bar_groups_entries_by_capability(client, personas):
    client.force_login(personas["township"])
    html = client.get("/").content.decode()
    assert "dropdown-toggle" in html and "隐患统计" in html


@pytest.mark.parametrize("username", ["ent_manager", "ent_principal"])
def test_an_enterprise_reports_a_hazard_from_the_home_page(client, personas, username):
    client.force_login(personas[username])
    html = client.get("/").content.decode()
    assert 'data-testid="home-quick-action"' in html and 'href="/hazards/new/"' in html
    assert "上报隐患" in html


@pytest.mark.parametrize("username", ["township", "sysadmin"])
def test_others_have_no_quick_report_button(client, personas, username):
    login_verified(client, personas[username])
    assert 'data-testid="home-quick-action"' not in client.get("/").content.decode()
