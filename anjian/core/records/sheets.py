"""A record type's spreadsheet layout: one column list for the template, the export and the import.

A `Column` says how a cell becomes a value (`parse`, raising ValueError with a Chinese message),
how a value becomes a cell (`render`) and where the value comes from on an object (`get`, for
references by natural key such as a region code or a sector name). Because export and import
share the columns, exporting a list and importing it back changes nothing. The parsers below
are the only copies in the project.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from anjian.core.xlsx import HEADER_FILL, HEADER_FONT, XLSX_MIME, content_disposition, safe_cell

# ---- parsers: cell → value ----------------------------------------------------------------


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed as a number in Excel
    return str(value).strip()


def text(max_length: int = 0) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        result = _str(value)
        if max_length and len(result) > max_length:
            raise ValueError(f"不能超过 {max_length} 个字")
        return result

    return parse


def integer(value: Any) -> int | None:
    """A whole number, not negative; blank is None."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError("应为整数") from exc
    if number != number.to_integral_value():
        raise ValueError("应为整数")
    if number < 0:
        raise ValueError("不能为负数")
    return int(number)


def decimal(places: int = 6) -> Callable[[Any], Decimal | None]:
    quantum = Decimal(1).scaleb(-places)

    def parse(value: Any) -> Decimal | None:
        if value in (None, ""):
            return None
        try:
            return Decimal(str(value).strip()).quantize(quantum)
        except InvalidOperation as exc:
            raise ValueError("应为数字") from exc

    return parse


def yes_no(value: Any) -> bool:
    result = _str(value)
    if result in ("", "否", "N", "n", "0", "False", "false"):
        return False
    if result in ("是", "Y", "y", "1", "True", "true"):
        return True
    raise ValueError("应填“是”或“否”")


def choice(choices, *, upper: bool = False) -> Callable[[Any], str]:
    """A TextChoices (or ColouredChoices) value given by its label or by the value itself
    (`upper`: a value typed in lower case counts, for letter codes such as A–D)."""
    by_label = {str(label): value for value, label in choices.choices}
    values = {str(v): v for v in choices.values}

    def parse(value: Any) -> str:
        result = _str(value)
        if result == "":
            return ""
        if result in by_label:
            return by_label[result]
        if (result.upper() if upper else result) in values:
            return values[result.upper() if upper else result]
        raise ValueError("应为：" + "、".join(values if upper else by_label))

    return parse


def day(value: Any) -> date | None:
    """A date cell, or text as YYYY-MM-DD (or YYYY/MM/DD); blank is None."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError as exc:
        raise ValueError("日期格式应为 YYYY-MM-DD") from exc


# ---- renderers: value → cell --------------------------------------------------------------


def plain(value: Any) -> Any:
    return value


def label(choices) -> Callable[[Any], str]:
    labels = dict(choices.choices)
    return lambda value: str(labels.get(value, "")) if value else ""


def yes_no_label(value: Any) -> str:
    return "是" if value else "否"


# ---- the declaration ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: Callable[[Any], Any] = dataclasses.field(default_factory=text)
    render: Callable[[Any], Any] = plain
    get: Callable[[Any], Any] | None = None  # object → value; by default the attribute `field`
    required: bool = False
    width: int = 14
    note: str = ""

    def cell(self, obj: Any) -> Any:
        value = self.get(obj) if self.get else getattr(obj, self.field, None)
        return self.render(value)


@dataclass(frozen=True)
class Layout:
    """The sheet of one record type: its title, columns and the template's closing notes."""

    title: str
    columns: Sequence[Column]
    template_name: str = ""
    notes: Sequence[tuple[str, str]] = ()  # (topic, text) rows after the column notes

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def widths(self) -> list[int]:
        return [c.width for c in self.columns]

    def column(self, header: str) -> Column | None:
        return next((c for c in self.columns if c.header == header), None)

    def header_of(self, name: str | None) -> str | None:
        """The header of the column filling a field (or named so), None when none does."""
        return next((c.header for c in self.columns if name in (c.field, c.header)), None)

    def row(self, obj: Any) -> list[Any]:
        return [column.cell(obj) for column in self.columns]


VALIDATION_NOTE = ("校验", "先校验全部行；任一行有误则一行也不保存，并列出行号、列名与原因。")


def template_bytes(layout: Layout) -> bytes:
    """A workbook with the header row and a 填写说明 sheet explaining each column."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # a new workbook has one sheet, the active one
    sheet.title = layout.title
    sheet.append([safe_cell(h) for h in layout.headers])
    for index, column in enumerate(layout.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "说明"])
    for column in layout.columns:
        notes.append([column.header, "必填" if column.required else "", column.note])
    notes.append([])
    for topic, note in (*layout.notes, VALIDATION_NOTE):
        notes.append([topic, "", note])
    for letter, width in (("A", 22), ("B", 10), ("C", 70)):
        notes.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_response(layout: Layout) -> HttpResponse:
    response = HttpResponse(template_bytes(layout), content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition(layout.template_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
