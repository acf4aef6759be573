"""Export of a filtered list as Excel: the layout's columns, streamed in constant memory, audited.

The rows come from the same selector as the list page and the API, so an export holds exactly
what its author sees. The export itself is an audit event (`<type>.export`) with the filters and
the row count, written before the first byte leaves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from anjian.core import audit
from anjian.core.errors import Forbidden
from anjian.core.xlsx import dated, stream_workbook

from .sheets import Layout

CHUNK = 2000


def filters_dict(filters: Any) -> dict[str, Any]:
    """The filters actually set: a ninja/pydantic schema or a plain mapping."""
    if hasattr(filters, "dict"):
        return filters.dict(exclude_none=True)
    return {k: v for k, v in dict(filters or {}).items() if v not in (None, "")}


@dataclass(frozen=True)
class SheetExport:
    layout: Layout
    permission: str
    denied: str  # the 403 message
    rows: Callable[[Any, Any], Any]  # (user, filters) → the scoped, filtered queryset
    event: str  # enterprise.export
    filename: Callable[[], str] | str  # a name (the day is added) or a function of the moment


def export_response(spec: SheetExport, user, filters: Any = None):
    """The filtered rows as the layout's columns, streamed; the export itself is audited."""
    if not user.has_perm(spec.permission):
        raise Forbidden(spec.denied)
    qs = spec.rows(user, filters)
    meta = qs.model._meta
    with transaction.atomic():
        audit.record(
            spec.event,
            actor=user,
            object_type=f"{meta.app_label}.{meta.model_name}",
            after={"filters": filters_dict(filters), "count": qs.count()},
        )
    layout = spec.layout
    filename = spec.filename() if callable(spec.filename) else dated(spec.filename)
    return stream_workbook(
        filename,
        layout.headers,
        (layout.row(obj) for obj in qs.iterator(chunk_size=CHUNK)),
        sheet_title=layout.title,
        widths=layout.widths,
    )
