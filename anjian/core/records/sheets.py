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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

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


YES_NO = ("是", "否")


def yes_no(value: Any) -> bool:
    result = _str(value)
    if result in ("", "否", "N", "n", "0", "False", "false"):
        return False
    if result in ("是", "Y", "y", "1", "True", "true"):
        return True
    raise ValueError("应填“是”或“否”")


yes_no.options = list(YES_NO)  # type: ignore[attr-defined]


def options_of(column: Column) -> list[str]:
    """The values a cell may take when the column is an enumeration (its template drop-down)."""
    return list(getattr(column.parse, "options", None) or [])


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

    parse.options = list(values if upper else by_label)  # type: ignore[attr-defined]
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
    imported: bool = True  # False: exported for readers (a region's name), skipped on import

    def cell(self, obj: Any) -> Any:
        value = self.get(obj) if self.get else getattr(obj, self.field, None)
        return self.render(value)


@dataclass(frozen=True)
class Reference:
    """A sheet of the template listing what a column refers to (regions and their codes)."""

    title: str
    headers: Sequence[str]
    rows: Callable[[], Sequence[Sequence[Any]]]
    note: str = ""


@dataclass(frozen=True)
class Layout:
    """The sheet of one record type: its title, columns and the template's closing notes."""

    title: str
    columns: Sequence[Column]
    template_name: str = ""
    notes: Sequence[tuple[str, str]] = ()  # (topic, text) rows after the column notes
    example: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # field → sample value
    references: Sequence[Reference] = ()

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def template_columns(self) -> list[Column]:
        """The columns a person fills in (not those exported for reading only)."""
        return [c for c in self.columns if c.imported]

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

    def sample(self) -> list[Any]:
        """The template's sample row: the declared example, else an enumeration's first value."""
        row = []
        for column in self.template_columns:
            options = options_of(column)
            default = options[0] if options else ""
            row.append(self.example.get(column.field, default))
        return row


VALIDATION_NOTE = ("校验", "先校验全部行；任一行有误则一行也不保存，并列出行号、列名与原因。")
OPTIONS_SHEET = "选项"
SAMPLE_SHEET = "示例"


def _header_row(sheet, layout: Layout) -> None:
    sheet.append([safe_cell(c.header) for c in layout.template_columns])
    for index, column in enumerate(layout.template_columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def _drop_downs(workbook: Workbook, sheet, layout: Layout) -> None:
    """A list validation on every enumerated column, its values kept on a hidden sheet."""
    columns = enumerate(layout.template_columns, start=1)
    enumerated = [(i, c, options_of(c)) for i, c in columns if options_of(c)]
    if not enumerated:
        return
    options = workbook.create_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"
    last_row = settings.ANJIAN["IMPORT_MAX_ROWS"] + 1
    for place, (index, column, values) in enumerate(enumerated, start=1):
        letter = get_column_letter(place)
        options.cell(row=1, column=place, value=safe_cell(column.header))
        for row, value in enumerate(values, start=2):
            options.cell(row=row, column=place, value=safe_cell(value))
        rule = DataValidation(
            type="list",
            formula1=f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="请从下拉列表中选择",
            error=f"“{column.header}”只能填：" + "、".join(values),
        )
        target = get_column_letter(index)
        rule.add(f"{target}2:{target}{last_row}")
        sheet.add_data_validation(rule)


def template_bytes(layout: Layout) -> bytes:
    """A workbook with the header row (enumerations as drop-downs), a 填写说明 sheet explaining
    each column, a 示例 sheet with a sample row, and the sheets of codes the columns refer to.
    The import reads the first sheet only."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # a new workbook has one sheet, the active one
    sheet.title = layout.title
    _header_row(sheet, layout)
    listed = [c.header for c in layout.template_columns if options_of(c)]
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "说明"])
    for column in layout.template_columns:
        notes.append([column.header, "必填" if column.required else "", column.note])
    notes.append([])
    for topic, note in (*layout.notes, *_sheet_notes(layout, listed), VALIDATION_NOTE):
        notes.append([topic, "", note])
    for letter, width in (("A", 22), ("B", 10), ("C", 70)):
        notes.column_dimensions[letter].width = width
    sample = workbook.create_sheet(SAMPLE_SHEET)
    _header_row(sample, layout)
    sample.append([safe_cell(value) for value in layout.sample()])
    for reference in layout.references:
        _reference_sheet(workbook, reference)
    _drop_downs(workbook, sheet, layout)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_notes(layout: Layout, listed: list[str]) -> list[tuple[str, str]]:
    notes = []
    if listed:
        notes.append(("下拉选择", "、".join(listed) + " 列只能从单元格的下拉列表中选择。"))
    notes.append(
        (
            "示例",
            f"“{SAMPLE_SHEET}”工作表有一行填写示例；请在第一个工作表“{layout.title}”中填写，"
            "只导入第一个工作表。",
        )
    )
    notes.extend(
        (r.title, r.note or f"“{r.title}”工作表列出可填写的名称与代码。") for r in layout.references
    )
    return notes


def _reference_sheet(workbook: Workbook, reference: Reference) -> None:
    sheet = workbook.create_sheet(reference.title[:31])
    sheet.append([safe_cell(h) for h in reference.headers])
    for index in range(1, len(reference.headers) + 1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = 18
    sheet.freeze_panes = "A2"
    for row in reference.rows():
        sheet.append([safe_cell(value) for value in row])


def template_response(layout: Layout) -> HttpResponse:
    response = HttpResponse(template_bytes(layout), content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition(layout.template_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
