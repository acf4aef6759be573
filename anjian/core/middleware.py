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
    """Pages answer a domain error, or a framework or database error caused by the request (see
    `errors.from_framework`), with the matching error page; API errors are mapped by ninja."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .errors import DomainError, from_framework
        from .views import error_page

        if request.path.startswith("/api/"):
            return None
        error = exception if isinstance(exception, DomainError) else from_framework(exception)
        if error is None:
            return None
        return error_page(request, error.status, error.message, error.code)


class InputGuardMiddleware:
    """Refuses a URL whose path or query holds a NUL byte (PostgreSQL text cannot store one, and
    no field needs it) before any view reads it; bodies are checked by the JSON parser and by
    the forms' own validators."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .input_guard import refused_character
        from .views import error_page

        texts = [request.path, *request.GET.keys()]
        texts += [value for _, values in request.GET.lists() for value in values]
        if any(refused_character(text) for text in texts):
            message = "请求地址或查询参数含有不允许的字符（NUL）。"
            return error_page(request, 400, message, "bad_character")
        return self.get_response(request)
