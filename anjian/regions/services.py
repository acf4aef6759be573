"""Writes on regions, grids and sectors: one region, a whole sheet of regions, grids, sectors.

The region sheet import is all-or-nothing: every row is checked first (code format, duplicates
within the file, codes already present, a parent that exists in the database or earlier in the
file) and the whole list of bad rows is reported before anything is saved.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import filetype
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from anjian.core import audit
from anjian.core.errors import Forbidden, Invalid, TooLarge
from anjian.standards import region_code as codes

from .choices import Level
from .models import Grid, Region, Sector

IMPORT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_ROWS = 20_000
ZIP_MAX_ENTRIES = 1000
ZIP_MAX_UNCOMPRESSED = 50 * 1024 * 1024
# A real sheet compresses 5–50×; a part far beyond that is a bomb whatever the declared total.
ZIP_MAX_RATIO = 200
ZIP_RATIO_FLOOR = 1024 * 1024  # small parts may compress very well without harm
CODE, NAME, PARENT = "区划代码", "名称", "上级代码"
NAME_MAX = Region._meta.get_field("name").max_length
LOOKUP_CHUNK = 500


def _require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise Forbidden()


def _full_clean(obj, exclude: Iterable[str] = ()) -> None:
    """Model validation with the first message as a domain error on its field."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        field = None if field == NON_FIELD_ERRORS else field
        raise Invalid(messages[0], field=field) from exc


# ---- one region ---------------------------------------------------------------------------


def _parse_code(code: str, field: str = "code") -> tuple[str, str, str | None]:
    """(12-digit code, level, parent code) or Invalid on the given field."""
    try:
        full = codes.normalize(code)
        return full, codes.level_of(full), codes.parent_code(full)
    except codes.CodeError as exc:
        raise Invalid(str(exc), field=field) from exc


def region_create(*, actor, code: str, name: str) -> Region:
    """Add one region under an existing parent (a province needs none)."""
    _require(actor, "regions.add_region")
    full, level, parent_code = _parse_code(code)
    name = (name or "").strip()
    if not name:
        raise Invalid("名称不能为空。", field="name")
    with transaction.atomic():
        if Region.objects.filter(code=full).exists():
            raise Invalid(f"区划代码“{full}”已存在。", field="code")
        parent = Region.objects.filter(code=parent_code).first() if parent_code else None
        if parent_code and parent is None:
            raise Invalid(f"上级区划“{parent_code}”不存在，请先添加上级区划。", field="code")
        region = Region(
            code=full,
            prefix=codes.prefix_of(full),
            name=name,
            level=level,
            parent=parent,
            created_by=actor,
        )
        _full_clean(region)
        region.save()
        audit.record("region.create", actor=actor, obj=region, after={"code": full, "name": name})
    return region


# ---- a sheet of regions -------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    row: int
    code: str
    name: str
    level: str
    parent: str | None


def regions_import(*, actor, file) -> int:
    """Import a sheet (xlsx or CSV: 区划代码, 名称, optional 上级代码); all rows or none.

    Raises Invalid with details["errors"] = [{"row", "column", "message"}] naming every bad row
    by its sheet row number (the header is row 1).
    """
    _require(actor, "regions.add_region")
    rows = _read_sheet(_read_limited(file))
    valid, errors = _validate(rows)
    if errors:
        raise Invalid(f"有 {len(errors)} 处错误，未导入任何区划。请修改后重新上传。", errors=errors)
    if not valid:
        raise Invalid("表格中没有数据行。", field="file")
    with transaction.atomic():
        _save(actor, valid)
        audit.record(
            "region.import",
            actor=actor,
            object_type="regions.region",
            after={"count": len(valid), "first": valid[0].code, "last": valid[-1].code},
        )
    return len(valid)


def _read_limited(file) -> bytes:
    too_large = f"文件超过 {IMPORT_MAX_BYTES // (1024 * 1024)} MB，请拆分后上传。"
    size = getattr(file, "size", None)
    if size is not None and size > IMPORT_MAX_BYTES:
        raise TooLarge(too_large, limit=IMPORT_MAX_BYTES)
    data = file.read(IMPORT_MAX_BYTES + 1)
    if len(data) > IMPORT_MAX_BYTES:
        raise TooLarge(too_large, limit=IMPORT_MAX_BYTES)
    if not data:
        raise Invalid("上传的文件是空的。", field="file")
    return data


def _read_sheet(data: bytes) -> list[tuple]:
    """The rows of the first sheet (xlsx) or of the CSV text, header first."""
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data)
    if filetype.guess(data[:8192]) is not None or b"\x00" in data[:8192]:
        raise Invalid("不支持的文件类型，请上传 Excel（.xlsx）或 CSV 文件。", field="file")
    return _csv_rows(data)


def _check_zip(data: bytes) -> None:
    """Refuse zip bombs before anything is inflated (zipfile never reads past declared sizes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise Invalid("文件已损坏，无法作为 Excel 文件读取。", field="file") from exc
    if len(infos) > ZIP_MAX_ENTRIES:
        raise Invalid(
            f"文件内部条目超过 {ZIP_MAX_ENTRIES} 个，疑似恶意文件，已拒绝。", field="file"
        )
    if sum(i.file_size for i in infos) > ZIP_MAX_UNCOMPRESSED:
        raise Invalid("文件解压后超过 50 MB，疑似恶意文件，已拒绝。", field="file")
    for info in infos:
        if info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise Invalid("文件压缩比异常，疑似恶意文件，已拒绝。", field="file")


def _xlsx_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook  # parses with defusedxml when it is installed

    _check_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-Excel zip
        raise Invalid("无法读取 Excel 文件，请确认是 .xlsx 格式。", field="file") from exc
    try:
        rows = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            rows.append(row)
            _check_row_count(rows)
        return rows
    except Invalid:
        raise
    except Exception as exc:
        raise Invalid("Excel 文件内容无法解析，请另存为 .xlsx 后重试。", field="file") from exc
    finally:
        book.close()


def _csv_rows(data: bytes) -> list[tuple]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    rows = []
    for row in csv.reader(io.StringIO(text, newline="")):
        rows.append(tuple(row))
        _check_row_count(rows)
    return rows


def _check_row_count(rows: list) -> None:
    if len(rows) > IMPORT_MAX_ROWS + 1:
        raise Invalid(f"一次最多导入 {IMPORT_MAX_ROWS} 行，请拆分后上传。", field="file")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed as a number in Excel
    return str(value).strip()


def _columns(header: tuple) -> dict[str, int]:
    names = [_text(cell) for cell in header]
    found = {label: names.index(label) for label in (CODE, NAME, PARENT) if label in names}
    missing = [label for label in (CODE, NAME) if label not in found]
    if missing:
        errors = [{"row": 1, "column": m, "message": f"表头缺少“{m}”列。"} for m in missing]
        raise Invalid("表头不符合模板：第一行须包含“区划代码”和“名称”。", errors=errors)
    return found


def _validate(rows: list[tuple]) -> tuple[list[_Row], list[dict]]:
    if not rows:
        raise Invalid("表格是空的。", field="file")
    columns = _columns(rows[0])
    cells = []
    for number, raw in enumerate(rows[1:], start=2):
        values = {label: _text(raw[i]) if i < len(raw) else "" for label, i in columns.items()}
        if any(values.values()):
            cells.append((number, values))
    existing = _existing_codes(cells)
    seen: dict[str, int] = {}
    valid, errors = [], []
    for number, values in cells:
        row, problems = _check_row(number, values, seen, existing)
        errors.extend(problems)
        if row is not None and not problems:
            valid.append(row)
    return valid, errors


def _existing_codes(cells: list[tuple[int, dict]]) -> set[str]:
    """Codes already in the database among those the file names or needs as parents."""
    wanted = set()
    for _, values in cells:
        try:
            full = codes.normalize(values[CODE])
            wanted.update({full, codes.parent_code(full) or full})
        except codes.CodeError:
            continue
    found: set[str] = set()
    ordered = sorted(wanted)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        found.update(Region.objects.filter(code__in=chunk).values_list("code", flat=True))
    return found


def _check_row(number: int, values: dict, seen: dict[str, int], existing: set[str]):
    """One row's problems; `seen` gathers the well-formed codes of the rows read so far."""

    def problem(column: str, message: str) -> dict:
        return {"row": number, "column": column, "message": message}

    try:
        full, level, parent = _parse_code(values[CODE])
    except Invalid as exc:
        message = "区划代码不能为空。" if not values[CODE] else exc.message
        return None, [problem(CODE, message)]
    problems = []
    name = values[NAME]
    if not name:
        problems.append(problem(NAME, "名称不能为空。"))
    elif len(name) > NAME_MAX:
        problems.append(problem(NAME, f"名称超过 {NAME_MAX} 个字。"))
    if values.get(PARENT) and _normal_or_raw(values[PARENT]) != parent:
        problems.append(problem(PARENT, f"上级代码与区划代码不符：应为“{parent or '无'}”。"))
    if full in seen:
        problems.append(problem(CODE, f"区划代码“{full}”与第 {seen[full]} 行重复。"))
    elif full in existing:
        problems.append(problem(CODE, f"区划代码“{full}”已存在，不能重复导入。"))
    elif parent and parent not in existing and parent not in seen:
        problems.append(
            problem(CODE, f"上级区划“{parent}”不存在：既不在系统中，也不在本表此行之前。")
        )
    seen.setdefault(full, number)
    return _Row(number, full, name, level, parent), problems


def _normal_or_raw(code: str) -> str:
    try:
        return codes.normalize(code)
    except codes.CodeError:
        return code


def _save(actor, rows: list[_Row]) -> None:
    """Insert level by level so each parent has its id before its children are written."""
    parents = {row.parent for row in rows if row.parent}
    known = {}
    ordered = sorted(parents)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        known.update({r.code: r for r in Region.objects.filter(code__in=chunk)})
    for level in Level.values:
        batch = [
            Region(
                code=row.code,
                prefix=codes.prefix_of(row.code),
                name=row.name,
                level=row.level,
                parent=known.get(row.parent) if row.parent else None,
                created_by=actor,
            )
            for row in rows
            if row.level == level
        ]
        Region.objects.bulk_create(batch, batch_size=1000)
        known.update({region.code: region for region in batch})


# ---- grids and sectors --------------------------------------------------------------------

GRID_FIELDS = ("township", "code", "name", "responsible_name", "responsible_phone", "is_active")
SECTOR_FIELDS = ("name", "order", "is_active")


def _grid_snapshot(grid: Grid) -> dict:
    return {name: getattr(grid, name) for name in GRID_FIELDS if name != "township"} | {
        "township": grid.region_code
    }


def _check_township(township: Region) -> None:
    if township is None or township.level != Level.TOWNSHIP:
        raise Invalid("网格只能设在乡镇（街道）下。", field="township")


def grid_create(
    *,
    actor,
    township: Region,
    code: str,
    name: str,
    responsible_name: str,
    responsible_phone: str = "",
) -> Grid:
    """A patrol grid in a township, with its responsible person."""
    _require(actor, "regions.add_grid")
    _check_township(township)
    with transaction.atomic():
        grid = Grid(
            township=township,
            region_code=township.code,
            code=(code or "").strip(),
            name=name,
            responsible_name=responsible_name,
            responsible_phone=responsible_phone,
            created_by=actor,
        )
        _full_clean(grid)
        grid.save()
        audit.record("grid.create", actor=actor, obj=grid, after=_grid_snapshot(grid))
    return grid


def grid_update(*, actor, grid: Grid, **fields) -> Grid:
    _require(actor, "regions.change_grid")
    unknown = set(fields) - set(GRID_FIELDS)
    if unknown:
        raise Invalid(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
    if "township" in fields:
        _check_township(fields["township"])
    with transaction.atomic():
        locked = Grid.objects.select_for_update().get(pk=grid.pk)
        before = _grid_snapshot(locked)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.region_code = locked.township.code
        locked.updated_by = actor
        _full_clean(locked)
        locked.save()
        audit.record(
            "grid.update", actor=actor, obj=locked, before=before, after=_grid_snapshot(locked)
        )
    return locked


def sector_create(*, actor, code: str, name: str, order: int = 100) -> Sector:
    """A supervision sector; its code is fixed from now on (other records refer to it)."""
    _require(actor, "regions.add_sector")
    with transaction.atomic():
        sector = Sector(code=(code or "").strip(), name=(name or "").strip(), order=order)
        _full_clean(sector)
        sector.save()
        audit.record(
            "sector.create",
            actor=actor,
            obj=sector,
            after={"code": sector.code, "name": sector.name, "order": order},
        )
    return sector


def sector_update(*, actor, sector: Sector, **fields) -> Sector:
    _require(actor, "regions.change_sector")
    unknown = set(fields) - set(SECTOR_FIELDS)
    if unknown:
        raise Invalid(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
    with transaction.atomic():
        locked = Sector.objects.select_for_update().get(pk=sector.pk)
        before = {name: getattr(locked, name) for name in SECTOR_FIELDS}
        for name, value in fields.items():
            setattr(locked, name, value)
        _full_clean(locked)
        locked.save()
        audit.record(
            "sector.update",
            actor=actor,
            obj=locked,
            before=before,
            after={name: getattr(locked, name) for name in SECTOR_FIELDS},
        )
    return locked
