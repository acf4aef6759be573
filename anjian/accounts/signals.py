"""Audit of logins, logouts, failures and lockouts (the auth signals are the one hook for all)."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from anjian.core import audit, context
from anjian.core.models import Notification
from anjian.core.notifications import notify

from . import policy, selectors
from .models import UserSession


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    """Record the login, start the session clocks and list the session on "my account"."""
    now = int(time.time())
    if request is not None and hasattr(request, "session"):
        request.session["auth_at"] = now
        request.session["last_seen"] = now
        if not request.session.session_key:
            request.session.save()
        meta = context.current()
        UserSession.objects.update_or_create(
            session_key=request.session.session_key,
            defaults={"user": user, "ip": meta.ip, "user_agent": meta.user_agent},
        )
    with transaction.atomic():
        audit.record("auth.login", actor=user, obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        key = getattr(getattr(request, "session", None), "session_key", None)
        with transaction.atomic():
            if key:
                UserSession.objects.filter(session_key=key).delete()
            audit.record("auth.logout", actor=user, obj=user)


def refused_while_locked(request) -> bool:
    """An attempt at a username already locked at this address: refused before the password is
    checked, and not counted by the lockout (so the lock keeps its end time).

    The lockout library marks such a request locked without counting its failures; the attempt
    that reaches the limit is counted (and locks the account) in the same request.
    """
    return bool(
        getattr(request, "axes_locked_out", False)
        and getattr(request, "axes_failures_since_start", None) is None
    )


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    with transaction.atomic():
        audit.record(
            "auth.login.failure",
            username=str(credentials.get("username", ""))[:150],
            result="denied" if refused_while_locked(request) else "failure",
            reason="locked" if refused_while_locked(request) else "credentials",
        )


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """Audit every lock once, when it begins (an attempt during the lock is a refused login, not
    a new lock); tell the security administrators once per lockout window, however many accounts
    a burst locks."""
    if refused_while_locked(request):
        return
    window = policy.current().lockout_minutes * 60
    with transaction.atomic():
        notify(
            selectors.holders_of("accounts.unlock_user"),
            title="有账号因连续登录失败被锁定",
            body=f"账号“{username or ''}”在地址 {ip_address or '未知地址'} 被锁定（其他地址不受影响）。"
            "本时段内的其他锁定不再逐一提醒，请在“账号解锁”页面查看。",
            link="/accounts/security/lockouts/",
            level=Notification.Level.WARNING,
            key=f"auth.lockout:{int(time.time() // window)}",
        )
        audit.record(
            "auth.lockout",
            username=str(username or "")[:150],
            object_type="accounts.user",
            object_id=str(username or ""),
            result="denied",
            reason=f"连续登录失败，来自 {ip_address or '未知地址'}",
        )
