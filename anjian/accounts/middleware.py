"""Session rules from the security policy: idle and absolute timeouts, forced password change,
and the second factor (required for the three administrators and, by policy, government users).
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect

from anjian.core import audit

from . import policy, throttle
from .services_tokens import PasswordChangeRequired, must_change_password

OPEN_PATHS = (
    "/accounts/login/",
    "/accounts/logout/",
    "/static/",
    "/api/docs",
    "/api/v1/openapi",
    "/api/v1/auth/token",
)
PASSWORD_PATH = "/accounts/password/"  # noqa: S105  (a URL, not a secret)
OTP_PATHS = ("/accounts/otp/",)


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            expired = self._expired(request)
            if expired:
                with transaction.atomic():
                    audit.record("auth.session.expired", actor=user, obj=user, reason=expired)
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(request, "会话已超时，请重新登录。")
                    return redirect(f"/accounts/login/?next={request.path}")
            else:
                request.session["last_seen"] = int(time.time())
                response = self._gate(request, user)
                if response is not None:
                    return response
        return self.get_response(request)

    def _expired(self, request) -> str:
        rules = policy.current()
        now = time.time()
        last_seen = request.session.get("last_seen")
        auth_at = request.session.get("auth_at")
        if last_seen and now - last_seen > rules.idle_minutes * 60:
            return "idle"
        if auth_at and now - auth_at > rules.absolute_hours * 3600:
            return "absolute"
        return ""

    def _gate(self, request, user):
        """Pages wait until the second factor is verified and the password is changed."""
        path = request.path
        if path.startswith(OPEN_PATHS) or path.startswith(OTP_PATHS):
            return None
        enrolled = policy.has_confirmed_device(user)
        if (enrolled or policy.otp_required(user)) and not user.is_verified():
            if path.startswith("/api/"):
                body = {"code": "otp_required", "message": "请先完成双因素认证。", "details": {}}
                return JsonResponse(body, status=401, json_dumps_params={"ensure_ascii": False})
            target = "verify" if enrolled else "setup"
            return redirect(f"/accounts/otp/{target}/?next={path}")
        if path == PASSWORD_PATH or not must_change_password(user):
            return None
        if path.startswith("/api/"):
            error = PasswordChangeRequired()
            return JsonResponse(
                error.as_body(), status=error.status, json_dumps_params={"ensure_ascii": False}
            )
        return redirect(PASSWORD_PATH)


class LoginThrottleMiddleware:
    """Refuses a login attempt (page or token) that must wait, before any password is checked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in throttle.LOGIN_PATHS:
            refusal = throttle.check(request)
            if refusal is not None:
                from .views import throttled_response

                throttle.report(refusal)
                return throttled_response(request, refusal)
        return self.get_response(request)
