"""Reading uploaded spreadsheets safely: xlsx (openpyxl read-only, defusedxml) or UTF-8 CSV.

Before openpyxl sees a workbook, its zip directory is checked against a zip bomb: the number of
entries, the total uncompressed size and the compression ratio. Rows come out one at a time
with their sheet row numbers, so memory stays flat however long the file is.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook

from .attachments import read_limited
from .errors import Invalid

MAX_ENTRIES = 1000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200


@dataclass(frozen=True)
class Sheet:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (sheet row number, cell values)


def check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Invalid("文件不是有效的 Excel（xlsx）文件。", field="file") from exc
    with archive:
        entries = archive.infolist()
        total = sum(e.file_size for e in entries)
        packed = sum(e.compress_size for e in entries) or 1
    if len(entries) > MAX_ENTRIES or total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        raise Invalid("文件结构异常（解压后过大或条目过多），已拒绝处理。", field="file")


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    return value


def _xlsx_rows(data: bytes) -> Sheet:
    check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for malformed files
        raise Invalid("无法读取该 Excel 文件，请用模板重新填写。", field="file") from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headers = [str(h).strip() if h is not None else "" for h in next(rows, ())]

    def body():
        for number, row in enumerate(rows, start=2):
            values = [_cell(v) for v in row]
            if any(v not in (None, "") for v in values):
                yield number, values
        workbook.close()

    return Sheet(headers, body())


def _csv_rows(data: bytes) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid("CSV 文件应为 UTF-8 编码。", field="file") from exc
    reader = csv.reader(io.StringIO(text))
    headers = [h.strip() for h in next(reader, [])]

    def body():
        for number, row in enumerate(reader, start=2):
            values = [v.strip() for v in row]
            if any(values):
                yield number, values

    return Sheet(headers, body())


def read(upload) -> Sheet:
    """Open an uploaded .xlsx or .csv (decided by content, not by the name)."""
    data = read_limited(upload)
    if data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data)
    return _csv_rows(data)


def as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).replace("/", "-"))
    except ValueError as exc:
        raise ValueError("日期格式应为 YYYY-MM-DD") from exc
