"""Two guards on every answer to a signed-in user.

- Pages and API answers that may carry personal data are never kept by the browser or a proxy
  (`Cache-Control: no-store`) unless the view chose its own caching.
- A 404 for a signed-in user (a record outside the jurisdiction, or an id that does not exist)
  is a denial in the audit log. Aggregated per user in windows of ten minutes: the first 404 of
  a window is one event, and reaching `BURST` in the same window is one more, flagged as a
  likely walk through record numbers, so a scripted enumeration is one alert, not thousands.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control

from . import audit
from .models import AuditEvent

WINDOW_SECONDS = 600
BURST = 20


class GuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        if response.status_code == 404:
            note_not_found(user, f"{request.method} {request.path}"[:300])
        return response


def note_not_found(user, what: str) -> int:
    """Count one 404 of `user` in the current window; audit the first and the burst."""
    key = f"anjian:404:{user.pk}:{int(time.time()) // WINDOW_SECONDS}"
    if cache.add(key, 1, WINDOW_SECONDS * 2):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOW_SECONDS * 2)
            count = 1
    if count == 1:
        reason = f"访问的记录不存在或不在辖区内：{what}"
    elif count == BURST:
        reason = f"10 分钟内第 {BURST} 次访问不存在或辖区外的记录，疑似遍历编号：{what}"
    else:
        return count
    with transaction.atomic():
        audit.record("authz.not_found", actor=user, result=AuditEvent.Result.DENIED, reason=reason)
    return count
