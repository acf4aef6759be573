"""Request input that no field may hold, refused before it reaches a form, a schema or the
database: NUL bytes (PostgreSQL text cannot store them), lone surrogates (not encodable as
UTF-8), NaN and Infinity (not JSON, and not a measurement), integers beyond 64 bits and JSON
nested deeper than any of our schemas."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ninja.parser import Parser

from .errors import DomainError

REFUSED_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
MAX_JSON_DEPTH = 20
MAX_INTEGER = 2**63 - 1


class BadInput(DomainError):
    code = "bad_request"
    default_message = "请求内容无法解析。"


def refused_character(text: str) -> bool:
    return REFUSED_CHARACTERS.search(text) is not None


def _constant(name: str) -> Any:
    raise BadInput(f"JSON 中不允许 {name}，数值应为有限的数字。", code="bad_number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BadInput(f"数值 {text[:20]} 超出允许范围。", code="bad_number")
    return value


def _int(text: str) -> int:
    value = int(text)
    if abs(value) > MAX_INTEGER:
        raise BadInput(f"整数 {text[:20]}… 超出允许范围。", code="bad_number")
    return value


def check_json(data: Any) -> None:
    """Walks the parsed body without recursion: depth, keys and strings."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise BadInput(f"JSON 嵌套超过 {MAX_JSON_DEPTH} 层。", code="too_deep")
        if isinstance(value, str):
            if refused_character(value):
                raise BadInput(
                    "请求含有不允许的字符（NUL 或不成对的代理字符）。", code="bad_character"
                )
        elif isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def parse_json(raw: bytes) -> Any:
    """A JSON request body, refusing what `check_json` and the number hooks refuse."""
    try:
        data = json.loads(raw, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except RecursionError as exc:
        raise BadInput(f"JSON 嵌套超过 {MAX_JSON_DEPTH} 层。", code="too_deep") from exc
    except ValueError as exc:  # includes invalid UTF-8 and too many digits
        raise BadInput("请求体不是合法的 JSON（UTF-8 编码）。", code="bad_json") from exc
    check_json(data)
    return data


class StrictJSONParser(Parser):
    """ninja's JSON body parser, through `parse_json`."""

    def parse_body(self, request) -> Any:
        return parse_json(request.body)
