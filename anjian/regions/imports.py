"""Import of a sheet of regions (区划代码, 名称, optional 上级代码 and bounding box): all rows or none.

Every row is checked first (code format, duplicates within the file, codes already present, a
parent that exists in the database or earlier in the file) and the whole list of bad rows is
reported before anything is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from anjian.core import audit, sheets
from anjian.core.records.importing import Context, Row, SheetImport
from anjian.core.records.sheets import Column, Layout, decimal, text
from anjian.standards import StandardsError, coordinates
from anjian.standards import region_code as codes

from .choices import Level
from .models import Region

NAME_MAX = Region._meta.get_field("name").max_length or 0  # a CharField always has one
LOOKUP_CHUNK = 500

LAYOUT = Layout(
    "区划",
    [
        Column("区划代码", "code", required=True, note="6、9 或 12 位数字"),
        Column("名称", "name", text(NAME_MAX), required=True),
        Column("上级代码", "parent", note="可选，用于核对"),
        *[
            Column(header, field, decimal(6), note=note)
            for header, field, note in (
                ("西边界经度", "west", "可选：外接矩形，四项同时填写，小数度数"),
                ("南边界纬度", "south", "可选：企业经纬度须在所属区划（或其上级）的外接矩形内"),
                ("东边界经度", "east", "可选"),
                ("北边界纬度", "north", "可选"),
            )
        ],
    ],
)
EDGES = ("west", "south", "east", "north")


@dataclass
class Sheet(Context):
    present: dict[str, bool] = field(default_factory=dict)  # code → already in the database
    seen: dict[str, int] = field(default_factory=dict)  # well-formed code → first row


@dataclass(frozen=True)
class NewRegion:
    row: int
    code: str
    name: str
    level: str
    parent: str | None
    box: coordinates.Box | None = None


def _in_database(ctx: Sheet, wanted: set[str]) -> None:
    missing = wanted - ctx.present.keys()
    if missing:
        found = set(Region.objects.filter(code__in=missing).values_list("code", flat=True))
        ctx.present.update({code: code in found for code in missing})


def _normal_or_raw(code: str) -> str:
    try:
        return codes.normalize(code)
    except codes.CodeError:
        return code


def validate(ctx: Sheet, row: Row) -> NewRegion | None:
    data = row.data
    try:
        full = codes.normalize(data["code"])
    except codes.CodeError as exc:
        row.error("code", str(exc))
        return None
    level, parent = codes.level_of(full), codes.parent_code(full)
    given_parent = data.get("parent")
    if given_parent and _normal_or_raw(given_parent) != parent:
        row.error("parent", f"上级代码与区划代码不符：应为“{parent or '无'}”。")
    _in_database(ctx, {full} if parent is None else {full, parent})
    if full in ctx.seen:
        row.error("code", f"区划代码“{full}”与第 {ctx.seen[full]} 行重复。")
    elif ctx.present[full]:
        row.error("code", f"区划代码“{full}”已存在，不能重复导入。")
    elif parent and not ctx.present[parent] and parent not in ctx.seen:
        row.error("code", f"上级区划“{parent}”不存在：既不在系统中，也不在本表此行之前。")
    ctx.seen.setdefault(full, row.number)
    return NewRegion(row.number, full, data["name"], level, parent, _box(row))


def _box(row: Row) -> coordinates.Box | None:
    """The row's bounding box: all four edges or none, well formed."""
    edges = [row.data.get(name) for name in EDGES]
    if all(edge is None for edge in edges):
        return None
    if any(edge is None for edge in edges):
        missing = next(name for name, edge in zip(EDGES, edges, strict=True) if edge is None)
        row.error(missing, "外接矩形的四个边界应同时填写（或同时留空）。")
        return None
    try:
        return coordinates.box(*edges)
    except StandardsError as exc:
        row.error(exc.field, f"外接矩形有误：{exc.message}")
        return None


def write(ctx: Sheet, rows: list[NewRegion]) -> int:
    """Insert level by level so each parent has its id before its children are written."""
    parents = sorted({row.parent for row in rows if row.parent})
    known = {}
    for start in range(0, len(parents), LOOKUP_CHUNK):
        chunk = parents[start : start + LOOKUP_CHUNK]
        known.update({r.code: r for r in Region.objects.filter(code__in=chunk)})
    for level in Level.values:
        batch = [
            Region(
                code=row.code,
                prefix=codes.prefix_of(row.code),
                name=row.name,
                level=row.level,
                parent=known.get(row.parent) if row.parent else None,
                created_by=ctx.actor,
                **_edges(row.box),
            )
            for row in rows
            if row.level == level
        ]
        Region.objects.bulk_create(batch, batch_size=1000)
        known.update({region.code: region for region in batch})
    audit.record(
        "region.import",
        actor=ctx.actor,
        object_type="regions.region",
        after={"count": len(rows), "first": rows[0].code, "last": rows[-1].code},
    )
    return len(rows)


def _edges(box: coordinates.Box | None) -> dict:
    names = ("bbox_west", "bbox_south", "bbox_east", "bbox_north")
    return dict(zip(names, box, strict=True)) if box else {}


SHEET = SheetImport(
    LAYOUT,
    permission="regions.add_region",
    denied="您无权执行此操作。",
    prepare=lambda actor, mode: Sheet(actor, mode),
    validate=validate,
    write=write,
    done=lambda count, mode: f"已导入 {count} 个区划。",
    summary="有 {count} 处错误，未导入任何区划。请修改后重新上传。",
    unknown_columns=True,
    file_label="区划表",
    file_help=f"Excel（.xlsx）或 CSV 文件，不超过 {sheets.MAX_BYTES // sheets.MB} MB。",
)
