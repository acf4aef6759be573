"""Sign-in pages: what a locked account and a throttled attempt see."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from .forms import LoginForm
from .policy import BAD_CREDENTIALS


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    """A locked account answers exactly like a wrong password (no hint that the lock exists)."""
    if request.path.startswith("/api/"):
        body = {"code": "unauthenticated", "message": BAD_CREDENTIALS, "details": {}}
        return JsonResponse(body, status=401, json_dumps_params={"ensure_ascii": False})
    # Not a bound form: cleaning it would sign in again and count (and audit) the attempt twice.
    form = LoginForm.refused(request, BAD_CREDENTIALS, username=request.POST.get("username", ""))
    return render(request, "accounts/login.html", {"form": form}, status=200)


def throttled_response(request, refusal):
    """429 with `Retry-After`: the API's error shape, or the login page with the message."""
    if request.path.startswith("/api/"):
        body = {"code": "rate_limited", "message": refusal.message, "details": {}}
        response = JsonResponse(body, status=429, json_dumps_params={"ensure_ascii": False})
    else:
        form = LoginForm.refused(request, refusal.message)
        response = render(request, "accounts/login.html", {"form": form}, status=429)
    response["Retry-After"] = str(refusal.seconds)
    return response
