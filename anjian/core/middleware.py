from __future__ import annotations

import uuid

from django.conf import settings

from . import context


def client_ip(request) -> str:
    """The client address; behind N trusted proxies, the Nth address from the right of XFF."""
    hops = settings.ANJIAN.get("TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


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
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", "")[:300],
        )
        token = context.set_current(meta)
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class DomainErrorMiddleware:
    """Pages answer a domain error with the matching error page (API errors are mapped by ninja)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .errors import DomainError
        from .views import error_page

        if isinstance(exception, DomainError) and not request.path.startswith("/api/"):
            return error_page(request, exception.status, exception.message)
        return None
