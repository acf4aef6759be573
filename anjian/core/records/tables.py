"""Table columns of list pages, declared once per record type.

A column shows an attribute (`value`, a dotted path), a coloured badge (`badge`, a
ColouredChoices class) or a small template (`template`, rendered with `row`); `link` makes it
the link to the record's page, `sub` adds a grey second line. `show` is the Tabler breakpoint
from which the column is visible (narrow phones see the first columns and the second lines),
and columns with `optional=True` can be hidden by the user from the column chooser; `when`
shows a column only to the users for whom it is true (the enterprise column to regulators).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html

SESSION_KEY = "records.columns.{}"


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    value: str = ""
    badge: Any = None
    template: str = ""
    link: bool = False
    sub: str = ""
    show: str = ""
    optional: bool = True
    empty: str = "—"
    when: Callable[[Any], bool] | None = None

    @property
    def css(self) -> str:
        return f"d-none d-{self.show}-table-cell" if self.show else ""


def resolve(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
        if callable(obj):
            obj = obj()
    return obj


def display(value: Any) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else str(value)


def render_cell(col: Col, row: Any, url: str) -> str:
    if col.template:
        return get_template(col.template).render({"row": row, "url": url, "col": col})
    value = resolve(row, col.value or col.key)
    if col.badge is not None:
        try:
            member = col.badge(value)
        except ValueError:
            return format_html('<span class="text-secondary">{}</span>', col.empty)
        main = format_html('<span class="badge bg-{}-lt">{}</span>', member.colour, member.label)
    else:
        text = display(value)
        if not text:
            main = format_html('<span class="text-secondary">{}</span>', col.empty)
        elif col.link and url:
            main = format_html('<a href="{}" class="fw-medium">{}</a>', url, text)
        else:
            main = format_html("{}", text)
    if col.sub:
        sub = display(resolve(row, col.sub))
        if sub:
            main = format_html('{}<div class="text-secondary small">{}</div>', main, sub)
    return main


def chosen(request, name: str, columns: Sequence[Col]) -> list[Col]:
    """The columns this user shows: the chooser's choice, remembered in the session."""
    key = SESSION_KEY.format(name)
    if request.GET.get("cols_set"):
        keys = request.GET.getlist("cols")
        request.session[key] = keys
    else:
        keys = request.session.get(key)
    if keys is None:
        return list(columns)
    return [c for c in columns if not c.optional or c.key in keys]
