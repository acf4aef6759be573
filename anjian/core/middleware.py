from __future__ import annotations

import uuid

from . import context


class RequestIdMiddleware:
    """Gives each request an id (echoed in X-Request-ID) and records IP and agent for the audit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if 8 <= len(incoming) <= 64 and incoming.isascii() else ""
        request_id = request_id or uuid.uuid4().hex
        request.request_id = request_id
        meta = context.RequestMeta(
            request_id=request_id,
            ip=request.META.get("REMOTE_ADDR", ""),
            user_agent=request.headers.get("User-Agent", "")[:300],
        )
        token = context.set_current(meta)
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response
