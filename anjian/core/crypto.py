"""Field-level encryption of personal data (ID numbers, phone numbers, complainant contacts).

Keys live outside the database (environment or a key file). The cipher is behind a small
provider interface (`ANJIAN["FIELD_CIPHER"]`), so a certified SM4 implementation can replace the
default (AES via Fernet, with key rotation) in production without touching the models.

The audit chain's MAC sits behind the same kind of interface (`ANJIAN["AUDIT_MAC"]`): HMAC-SHA256
under `ANJIAN_AUDIT_KEY` by default, replaceable by an SM3-based MAC.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from typing import Protocol

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.module_loading import import_string

PREFIX = "enc1:"


class FieldCipher(Protocol):
    def encrypt(self, plain: str) -> str: ...

    def decrypt(self, token: str) -> str: ...


class FernetCipher:
    """AES-128-CBC + HMAC-SHA256 (Fernet); the first key encrypts, all keys decrypt (rotation)."""

    def __init__(self, keys: list[str]):
        if not keys:
            raise ImproperlyConfigured("未配置字段加密密钥 ANJIAN_FIELD_KEYS。")
        self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])

    def encrypt(self, plain: str) -> str:
        return PREFIX + self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.removeprefix(PREFIX).encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise ImproperlyConfigured("字段解密失败：密钥与数据不匹配。") from exc


def default_cipher() -> FernetCipher:
    return FernetCipher(settings.ANJIAN["FIELD_KEYS"])


@lru_cache(maxsize=1)
def cipher() -> FieldCipher:
    return import_string(settings.ANJIAN.get("FIELD_CIPHER", "anjian.core.crypto.default_cipher"))()


class EncryptedTextField(models.TextField):
    """Stored encrypted, read back as plain text; never searchable or sortable in the database."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "" or not value.startswith(PREFIX):
            return value
        return cipher().decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "" or str(value).startswith(PREFIX):
            return value
        return cipher().encrypt(str(value))


class ChainMac(Protocol):
    """A keyed digest for the audit chain: 64 hex characters for any input bytes."""

    name: str

    def digest(self, data: bytes) -> str: ...


MIN_AUDIT_KEY_LENGTH = 32


class HmacSha256:
    """HMAC-SHA256 under the audit key; an SM3 HMAC can take its place behind `ChainMac`."""

    name = "hmac-sha256"

    def __init__(self, key: str):
        if len(key) < MIN_AUDIT_KEY_LENGTH:
            raise ImproperlyConfigured(
                f"未配置审计密钥 ANJIAN_AUDIT_KEY，或其短于 {MIN_AUDIT_KEY_LENGTH} 个字符。"
            )
        self._key = key.encode("utf-8")

    def digest(self, data: bytes) -> str:
        return hmac.new(self._key, data, hashlib.sha256).hexdigest()


def default_audit_mac() -> HmacSha256:
    return HmacSha256(settings.ANJIAN["AUDIT_KEY"])


def audit_mac() -> ChainMac:
    """The chain MAC of the current settings (read each time, so a changed setting applies)."""
    return import_string(settings.ANJIAN.get("AUDIT_MAC", "anjian.core.crypto.default_audit_mac"))()
