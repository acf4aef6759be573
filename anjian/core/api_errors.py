"""One error shape for every API failure: {"code", "message" (Chinese), "details"}."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from anjian.standards import StandardsError

from .errors import DomainError, from_framework

PYDANTIC_MESSAGES = {
    "missing": "必填",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为日期时间（ISO 8601）",
    "datetime_from_date_parsing": "应为日期时间（ISO 8601）",
    "string_too_long": "过长",
    "string_too_short": "过短",
    "too_long": "项目过多",
    "greater_than_equal": "过小",
    "less_than_equal": "过大",
    "greater_than": "过小",
    "less_than": "过大",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "json_invalid": "不是合法的 JSON",
    "model_attributes_type": "格式不正确",
    "dict_type": "应为对象",
    "list_type": "应为数组",
    "extra_forbidden": "不是可用的字段",
}


def body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "details": details or {}}


def _field_name(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "file", "payload")]
    return ".".join(parts) or "请求体"


def translate_validation(errors: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    fields = []
    for error in errors:
        name = _field_name(list(error.get("loc", [])))
        reason = PYDANTIC_MESSAGES.get(error.get("type", ""), "格式不正确")
        limit = (error.get("ctx") or {}).get("max_length")
        if error.get("type") == "string_too_long" and limit is not None:
            reason = f"过长：最多 {limit} 字，请删减"  # refused whole, never cut short
        if error.get("type") == "value_error" and error.get("msg"):
            reason = str(error["msg"]).removeprefix("Value error, ")
        fields.append({"field": name, "message": f"字段 {name} {reason}"})
    first = fields[0]["message"] if fields else "请求数据不合法"
    return body("invalid", f"请求数据不合法：{first}。", {"errors": fields})


def domain_response(api: NinjaAPI, request, exc: DomainError):
    response = api.create_response(request, exc.as_body(), status=exc.status)
    if exc.status == 503:
        response["Retry-After"] = "30"
    return response


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return domain_response(api, request, exc)

    @api.exception_handler(Exception)
    def framework_error(request, exc: Exception):
        error = from_framework(exc)
        if error is None:
            raise exc  # a fault of the server: Django logs it and answers 500
        return domain_response(api, request, error)

    @api.exception_handler(StandardsError)
    def standards_error(request, exc: StandardsError):
        details = {"field": exc.field, "errors": [exc.as_dict()]}
        message = f"请求数据不合法：字段 {exc.field}：{exc.message}"
        return api.create_response(request, body("invalid", message, details), status=422)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        return api.create_response(request, translate_validation(exc.errors), status=422)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request, exc):
        message = "未登录或令牌无效，请先登录或重新获取令牌。"
        return api.create_response(request, body("unauthenticated", message), status=401)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(
            request, body("not_found", "对象不存在，或您无权访问。"), status=404
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, body("forbidden", "您无权执行此操作。"), status=403)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return api.create_response(request, body("too_large", "请求内容过大。"), status=413)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if isinstance(exc.__cause__, DomainError):  # the body parser's refusal, wrapped by ninja
            return domain_response(api, request, exc.__cause__)
        codes = {400: "bad_request", 405: "method_not_allowed", 429: "rate_limited"}
        code = codes.get(exc.status_code, "error")
        return api.create_response(request, body(code, str(exc.message)), status=exc.status_code)


class ChineseJSONRenderer(JSONRenderer):
    """JSON with Chinese left readable (UTF-8) rather than \\u-escaped."""

    json_dumps_params = {"ensure_ascii": False}


def if_match(request) -> int | None:
    """The record version an `If-Match` header names (stale edits then answer 412)."""
    from .errors import Invalid

    raw = request.headers.get("If-Match", "").replace("W/", "").strip('" ')
    if not raw:
        return None
    if not raw.isdigit():
        raise Invalid("If-Match 应为记录的 version 数字。", field="If-Match")
    return int(raw)
