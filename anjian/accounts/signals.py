"""Audit of logins, logouts, failures and lockouts (the auth signals are the one hook for all)."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from anjian.core import audit, context

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


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    with transaction.atomic():
        audit.record(
            "auth.login.failure",
            username=str(credentials.get("username", ""))[:150],
            result="failure",
            reason="credentials",
        )


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    with transaction.atomic():
        audit.record(
            "auth.lockout",
            username=str(username or "")[:150],
            object_type="accounts.user",
            object_id=str(username or ""),
            result="denied",
            reason=f"连续登录失败，来自 {ip_address or '未知地址'}",
        )
