"""Keyset (cursor) pagination for API lists: stable under inserts, constant cost at any depth.

The cursor is an opaque base64 token holding the ordering values of the last item returned.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet

from .errors import Invalid

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


def _encode(values: list[Any]) -> str:
    raw = json.dumps(values, cls=DjangoJSONEncoder, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, qs: QuerySet, fields: list[str]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise Invalid("分页游标 cursor 无效，请从第一页重新获取。", field="cursor") from exc
    if not isinstance(values, list) or len(values) != len(fields):
        raise Invalid("分页游标 cursor 无效，请从第一页重新获取。", field="cursor")
    meta = qs.model._meta
    try:
        return [meta.get_field(f).to_python(v) for f, v in zip(fields, values, strict=True)]
    except Exception as exc:
        raise Invalid("分页游标 cursor 无效，请从第一页重新获取。", field="cursor") from exc


def _after(order: tuple[str, ...], values: list[Any]) -> Q:
    """(a, b) > (x, y) in the given directions, spelled out so every database can use the index."""
    condition = Q()
    for i, term in enumerate(order):
        name = term.lstrip("-")
        op = "lt" if term.startswith("-") else "gt"
        step = Q(**{f"{name}__{op}": values[i]})
        for j in range(i):
            step &= Q(**{order[j].lstrip("-"): values[j]})
        condition |= step
    return condition


def check_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid(f"limit 必须在 1 到 {MAX_LIMIT} 之间。", field="limit")
    return limit


def paginate(
    qs: QuerySet,
    *,
    order: tuple[str, ...] = ("-id",),
    cursor: str | None = None,
    limit: int | None = None,
    with_count: bool = False,
) -> dict[str, Any]:
    """Return {"items": [...], "next_cursor": str|None} (+ "count" when asked)."""
    limit = check_limit(limit)
    if order[-1].lstrip("-") not in ("id", "pk"):
        order = (*order, "-id" if order[-1].startswith("-") else "id")
    fields = [term.lstrip("-") for term in order]
    ordered = qs.order_by(*order)
    page_qs = ordered
    if cursor:
        page_qs = ordered.filter(_after(order, _decode(cursor, qs, fields)))
    rows = list(page_qs[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = _encode([getattr(last, f) for f in fields])
    result: dict[str, Any] = {"items": rows, "next_cursor": next_cursor}
    if with_count:
        result["count"] = qs.count()
    return result


def query_without(request, *names: str) -> str:
    """The current query string minus some parameters (page links, export links)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
