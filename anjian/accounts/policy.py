"""The security policy in force, the rules read from it, and the hooks that feed it to the
lockout library.
"""

from __future__ import annotations

from datetime import timedelta

from django_otp import user_has_device

from .models import SecurityPolicy

BAD_CREDENTIALS = "用户名或密码错误，或账号已被锁定。"


def current() -> SecurityPolicy:
    """The one policy row (created with the 等保三级 defaults on first use)."""
    policy, _ = SecurityPolicy.objects.get_or_create(pk=1)
    return policy


def axes_failure_limit(request, credentials) -> int:
    return current().lockout_failures


def axes_cooloff(request) -> timedelta:
    return timedelta(minutes=current().lockout_minutes)


def axes_username(request, credentials) -> str:
    """Usernames are case-insensitive, so lockouts are too."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()


def token_idle_deadline(token):
    """When an API token dies if it is not used again: the session idle time, as for a browser."""
    return (token.last_used_at or token.created_at) + timedelta(minutes=current().idle_minutes)


def otp_required(user) -> bool:
    """The three administrators always need a second factor; government users when the policy says so."""
    if getattr(user, "admin_kind", None):
        return True
    return current().require_otp_for_government and user.scope.is_government


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)
