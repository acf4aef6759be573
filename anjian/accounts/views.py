"""Sign-in pages: what a locked account sees."""

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
    form = LoginForm(request, data=request.POST or None)
    form.add_error(None, BAD_CREDENTIALS)
    return render(request, "accounts/login.html", {"form": form}, status=200)
