"""Test runs: fast hashing, throwaway media, the test-only app installed."""

import tempfile
from pathlib import Path

from .base import *
from .base import ANJIAN, INSTALLED_APPS

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="anjian-test-media-"))
ANJIAN = {
    **ANJIAN,
    "AUDIT_SEAL_GRACE_SECONDS": 0,
    "FIELD_KEYS": ["dGVzdC1vbmx5LWZpZWxkLWtleS0xMjM0NTY3ODkwMTI="],  # test-only key
    "AUDIT_KEY": "test-only-audit-key-" + "k" * 20,
}
WHITENOISE_AUTOREFRESH = True  # nothing is collected for tests: look files up per request
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
