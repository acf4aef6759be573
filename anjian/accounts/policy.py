"""The security policy in force, and the hooks that feed it to the lockout library."""

from __future__ import annotations

from datetime import timedelta

from django.http import JsonResponse
from django.shortcuts import render

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


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    """A locked account answers exactly like a wrong password (no hint that the lock exists)."""
    if request.path.startswith("/api/"):
        body = {"code": "unauthenticated", "message": BAD_CREDENTIALS, "details": {}}
        return JsonResponse(body, status=401, json_dumps_params={"ensure_ascii": False})
    from .forms import LoginForm

    form = LoginForm(request, data=request.POST or None)
    form.add_error(None, BAD_CREDENTIALS)
    return render(request, "accounts/login.html", {"form": form}, status=200)
