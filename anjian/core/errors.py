"""Domain errors with a Chinese, actionable message; pages and the API translate them.

Each carries the HTTP status the API answers with, so there is one mapping for every endpoint.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    code = "bad_request"
    default_message = "请求无法处理。"

    def __init__(self, message: str | None = None, *, code: str | None = None, **details: Any):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.details = details
        super().__init__(self.message)

    def as_body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class Invalid(DomainError):
    status = 422
    code = "invalid"
    default_message = "提交的数据不符合要求，请检查后重试。"


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = "对象不存在，或您无权访问。"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_message = "您无权执行此操作。"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = "记录状态已被他人改变，请刷新后重试。"


class PreconditionFailed(DomainError):
    status = 412
    code = "stale"
    default_message = "记录已被他人修改，请刷新后在最新版本上重试。"


class TooLarge(DomainError):
    status = 413
    code = "too_large"
    default_message = "上传内容过大。"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    default_message = "请求过于频繁，请稍后再试。"
