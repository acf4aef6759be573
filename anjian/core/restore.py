"""Restore a backup archive into an empty database and an empty media store, then check it.

Nothing is written until every member of the archive matches the manifest (name, size, SHA-256)
and the targets are found empty. After loading, the row counts are compared with the manifest
and the audit chain is verified read-only against the head recorded at backup time.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection

from . import audit, audit_verify
from .backup import (
    DB_MEMBER,
    FORMAT,
    MANIFEST,
    MEDIA_PREFIX,
    VERSION,
    BackupError,
    count_rows,
    media_names,
    pg_command,
    sha256_of,
)


@dataclass(frozen=True)
class RestoreResult:
    rows: int
    media: int
    chain: audit_verify.VerifyReport


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == str(path)


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST)
        stream = tar.extractfile(member)
        manifest = json.load(stream) if stream else None
    except (KeyError, ValueError) as exc:
        raise BackupError("备份文件中没有可读的清单（manifest.json）。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("不是本系统的备份文件。")
    if manifest.get("version") != VERSION:
        raise BackupError(f"备份格式版本 {manifest.get('version')} 不受支持。")
    return manifest


def check_archive(tar: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    """Every member listed, regular, safely named, and of the recorded size and SHA-256."""
    expected = {entry["name"]: entry for entry in [manifest["database"], *manifest["media"]]}
    seen = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        entry = expected.get(member.name)
        if entry is None or not member.isfile() or not _safe_name(member.name):
            raise BackupError(f"备份文件含有清单以外的内容：{member.name}")
        stream = tar.extractfile(member)
        digest, size = sha256_of(stream) if stream else ("", -1)
        if digest != entry["sha256"] or size != entry["size"]:
            raise BackupError(f"校验和不符：{member.name}（备份文件已损坏或被改动）。")
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"备份文件缺少清单所列的内容：{missing[0]} 等 {len(missing)} 项。")


def require_empty_targets() -> None:
    if connection.introspection.table_names():
        raise BackupError("目标数据库不是空的：只能恢复到一个新建的空数据库。")
    if next(media_names(), None) is not None:
        raise BackupError(f"目标附件目录不是空的：{settings.MEDIA_ROOT}")


def _load_sqlite(source: Path) -> None:
    connection.close()
    target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    copy = sqlite3.connect(source)
    try:
        copy.backup(target)
    finally:
        copy.close()
        target.close()


def _load_postgres(source: Path) -> None:
    connection.close()
    command, env = pg_command(
        "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"
    )
    done = subprocess.run([*command, str(source)], env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"pg_restore 失败：{done.stderr.strip()}")


def _load(tar: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    vendor = manifest["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"备份来自 {vendor} 数据库，不能恢复到 {connection.vendor}。")
    with tempfile.TemporaryDirectory(prefix="anjian-restore-") as work:
        source = Path(work) / DB_MEMBER[vendor]
        stream = tar.extractfile(manifest["database"]["name"])
        if stream is None:
            raise BackupError("备份文件中的数据库副本无法读取。")
        with source.open("wb") as out:
            while block := stream.read(1024 * 1024):
                out.write(block)
        (_load_sqlite if vendor == "sqlite" else _load_postgres)(source)
    for entry in manifest["media"]:
        name = entry["name"].removeprefix(MEDIA_PREFIX)
        media = tar.extractfile(entry["name"])
        if media is None or default_storage.save(name, File(media)) != name:
            raise BackupError(f"附件无法按原名恢复：{name}")


def restore(archive: Path) -> RestoreResult:
    """Check, load, then verify; raises BackupError naming the first problem."""
    with tarfile.open(archive, "r:*") as tar:
        manifest = read_manifest(tar)
        check_archive(tar, manifest)
        try:
            published = audit.parse_head(manifest["audit_head"]["published"])
        except audit.HeadError as exc:
            raise BackupError(f"备份中的审计链头无法核验（审计密钥与备份时不同？）：{exc}") from exc
        require_empty_targets()
        _load(tar, manifest)
    counts = count_rows()
    differing = sorted(t for t in manifest["tables"] if counts.get(t) != manifest["tables"][t])
    if differing:
        table = differing[0]
        raise BackupError(
            f"恢复后 {table} 的行数为 {counts.get(table)}，备份时为 {manifest['tables'][table]}。"
        )
    chain = audit_verify.verify(published)
    return RestoreResult(sum(counts.values()), len(manifest["media"]), chain)


def media_checksums() -> dict[str, str]:
    """SHA-256 of every stored media file (to compare a restore with its manifest)."""
    sums = {}
    for name in media_names():
        with default_storage.open(name, "rb") as stream:
            sums[name] = sha256_of(stream)[0]
    return sums
