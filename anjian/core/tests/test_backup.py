"""Backup under write load, restore into an empty site, and compare: rows, media and the chain.

Each site is a real SQLite file database with its own media folder, driven through the `anjian`
command as an operator would, while another process keeps writing records, audit events and
files (and sealing, as `tick` does).
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

WRITER = """
import os, sys, django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from anjian.core import audit
from anjian.core.models import Notification

settings.ANJIAN = {**settings.ANJIAN, "AUDIT_SEAL_GRACE_SECONDS": 0}
stop, progress = sys.argv[1], sys.argv[2]
user, _ = get_user_model().objects.get_or_create(username="load-writer")
i = 0
while not os.path.exists(stop):
    i += 1
    default_storage.save(f"attachments/load/{i}.bin", ContentFile(os.urandom(2048)))
    with transaction.atomic():
        note = Notification.objects.create(recipient=user, title=f"负载 {i}")
        audit.record("load.write", obj=note, after={"i": i})
    if i % 5 == 0:
        audit.seal_pending()
    with open(progress + ".new", "w") as out:
        out.write(str(i))
    os.replace(progress + ".new", progress)
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """One migrated database file, copied for each source site (migrating takes seconds)."""
    env = _site(tmp_path_factory.mktemp("template"), "site")
    _anjian(env, "migrate", "-v0")
    return Path(env["ANJIAN_VAR_DIR"]) / "anjian.sqlite3"


def _source(root: Path, migrated: Path) -> dict[str, str]:
    env = _site(root, "source")
    shutil.copyfile(migrated, Path(env["ANJIAN_VAR_DIR"]) / "anjian.sqlite3")
    return env


def _site(root: Path, name: str, database_url: str = "") -> dict[str, str]:
    var = root / name
    var.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ANJIAN_", "DJANGO_")) and key != "DATABASE_URL"
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "ANJIAN_VAR_DIR": str(var),
        "DATABASE_URL": database_url or f"sqlite:///{var / 'anjian.sqlite3'}",
        "ANJIAN_AUDIT_KEY": "backup-test-audit-key-" + "b" * 20,  # the same on both sites
        "ANJIAN_FIELD_KEYS": "dGVzdC1vbmx5LWZpZWxkLWtleS0xMjM0NTY3ODkwMTI=",
    }


def _anjian(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "anjian", *args], env=env, capture_output=True, text=True
    )
    assert (done.returncode == 0) == ok, done.stdout + done.stderr
    return done


def _progress(path: Path) -> int:
    return int(path.read_text() or 0) if path.exists() else 0


def _counts(env: dict[str, str]) -> dict[str, int]:
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            names = (
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            tables = [row[0] for row in db.execute(names)]
            return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    import psycopg

    with psycopg.connect(url) as db:
        names = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        tables = [row[0] for row in db.execute(names)]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _media_sums(folder: Path) -> dict[str, str]:
    return {
        "media/" + str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def _archive_of(done: subprocess.CompletedProcess) -> Path:
    return Path(done.stdout.split("：", 1)[1].splitlines()[0].strip())


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def _load_then_backup(tmp_path: Path, source: dict[str, str]) -> Path:
    """Back `source` up while another process writes; returns the archive."""
    stop, progress = tmp_path / "stop", tmp_path / "progress"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(stop), str(progress)], env=source)
    try:
        deadline = time.monotonic() + 60
        while _progress(progress) < 30 and time.monotonic() < deadline:
            time.sleep(0.1)
        before = _progress(progress)
        assert before >= 30, "the writer did not start"
        done = _anjian(source, "backup", "--output", str(tmp_path))
        assert _progress(progress) > before, "nothing was written while the backup ran"
    finally:
        stop.touch()
        assert writer.wait(timeout=60) == 0
    return _archive_of(done)


def _restore_and_compare(tmp_path: Path, source: dict[str, str], target: dict[str, str]) -> None:
    archive = _load_then_backup(tmp_path, source)
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    manifest = _manifest(archive)
    head = manifest["audit_head"]
    assert head["seq"] >= 25 and manifest["tables"]["core_notification"] >= 30
    written = _counts(source)
    assert written["core_notification"] > manifest["tables"]["core_notification"]  # a snapshot

    done = _anjian(target, "restore", str(archive))
    assert "行数与清单一致" in done.stdout and "审计链完整" in done.stdout

    expected = {**manifest["tables"]}
    expected["core_auditevent"] += 1  # the restore itself is audited
    assert _counts(target) == expected
    listed = {entry["name"]: entry["sha256"] for entry in manifest["media"]}
    assert _media_sums(Path(target["ANJIAN_VAR_DIR"]) / "media") == listed
    # every file a row of the snapshot refers to was archived (files are stored before rows)
    assert len(listed) >= manifest["tables"]["core_notification"]
    _anjian(target, "audit", "verify", "--head", head["published"])

    refused = _anjian(target, "restore", str(archive), ok=False)
    assert "不是空的" in refused.stderr


def test_a_backup_under_load_restores_to_equal_rows_media_and_chain(tmp_path, migrated):
    _restore_and_compare(tmp_path, _source(tmp_path, migrated), _site(tmp_path, "target"))


@pytest.mark.postgres
def test_a_postgres_backup_under_load_restores_the_same(tmp_path):
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    server = f"postgresql://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}"
    names = [f"anjian_backup_{os.getpid()}_{side}" for side in ("source", "target")]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            source = _site(tmp_path, "source", f"{server}/{names[0]}")
            _anjian(source, "migrate", "-v0")
            target = _site(tmp_path, "target", f"{server}/{names[1]}")
            _restore_and_compare(tmp_path, source, target)
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_damaged_archive_is_refused_before_anything_is_written(tmp_path, migrated):
    source = _source(tmp_path, migrated)
    media = Path(source["ANJIAN_VAR_DIR"]) / "media" / "attachments"
    media.mkdir(parents=True)
    (media / "photo.jpg").write_bytes(b"\xff\xd8 original")
    archive = _archive_of(_anjian(source, "backup", "--output", str(tmp_path)))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as tar, tarfile.open(damaged, "w:gz") as out:
        for member in tar:
            body = tar.extractfile(member).read()
            if member.name == "media/attachments/photo.jpg":
                body = b"\xff\xd8 replaced"
            member.size = len(body)
            out.addfile(member, io.BytesIO(body))

    target = _site(tmp_path, "target")
    refused = _anjian(target, "restore", str(damaged), ok=False)
    assert "校验和不符：media/attachments/photo.jpg" in refused.stderr
    assert not _counts(target)
    assert not (Path(target["ANJIAN_VAR_DIR"]) / "media").exists()
