"""Local runs (`make run`): as production but on loopback over HTTP, secrets generated in var/;
DEBUG only when asked (DEBUG=1)."""

import secrets

from .base import *
from .base import VAR_DIR
from .env import env_bool, env_list

DEBUG = env_bool("DEBUG", False)  # `make run DEBUG=1` to turn it on
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])


def _dev_secret() -> str:
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = SECRET_KEY or _dev_secret()


def _dev_field_key() -> str:
    from cryptography.fernet import Fernet

    path = VAR_DIR / "dev-field-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return path.read_text().strip()


def _dev_audit_key() -> str:
    path = VAR_DIR / "dev-audit-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


ANJIAN = {**ANJIAN, "FIELD_KEYS": ANJIAN["FIELD_KEYS"] or [_dev_field_key()]}
ANJIAN = {**ANJIAN, "AUDIT_KEY": ANJIAN["AUDIT_KEY"] or _dev_audit_key()}
