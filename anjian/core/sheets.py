"""Reading uploaded spreadsheets safely: xlsx (openpyxl read-only, defusedxml) or CSV.

Every import in the project reads through `read`, so the limits below hold everywhere: the file
size, the number of data rows and of cells per row, and, before openpyxl sees a workbook, its
zip directory (entries, total uncompressed size, compression ratio of each part). The type is
decided from the bytes, never from the name. Rows come out one at a time with their sheet row
numbers, so memory stays flat however long the file is.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import filetype
from django.conf import settings

from .errors import Invalid, TooLarge

# Sized for the row cap (settings.ANJIAN["IMPORT_MAX_ROWS"], 50,000 by default): a 50,000-row
# register is about 4 MB as .xlsx (50 MB unzipped) and 15 MB as CSV.
MAX_BYTES = 32 * 1024 * 1024
MAX_CELLS = 200  # cells per row
ZIP_MAX_ENTRIES = 1000
ZIP_MAX_UNCOMPRESSED = 256 * 1024 * 1024
# A real sheet compresses 5–50×; a part far beyond that is a bomb whatever the declared total.
ZIP_MAX_RATIO = 200
ZIP_RATIO_FLOOR = 1024 * 1024  # small parts may compress very well without harm
MB = 1024 * 1024


@dataclass(frozen=True)
class Sheet:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (sheet row number, cell values), blank rows skipped


def read_limited(upload) -> bytes:
    """The upload's bytes, refused when larger than MAX_BYTES or empty."""
    too_large = f"文件超过 {MAX_BYTES // MB} MB，请拆分后上传。"
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise TooLarge(too_large, limit=MAX_BYTES, size=size)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise TooLarge(too_large, limit=MAX_BYTES)
    if not data:
        raise Invalid("上传的文件是空的。", field="file")
    return data


def check_zip(data: bytes) -> None:
    """Refuse zip bombs before anything is inflated (zipfile never reads past declared sizes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise Invalid("文件已损坏，无法作为 Excel 文件读取。", field="file") from exc
    refused = "文件结构异常：{}，疑似恶意文件，已拒绝。"
    if len(infos) > ZIP_MAX_ENTRIES:
        raise Invalid(refused.format(f"内部条目超过 {ZIP_MAX_ENTRIES} 个"), field="file")
    if sum(i.file_size for i in infos) > ZIP_MAX_UNCOMPRESSED:
        raise Invalid(refused.format(f"解压后超过 {ZIP_MAX_UNCOMPRESSED // MB} MB"), field="file")
    for info in infos:
        if info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise Invalid(refused.format("压缩比异常"), field="file")


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    return value


def _trimmed(values: list[Any], number: int) -> list[Any]:
    """The row without trailing blanks; too many cells refuse the file."""
    while values and values[-1] in (None, ""):
        values.pop()
    if len(values) > MAX_CELLS:
        raise Invalid(f"第 {number} 行超过 {MAX_CELLS} 列，请使用导入模板。", field="file")
    return values


def _headers(row) -> list[str]:
    return ["" if h is None else str(h).strip() for h in _trimmed([_cell(v) for v in row], 1)]


def max_rows(own_cap: int | None = None) -> int:
    """Data rows one import may hold (the header not counted): the administrators' setting, or
    an import's own lower cap (one whose rows are written one by one through the services)."""
    cap = settings.ANJIAN.get("IMPORT_MAX_ROWS", 50_000)
    return min(cap, own_cap) if own_cap else cap


def too_many_rows(cap: int, count: int | None = None) -> Invalid:
    """The refusal of a file over the row cap, before any row is checked or written."""
    found = f"文件有 {count:,} 行数据" if count else "文件的数据行"
    return Invalid(
        f"{found}，超过一次导入的上限 {cap:,} 行，未导入任何数据。"
        f"请拆分为每个不超过 {cap:,} 行的文件后分别导入。",
        field="file",
        limit=cap,
        rows=count,
    )


def _data_rows(rows, first: int, cap: int) -> Iterator[tuple[int, list[Any]]]:
    count = 0
    for number, row in enumerate(rows, start=first):
        values = _trimmed([_cell(v) for v in row], number)
        if not values:
            continue
        count += 1
        if count > cap:  # a sheet that declared fewer rows than it has
            raise too_many_rows(cap)
        yield number, values


def _xlsx_sheet(data: bytes, cap: int) -> Sheet:
    from openpyxl import load_workbook  # parses with defusedxml when it is installed

    check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # Rows are padded to the sheet's declared width: capped, so that a forged dimension
        # cannot pad every row to 16,384 cells, and no wider than declared, so that an honest
        # 20-column sheet is not read as 201 columns.
        # An unsized sheet (as written in streaming mode, our exports included) gives each row
        # as long as its cells.
        width = None if sheet.max_column is None else min(sheet.max_column, MAX_CELLS + 1)
        declared = sheet.max_row  # None when the sheet declares no size
        rows = sheet.iter_rows(values_only=True, max_col=width)
        header = next(rows, ())
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-Excel zip
        raise Invalid("无法读取 Excel 文件，请确认是 .xlsx 格式。", field="file") from exc
    if declared is not None and declared - 1 > cap:
        workbook.close()
        raise too_many_rows(cap, declared - 1)
    headers = _headers(header)

    def body():
        try:
            yield from _data_rows(rows, 2, cap)
        except Invalid:
            raise
        except Exception as exc:
            raise Invalid("Excel 文件内容无法解析，请另存为 .xlsx 后重试。", field="file") from exc
        finally:
            workbook.close()

    return Sheet(headers, body())


def _csv_sheet(data: bytes, cap: int) -> Sheet:
    if filetype.guess(data[:8192]) is not None or b"\x00" in data[:8192]:
        raise Invalid("不支持的文件类型，请上传 Excel（.xlsx）或 CSV 文件。", field="file")
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Invalid("CSV 文件应为 UTF-8 或 GBK 编码。", field="file")
    count = _csv_count(text)
    if count > cap:
        raise too_many_rows(cap, count)
    reader = csv.reader(io.StringIO(text, newline=""))
    return Sheet(_headers(next(reader, [])), _data_rows(reader, 2, cap))


def _csv_count(text: str) -> int:
    """Data rows (not blank, the header not counted), in one quick pass before any is read."""
    try:
        rows = csv.reader(io.StringIO(text, newline=""))
        return max(sum(1 for row in rows if any(cell.strip() for cell in row)) - 1, 0)
    except csv.Error as exc:
        raise Invalid(
            "CSV 文件格式有误，请按导入模板另存为 CSV 或 .xlsx 后重试。", field="file"
        ) from exc


def read(upload, *, own_cap: int | None = None) -> Sheet:
    """Open an uploaded .xlsx or .csv (decided by content, not by the name); more data rows
    than `max_rows(own_cap)` refuse the file."""
    data = read_limited(upload)
    cap = max_rows(own_cap)
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_sheet(data, cap)
    return _csv_sheet(data, cap)
