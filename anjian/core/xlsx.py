"""Excel output shared by every export: openpyxl write-only mode, safe cells, a Chinese filename.

Rows are written one by one to a temporary file (write-only mode keeps only the current row in
memory), then the file is streamed to the client in chunks and removed when the response closes.
Every text cell goes through `safe_cell`, so a value typed by a user can never become a formula
in the recipient's spreadsheet (OWASP "CSV injection").
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_767  # Excel's limit; longer text is cut rather than corrupting the file
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8EEF7")


def safe_cell(value: Any) -> Any:
    """A value Excel stores as data, never as a formula.

    Text starting with `= + - @`, tab or CR gets a leading single quote; characters XML cannot
    hold are removed; datetimes become local wall time to the second (Excel has no time zones);
    lists and dicts become JSON text. Numbers, dates and booleans pass through as typed values.
    """
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime):  # to the second: microseconds only clutter a sheet
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date | time):
        return value
    if isinstance(value, dict | list | tuple):
        value = json.dumps(value, ensure_ascii=False, default=str)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_TRIGGERS):
        text = "'" + text
    return text[:MAX_CELL_CHARS]


def dated(filename: str, moment: datetime | None = None) -> str:
    """`企业台帐.xlsx` → `企业台帐-20261201.xlsx`: downloads of different days stay apart."""
    stem, dot, extension = filename.rpartition(".") if "." in filename else (filename, "", "")
    day = timezone.localtime(moment) if moment else timezone.localtime()
    return f"{stem}-{day:%Y%m%d}{dot}{extension}"


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the real name per RFC 5987 / RFC 6266."""
    stem, dot, extension = filename.rpartition(".") if "." in filename else (filename, "", "")
    ascii_stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-") or "export"
    fallback = ascii_stem + dot + re.sub(r"[^A-Za-z0-9]", "", extension)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def write_workbook(
    target,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "Sheet1",
    widths: Sequence[int] | None = None,
) -> int:
    """Write one sheet (bold header row, frozen below it) to a binary file; returns data rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=safe_cell(sheet_title)[:31].lstrip("'") or "Sheet1")
    for index, width in enumerate(widths or (), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header_cells = []
    for title in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(title))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
        count += 1
    workbook.save(target)
    return count


def stream_workbook(
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "Sheet1",
    widths: Sequence[int] | None = None,
) -> FileResponse:
    """An .xlsx download of `rows` under `headers`, streamed from a temporary file."""
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115  (closed by the response)
    try:
        write_workbook(spool, headers, rows, sheet_title=sheet_title, widths=widths)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    response = FileResponse(spool, content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
