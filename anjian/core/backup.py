"""Backup: one archive holding a consistent database copy, every media file and a manifest.

The database copy is a snapshot, never a file copy: SQLite's online backup API (one step, so the
copy is one consistent state while writers carry on in WAL mode), or `pg_dump` of a snapshot
exported from a REPEATABLE READ transaction on PostgreSQL — the row counts and the audit head of
the manifest are read from that same snapshot. Media files are archived after the snapshot, so
every file the snapshot refers to is already there (files are stored before their rows commit).
The manifest lists every member with its SHA-256 and size; `restore` checks them all first.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from . import audit

FORMAT = "anjian-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    sha256: str
    rows: int
    media: int


def sha256_of(stream: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while block := stream.read(CHUNK):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


def pg_command(program: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """A pg_dump / pg_restore command line for the default database, the password in the env."""
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    command = [program, "--host", str(db.get("HOST") or "localhost")]
    command += ["--port", str(db.get("PORT") or 5432), "--username", str(db.get("USER") or "")]
    return [*command, "--dbname", str(db["NAME"]), *args], env


def _head_fields(head: audit.Head) -> dict[str, Any]:
    return {
        "seq": head.seq,
        "event_id": head.event_id,
        "sealed_at": head.sealed_at.isoformat(),
        "mac": head.mac,
        "published": audit.publish_head(head),
    }


def _sqlite_snapshot(target: Path) -> tuple[dict[str, int], dict[str, Any]]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # one step: a single consistent state
        tables = [
            name
            for (name,) in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " ORDER BY name"
            )
        ]
        # Table names come from the copy's own catalogue, not from any input.
        count = 'SELECT count(*) FROM "{}"'
        counts = {t: copy.execute(count.format(t)).fetchone()[0] for t in tables}
        last = copy.execute(
            "SELECT seq, event_id, sealed_at, hash FROM core_auditseal ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    finally:
        copy.close()
    if last is None:
        return counts, _head_fields(audit.EMPTY_HEAD)
    sealed_at = datetime.fromisoformat(last[2]).replace(tzinfo=UTC)
    return counts, _head_fields(audit.Head(last[0], last[1], sealed_at, last[3]))


def count_rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)  # from the catalogue, not from input
            cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _postgres_snapshot(target: Path) -> tuple[dict[str, int], dict[str, Any]]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        command, env = pg_command(
            "pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(target)
        )
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            raise BackupError(f"pg_dump 失败：{done.stderr.strip()}")
        counts = count_rows()
        head = audit.head()
    return counts, _head_fields(head)


def media_names(path: str = "") -> Iterator[str]:
    """Every stored file, through the storage API (a local folder or an S3-compatible store)."""
    try:
        folders, files = default_storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for folder in sorted(folders):
        yield from media_names(f"{path}/{folder}" if path else folder)


class _Hashing(io.RawIOBase):
    """Reads through a file while hashing exactly the bytes that go into the archive."""

    def __init__(self, stream: IO[bytes]):
        self._stream, self.digest = stream, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        block = self._stream.read(size)
        self.digest.update(block)
        return block


def _add_file(tar: tarfile.TarFile, member: str, stream: IO[bytes], size: int) -> dict[str, Any]:
    info = tarfile.TarInfo(member)
    info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
    hashing = _Hashing(stream)
    tar.addfile(info, hashing)
    return {"name": member, "sha256": hashing.digest.hexdigest(), "size": size}


def _add_media(tar: tarfile.TarFile) -> list[dict[str, Any]]:
    entries = []
    for name in media_names():
        with default_storage.open(name, "rb") as stream:
            size = default_storage.size(name)
            entries.append(_add_file(tar, MEDIA_PREFIX + name, stream, size))
    return entries


def create(output: Path) -> BackupResult:
    """Write the archive to `output` (a `.tar.gz`), atomically: a partial file is never left."""
    vendor = connection.vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"不支持备份 {vendor} 数据库。")
    partial = output.with_name(output.name + ".partial")
    # Events left unsealed in the copy would be sealed late on a restored site and reported there.
    audit.seal_pending(grace=timedelta(0))
    with tempfile.TemporaryDirectory(prefix="anjian-backup-") as work:
        snapshot = Path(work) / DB_MEMBER[vendor]
        take = _sqlite_snapshot if vendor == "sqlite" else _postgres_snapshot
        counts, head = take(snapshot)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            with snapshot.open("rb") as stream:
                database = _add_file(tar, DB_MEMBER[vendor], stream, snapshot.stat().st_size)
            media = _add_media(tar)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": timezone.localtime().isoformat(),
                "vendor": vendor,
                "database": database,
                "tables": counts,
                "media": media,
                "audit_head": head,
            }
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(body), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(body))
    os.replace(partial, output)
    with output.open("rb") as stream:
        digest, _ = sha256_of(stream)
    return BackupResult(output, digest, sum(counts.values()), len(media))
