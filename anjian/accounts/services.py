"""Writes on accounts: issuing and checking API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from anjian.core import audit
from anjian.core.errors import DomainError

from .models import ApiToken, User

TOKEN_PREFIX = "aj_"  # noqa: S105  (a visible marker, not a secret)
BAD_CREDENTIALS = "用户名或密码错误，或账号已被锁定。"


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"
    default_message = "未登录或令牌无效，请先登录或重新获取令牌。"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def token_issue(*, request, username: str, password: str) -> tuple[str, ApiToken]:
    """Exchange a username and password for a bearer token (same message for every failure)."""
    user = authenticate(request, username=username, password=password)
    if user is None:  # authenticate() has already sent user_login_failed, which is audited
        raise Unauthenticated(BAD_CREDENTIALS)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    hours = settings.ANJIAN["API_TOKEN_HOURS"]
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            key_hash=_hash(raw),
            prefix=raw[:10],
            expires_at=timezone.now() + timedelta(hours=hours),
        )
        audit.record("auth.token.issue", actor=user, obj=token)
    return raw, token


def token_user(raw: str) -> User | None:
    """The active user behind a bearer token, or None (expired, revoked, unknown, inactive)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def token_revoke(*, actor: User, token: ApiToken) -> None:
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit.record("auth.token.revoke", actor=actor, obj=token)
