"""Writes on API tokens: issue, check at each call, revoke.

A token dies on its own logout (`DELETE /api/v1/auth/token`), when its owner or the security
administrator revokes it, on the owner's password change or reset, when the account is disabled,
and, as a session does, after the policy's idle time without a call. Only its SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from anjian.core import audit
from anjian.core.errors import DomainError, Forbidden, NotFound

from . import passwords, policy
from .models import ApiToken, User
from .policy import BAD_CREDENTIALS

TOKEN_PREFIX = "aj_"  # noqa: S105  (a visible marker, not a secret)
# A call records its time at most once a minute, so reads do not each write; the idle clock is
# therefore exact to within this step.
TOUCH_STEP = timedelta(minutes=1)
REVOKE_PERMISSION = "accounts.revoke_token"


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"
    default_message = "未登录或令牌无效，请先登录或重新获取令牌。"


class PasswordChangeRequired(DomainError):
    status = 403
    code = "password_change_required"
    default_message = (
        "请先登录网页修改密码：初始密码、管理员重置的密码和已过期的密码都须修改后才能使用接口。"
    )


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def must_change_password(user: User) -> bool:
    """A one-time (new or reset) or expired password opens nothing but the password page."""
    return bool(user.must_change_password) or passwords.is_expired(user)


def token_issue(*, request, username: str, password: str, otp: str = "") -> tuple[str, ApiToken]:
    """Exchange credentials (and the second factor when the account has one) for a token."""
    user = authenticate(request, username=username, password=password)
    if user is None:  # authenticate() has already sent user_login_failed, which is audited
        raise Unauthenticated(BAD_CREDENTIALS)
    from .otp import needs_second_factor, verify_token

    if needs_second_factor(user) and not verify_token(user, otp):
        with transaction.atomic():
            audit.record("auth.otp.failure", actor=user, obj=user, result="failure")
        raise Unauthenticated("此账号须提供双因素认证码（otp 字段）。", code="otp_required")
    if must_change_password(user):
        with transaction.atomic():
            audit.record(
                "auth.token.refuse",
                actor=user,
                obj=user,
                result="denied",
                reason="password_change_required",
            )
        raise PasswordChangeRequired()
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


def token_check(raw: str) -> ApiToken | None:
    """The live token behind a bearer value, or None (unknown, revoked, expired, idle, or its
    account disabled). A token found idle is revoked, so the audit log says when it died."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if now >= policy.token_idle_deadline(token):
        _revoke(ApiToken.objects.filter(pk=token.pk), actor=None, user=token.user, reason="idle")
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def _revoke(tokens, *, actor: User | None, user: User, reason: str) -> int:
    with transaction.atomic():
        count = tokens.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason
        )
        if count:
            audit.record(
                "auth.token.revoke",
                actor=actor,
                obj=user,
                reason=reason,
                after={"tokens": count},
            )
    return count


def token_logout(*, token: ApiToken) -> None:
    """The caller ends its own token (the API's logout)."""
    _revoke(
        ApiToken.objects.filter(pk=token.pk), actor=token.user, user=token.user, reason="logout"
    )


def token_revoke(*, actor: User, user: User, token_id: int | None = None) -> int:
    """Revoke one of a user's live tokens, or all of them. Owners revoke their own; the security
    administrator anyone's."""
    if actor.pk != user.pk and not actor.has_perm(REVOKE_PERMISSION):
        raise Forbidden("只有安全管理员可以吊销他人的接口令牌。")
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if token_id is not None:
        tokens = tokens.filter(pk=token_id)
        if not tokens.exists():
            raise NotFound("该令牌不存在或已失效。")
    reason = "self" if actor.pk == user.pk else "security_admin"
    return _revoke(tokens, actor=actor, user=user, reason=reason)


def tokens_end_all(*, actor: User | None, user: User, reason: str) -> int:
    """Every live token of the user dies (password change or reset, disabling, new roles).
    Called inside the caller's transaction."""
    return _revoke(ApiToken.objects.filter(user=user), actor=actor, user=user, reason=reason)
