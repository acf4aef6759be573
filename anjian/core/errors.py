"""Domain errors with a Chinese, actionable message; pages and the API translate them.

Each carries the HTTP status the API answers with, so there is one mapping for every endpoint.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, InterfaceError, OperationalError
from django.http.multipartparser import MultiPartParserError

logger = logging.getLogger("anjian.errors")


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


class Problems:
    """Collects the field errors of one submission, so that the form, the API (one 422 with
    every field) and the import (every column of a row) all report them in one round.

    ``with problems.check(): ...`` runs a check that raises `Invalid`; its errors are kept and
    the next check runs. ``raise_if_any()`` raises one `Invalid` carrying them all, as
    ``details["errors"] = [{"field", "message"}, ...]`` with ``details["field"]`` the first."""

    def __init__(self) -> None:
        self.errors: list[dict[str, str]] = []

    def add(self, field: str | None, message: str) -> None:
        self.errors.append({"field": field or "", "message": message})

    def has(self, *fields: str) -> bool:
        return any(error["field"] in fields for error in self.errors)

    def check(self) -> _Collect:
        return _Collect(self)

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        first = self.errors[0]
        message = first["message"]
        if len(self.errors) > 1:
            message = (
                f"共 {len(self.errors)} 处需要修改："
                + "；".join(e["message"].rstrip("。") for e in self.errors)
                + "。"
            )
        raise Invalid(message, field=first["field"], errors=list(self.errors))


class _Collect:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def __enter__(self) -> Problems:
        return self.problems

    def __exit__(self, kind, exc, tb) -> bool:
        if isinstance(exc, Invalid):
            for error in exc.details.get("errors") or [
                {"field": exc.details.get("field"), "message": exc.message}
            ]:
                self.problems.add(error.get("field"), error.get("message") or exc.message)
            return True
        return False


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


class Unavailable(DomainError):
    status = 503
    code = "unavailable"
    default_message = "系统暂时无法访问数据库（可能正在重启或维护），请稍后重试。"


def _validation_details(exc: DjangoValidationError) -> tuple[str, list[dict[str, str]]]:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "请求体", "message": str(message)} for message in exc.messages]
    first = errors[0]["message"] if errors else Invalid.default_message
    return first, errors


def from_framework(exc: BaseException) -> DomainError | None:
    """The domain error a framework or database exception caused by a request stands for, or
    None for a fault of the server (which stays a 500). Input the database refuses (a value out
    of range, a NUL byte on PostgreSQL), a duplicate that lost a race, a database that is
    restarting and a malformed request body each get their status and a Chinese message."""
    if isinstance(exc, DjangoValidationError):
        first, errors = _validation_details(exc)
        return Invalid(f"提交的数据不符合要求：{first}", errors=errors)
    if isinstance(exc, IntegrityError):
        logger.warning("请求与已有记录冲突：%s", exc)
        return Conflict("与已有记录重复或冲突（例如同一统一社会信用代码已登记），请检查后重试。")
    if isinstance(exc, OverflowError | DataError):
        logger.warning("请求的数据超出数据库允许范围：%s", exc)
        return Invalid(
            "数值、日期或文本超出允许范围，或含有不允许的字符，请检查后重试。", code="out_of_range"
        )
    if isinstance(exc, UnicodeEncodeError):
        return Invalid("请求含有不允许的字符（如不成对的代理字符）。", code="bad_character")
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("数据库不可用：%s", exc)
        return Unavailable()
    if isinstance(exc, RequestDataTooBig):
        return TooLarge("请求内容过大。")
    if isinstance(exc, TooManyFieldsSent):
        return DomainError("请求的参数过多。", code="too_many_fields")
    if isinstance(exc, TooManyFilesSent):
        return DomainError("一次上传的文件过多。", code="too_many_files")
    if isinstance(exc, MultiPartParserError):
        return DomainError("上传内容（multipart/form-data）格式不正确。", code="bad_multipart")
    if isinstance(exc, SuspiciousOperation):
        return DomainError("请求无法处理，请检查后重试。")
    return None
