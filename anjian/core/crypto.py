"""Field-level encryption of personal data (ID numbers, phone numbers, complainant contacts).

Keys live outside the database (environment or a key file). The cipher is behind a small
provider interface (`ANJIAN["FIELD_CIPHER"]`), so a certified SM4 implementation can replace the
default (AES via Fernet, with key rotation) in production without touching the models.
"""

from __future__ import annotations

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
