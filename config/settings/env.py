"""Read settings from the environment, failing fast on a malformed value."""

from __future__ import annotations

import os
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"环境变量 {name} 未设置。")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 不是布尔值（应为 true/false/1/0）。")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 不是整数。") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 含空项（用逗号分隔）。")
    return items


def sqlite_options(synchronous: str = "NORMAL") -> dict[str, Any]:
    """WAL journal and IMMEDIATE transactions: one writer at a time, readers never blocked.

    synchronous=NORMAL survives a crash of the application; FULL (production) also a power cut.
    """
    return {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            f"PRAGMA journal_mode=WAL;PRAGMA synchronous={synchronous};"
            "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
        ),
    }


def database(default_url: str, *, sqlite_synchronous: str = "NORMAL") -> dj_database_url.DBConfig:
    url = os.environ.get("DATABASE_URL", default_url)
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except Exception as exc:  # the library raises several types for a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} 无法解析：{exc}") from exc
    engine = config.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        config["OPTIONS"] = {**sqlite_options(sqlite_synchronous), **config.get("OPTIONS", {})}
    elif engine.endswith("postgresql"):
        config.setdefault("OPTIONS", {})
        config["CONN_HEALTH_CHECKS"] = True
    else:
        raise ImproperlyConfigured(f"DATABASE_URL={url!r}：只支持 sqlite 与 postgres。")
    config.setdefault("TEST", {})
    return config
