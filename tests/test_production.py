"""The documented production start works: collectstatic with the manifest storage, then gunicorn
with `config.settings.production` (on a throwaway SQLite database and a free port) serves the
login page, a page after login, a static file and the API, and refuses without a traceback."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "Prod-Check-Passw0rd!"


def test_only_the_files_pages_use_are_collected_from_the_npm_packages():
    from anjian.core.staticfiles import VendorFinder, missing_vendor_files

    listed = {
        f"{storage.prefix}/{path}" for path, storage in VendorFinder().list(ignore_patterns=[])
    }
    assert {"vendor/tabler/css/tabler.min.css", "vendor/leaflet/images/marker-icon.png"} <= listed
    assert "vendor/icons/outline/plus.svg" in listed
    assert not [p for p in listed if p.endswith(".map") or p.startswith("vendor/tabler/libs/")]
    assert VendorFinder().find("vendor/htmx/htmx.min.js").endswith("htmx.org/dist/htmx.min.js")
    assert VendorFinder().find("vendor/htmx/htmx.js") is None  # in the package, not used
    assert missing_vendor_files() == []


def test_a_vendor_file_that_is_gone_is_named_by_the_system_check(settings, tmp_path):
    from anjian.core.checks import front_end_installed

    settings.VENDOR_STATIC = {"vendor/x": (tmp_path, ["x.min.js"])}
    (warning,) = front_end_installed(None)
    assert warning.id == "anjian.W001"
    assert f"{tmp_path}/x.min.js" in warning.hint


def test_the_manifest_storage_hashes_a_file_whose_source_map_is_missing(tmp_path):
    from anjian.core.staticfiles import ManifestStorage

    storage = ManifestStorage(location=str(tmp_path), base_url="/static/")
    (tmp_path / "app.js").write_text("run();\n//# sourceMappingURL=app.js.map\n")
    (tmp_path / "app.css").write_text(
        "a{background:url(dot.png)}\n/*# sourceMappingURL=app.css.map */\n"
    )
    (tmp_path / "dot.png").write_bytes(b"\x89PNG")
    found = {name: (storage, name) for name in ("app.js", "app.css", "dot.png")}
    results = list(storage.post_process(found))
    assert not [r for r in results if isinstance(r[2], Exception)]
    css = (tmp_path / storage.stored_name("app.css")).read_text()
    assert storage.stored_name("dot.png") in css  # url() still points at the hashed name
    assert "sourceMappingURL=app.css.map" in css


def test_a_file_that_was_not_collected_gets_its_plain_url_not_a_server_error(tmp_path, caplog):
    from anjian.core.staticfiles import ManifestStorage

    storage = ManifestStorage(location=str(tmp_path), base_url="/static/")  # nothing collected
    assert storage.url("anjian/not-collected.css") == "/static/anjian/not-collected.css"
    assert "anjian/not-collected.css" in caplog.text


def test_a_refused_request_is_logged_without_its_traceback():
    import logging

    from anjian.core.logfilters import ClientErrorFilter

    try:
        raise PermissionError("refused")
    except PermissionError:
        exc_info = sys.exc_info()
    for status, kept in ((403, False), (404, False), (500, True)):
        record = logging.LogRecord("django.request", 30, __file__, 1, "x", (), exc_info)
        record.status_code = status
        assert ClientErrorFilter().filter(record)
        assert (record.exc_info is not None) is kept, status


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(var: Path) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "ANJIAN_FIELD_KEYS": Fernet.generate_key().decode(),
        "ANJIAN_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'prod.sqlite3'}",
        "ANJIAN_DEMO_PASSWORD": PASSWORD,
        "PYTHONPATH": str(ROOT),
    }


class Client:
    """A plain HTTP client that behaves like a browser behind nginx's TLS (X-Forwarded-Proto)
    and keeps cookies itself: the production cookies are Secure, so a cookie jar would not send
    them over the loopback's plain HTTP."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        conn.close()
        return response, data


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "anjian", *args], cwd=ROOT, env=env, check=True, timeout=300
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("prod-var")
    env = _env(var)
    _manage(env, "migrate", "--noinput", "-v", "0")
    # Production refuses to make demo data; the demo city is only the fixture here.
    _manage({**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}, "seed", "--demo")
    _manage(env, "collectstatic", "--noinput", "-v", "0")
    port = _free_port()
    log = (var / "gunicorn.log").open("w+")
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-control-socket",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_listening(port, process)
        yield {"port": port, "var": var, "log": log}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _wait_until_listening(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("gunicorn did not listen within 60 s")


def _log(server) -> str:
    server["log"].flush()
    return (server["var"] / "gunicorn.log").read_text()


@pytest.mark.production
def test_gunicorn_serves_the_login_page_and_its_static_files(server):
    client = Client(server["port"])
    response, page = client.request("GET", "/accounts/login/")
    assert response.status == 200
    html = page.decode()
    assert "登录" in html
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    css = next(url for url in assets if url.startswith("/static/vendor/tabler/css/"))
    assert re.search(r"tabler\.min\.[0-9a-f]{12}\.css$", css), css  # the manifest's hashed name
    for url in assets:
        response, data = client.request("GET", url)
        assert response.status == 200, url
        assert data, url
    response, _ = client.request("GET", css)
    assert response.getheader("Content-Type").startswith("text/css")
    assert "immutable" in response.getheader("Cache-Control")


@pytest.mark.production
def test_gunicorn_serves_a_page_after_login_and_refuses_without_a_traceback(server):
    client = Client(server["port"])
    _, page = client.request("GET", "/accounts/login/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.decode()).group(1)
    form = urlencode({"csrfmiddlewaretoken": csrf, "username": "city", "password": PASSWORD})
    response, _ = client.request(
        "POST",
        "/accounts/login/",
        body=form.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://127.0.0.1:{server['port']}/accounts/login/",
        },
    )
    assert response.status == 302, response.status
    assert response.getheader("Location") == "/"
    response, page = client.request("GET", "/")
    assert response.status == 200
    assert "工作台" in page.decode()

    response, page = client.request("GET", "/accounts/admin/users/")  # the system admin's page
    assert response.status == 403
    assert "无权访问" in page.decode()
    response, page = client.request("GET", "/no-such-page/")
    assert response.status == 404
    assert "页面不存在" in page.decode()
    log = _log(server)
    assert "Forbidden" in log  # the refusal is logged, as one line
    assert "Traceback" not in log


@pytest.mark.production
def test_gunicorn_serves_the_api(server):
    client = Client(server["port"])
    body = json.dumps({"username": "township", "password": PASSWORD}).encode()
    response, data = client.request(
        "POST", "/api/v1/auth/token", body=body, headers={"Content-Type": "application/json"}
    )
    assert response.status == 200, data
    token = json.loads(data)["token"]
    auth = {"Authorization": f"Bearer {token}"}
    response, data = client.request("GET", "/api/v1/users/me", headers=auth)
    assert response.status == 200
    assert json.loads(data)["username"] == "township"
    response, data = client.request("GET", "/api/v1/hazards", headers=auth)
    assert response.status == 200
    assert json.loads(data)["items"]
    response, data = client.request("GET", "/api/v1/users/me")
    assert response.status == 401
    assert json.loads(data)["code"] == "unauthenticated"


@pytest.mark.production
def test_production_sqlite_writes_survive_a_power_cut(tmp_path):
    """synchronous=FULL (2) in production; development keeps NORMAL (1) for speed."""
    probe = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA synchronous'); print(c.fetchone()[0])"
    )
    env = _env(tmp_path)
    production = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert production.stdout.strip() == "2", production.stderr
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    dev = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert dev.stdout.strip() == "1", dev.stderr
