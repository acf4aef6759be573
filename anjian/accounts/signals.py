"""Audit of session logins and logouts (Django's auth signals are the one hook for all paths)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from anjian.core import audit


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    with transaction.atomic():
        audit.record("auth.login", actor=user, obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        with transaction.atomic():
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
