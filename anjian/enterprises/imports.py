"""Bulk import of the registry from a spreadsheet: every row checked first, then all or nothing.

Each row becomes an enterprise through `services.enterprise_validate`, the rules of the edit
form (credit code, region and sector in the uploader's scope, grid of that township, model
validation); what the rows refer to and the duplicates are looked up once for the whole file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from anjian.accounts.services import (
    enterprise_organisations_prepare,
    enterprise_organisations_sync,
)
from anjian.core import audit
from anjian.core.errors import Conflict, Invalid
from anjian.core.masking import mask_phone
from anjian.core.models import AuditEvent
from anjian.core.records.bulk import prepare_insert, prepare_update, reserve_ids
from anjian.core.records.importing import Context, Mode, Row, SheetImport
from anjian.core.records.models import follow_enterprises, lock_records
from anjian.regions.selectors import Grid, Region, Sector, region_bounds
from anjian.standards import region_code as codes

from .exports import COLUMNS, LAYOUT
from .models import Enterprise
from .services import (
    change_event,
    enterprise_validate,
    is_move,
    normalize_credit_code,
    snapshot,
)
from .validation import BoundsLookup

PHONES = ("principal_phone", "safety_manager_phone")
REFERENCES = ("region", "grid", "sector")
FIELDS = [c.field for c in COLUMNS if c.field != "credit_code" and c.imported]


@dataclass
class Lookups(Context):
    regions: dict[str, Region] = field(default_factory=dict)
    grids: dict[str, Grid] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    existing: dict[str, Enterprise] = field(default_factory=dict)  # visible ones, for update
    taken: set[str] = field(default_factory=set)  # every live credit code
    seen: dict[str, int] = field(default_factory=dict)  # credit code → first row in the file
    before: dict[int, dict] = field(default_factory=dict)  # audited state before an update
    bounds: BoundsLookup | None = None  # region code → its (inherited) bounding box


def prepare(actor, mode: str) -> Lookups:
    regions = {
        r.code: r
        for r in Region.objects.visible_to(actor).filter(level__in=("township", "village"))
    }
    grids = {g.code: g for g in Grid.objects.filter(region_code__in=regions.keys())}
    sectors = {}
    for sector in Sector.objects.filter(is_active=True):
        sectors[sector.name] = sectors[sector.code] = sector
    live = Enterprise.objects.live()
    existing = {}
    if mode == "update":
        existing = {
            e.credit_code: e
            for e in live.visible_to(actor).select_related("region", "grid", "sector")
        }
    taken = set(live.values_list("credit_code", flat=True))
    lookups = Lookups(actor, mode, regions, grids, sectors, existing, taken)
    lookups.bounds = region_bounds()
    return lookups


def _region(ctx: Lookups, value: str) -> Region | None:
    try:
        return ctx.regions.get(codes.normalize(value))
    except codes.CodeError:
        return None


def _references(ctx: Lookups, row: Row) -> None:
    """Natural keys → rows (region by code, grid by code, sector by name or code)."""
    data = row.data
    region = _region(ctx, data["region"]) if data.get("region") else None
    if data.get("region") and region is None:
        row.error("region", f"区划 {data['region']} 不存在或不在您的辖区内")
    grid = ctx.grids.get(data.get("grid") or "")
    if data.get("grid") and (grid is None or region is None or grid.region_code != region.code):
        row.error("grid", f"网格 {data['grid']} 不存在或不属于该乡镇（街道）")
    sector = ctx.sectors.get(data.get("sector") or "")
    if data.get("sector") and sector is None:
        row.error("sector", f"未知的监管行业“{data['sector']}”")
    data.update(region=region, grid=grid, sector=sector)


def _identity(ctx: Lookups, row: Row) -> str | None:
    """The row's credit code, checked and normalized; None when it is refused."""
    if "credit_code" in row.refused:
        return None
    try:
        code = normalize_credit_code(row.data["credit_code"])
    except Invalid as exc:
        row.error("credit_code", exc.message)
        return None
    if code in ctx.seen:
        row.error("credit_code", f"与第 {ctx.seen[code]} 行重复")
    ctx.seen.setdefault(code, row.number)
    if ctx.mode == "create" and code in ctx.taken:
        row.error("credit_code", "该企业已登记（如需修改请用“更新”方式导入）")
    if ctx.mode == "update" and code not in ctx.existing:
        row.error("credit_code", "未找到该企业，或不在您的辖区内")
    return code


def _draft(ctx: Lookups, row: Row, code: str | None) -> tuple[Enterprise, set[str] | None] | None:
    """The enterprise the row describes, with the fields it changes (None: a new one, all)."""
    if ctx.mode == "create":
        enterprise = Enterprise(
            credit_code=code or row.data.get("credit_code") or "",
            created_by=ctx.actor,
            updated_by=ctx.actor,
        )
        changed = None
    elif code in ctx.existing:
        enterprise = ctx.existing[code]
        ctx.before[enterprise.pk] = snapshot(enterprise)
        changed = set()
    else:
        return None
    for name, value in row.data.items():
        if name == "credit_code":
            continue
        if name in PHONES and enterprise.pk and value == mask_phone(getattr(enterprise, name)):
            continue  # an exported (masked) number stands for the stored one
        if changed is not None and getattr(enterprise, name) != value:
            changed.add(name)
        setattr(enterprise, name, value)
    return enterprise, changed


def validate(ctx: Lookups, row: Row) -> Enterprise | None:
    """Every problem of the row at once: the cells that did not parse (already reported), the
    references, then the registry's rules on what is left (`enterprise_validate`)."""
    code = _identity(ctx, row)
    _references(ctx, row)
    drafted = _draft(ctx, row, code)
    if drafted is None:
        return None
    enterprise, changed = drafted
    try:
        enterprise_validate(
            actor=ctx.actor,
            enterprise=enterprise,
            check_duplicates=False,
            changed=changed,
            bounds=ctx.bounds,
        )
    except Invalid as exc:
        reported = {name for name, _ in row.errors} | row.refused
        for error in exc.details.get("errors") or [
            {"field": exc.details.get("field"), "message": exc.message}
        ]:
            if error.get("field") not in reported:
                row.error(error.get("field"), error.get("message") or exc.message)
    return None if row.errors or row.refused else enterprise


def write(ctx: Lookups, enterprises: list[Enterprise]) -> int:
    return stage(ctx, enterprises)()


def stage(ctx: Lookups, enterprises: list[Enterprise]) -> Callable[[], int]:
    if ctx.mode == "create":
        return stage_create(ctx.actor, enterprises)
    return stage_update(ctx, enterprises)


def stage_create(actor, enterprises: list[Enterprise]) -> Callable[[], int]:
    """New enterprises and their audit events, prepared before the transaction (ids reserved,
    phones encrypted); the returned write only runs the INSERTs."""
    for enterprise, pk in zip(enterprises, reserve_ids(Enterprise, len(enterprises)), strict=True):
        enterprise.pk = pk
    events = [
        audit.build("enterprise.create", actor=actor, obj=e, after=snapshot(e)) for e in enterprises
    ]
    events.append(_import_event(actor, {"mode": "create", "count": len(enterprises)}))
    rows = [
        prepare_insert(Enterprise, enterprises),
        enterprise_organisations_prepare(enterprises),  # each one's organisation, for accounts
        prepare_insert(AuditEvent, events),
    ]

    def run() -> int:
        for prepared in rows:
            prepared.execute()
        return len(enterprises)

    return run


UPDATED = [*FIELDS, "region_code", "version", "updated_by", "updated_at"]
CHANGED_MEANWHILE = "导入未保存：其间有企业被他人修改，请重新导出后再修改导入。"


def stage_update(ctx: Lookups, enterprises: list[Enterprise]) -> Callable[[], int]:
    """The changed enterprises' UPDATEs and audit events, prepared before the transaction. Each
    UPDATE matches only the version that was checked, so an enterprise edited by someone since
    refuses the whole import (409) instead of being overwritten. Moves are written inside:
    their records follow, and the events name the counts."""
    changed, diffs, now = [], {}, timezone.now()
    for enterprise in enterprises:
        before, after = ctx.before[enterprise.pk], snapshot(enterprise)
        diff = {k: v for k, v in after.items() if before[k] != v}
        if not diff:
            continue
        enterprise.version += 1
        enterprise.updated_by = ctx.actor
        enterprise.updated_at = now
        changed.append(enterprise)
        diffs[enterprise.pk] = diff
    update = prepare_update(Enterprise, changed, UPDATED, versions=[e.version - 1 for e in changed])
    moving = [e for e in changed if is_move(diffs[e.pk])]
    events = [
        audit.build(**change_event(ctx.actor, e, ctx.before[e.pk], diffs[e.pk]))
        for e in changed
        if not is_move(diffs[e.pk])
    ]
    summary = {"mode": "update", "rows": len(enterprises), "changed": len(changed)}
    events.append(_import_event(ctx.actor, summary))
    plain = prepare_insert(AuditEvent, events)

    def run() -> int:
        # a move locks its records, then its enterprises, as the edit service does
        ids = sorted(e.pk for e in moving)
        lock_records(ids)
        for start in range(0, len(ids), 1000):
            rows = Enterprise.objects.select_for_update().filter(pk__in=ids[start : start + 1000])
            list(rows.order_by("pk").values_list("pk", flat=True))
        if update.execute() != len(changed):
            raise Conflict(CHANGED_MEANWHILE)
        # the records of every moved enterprise follow it: one UPDATE per record type for all
        moved = follow_enterprises([e.pk for e in moving])
        moves = [
            audit.build(**change_event(ctx.actor, e, ctx.before[e.pk], diffs[e.pk], moved))
            for e in moving
        ]
        plain.execute()
        audit.record_many(moves)
        enterprise_organisations_sync(changed)  # renamed or moved: their organisations follow
        return len(changed)

    return run


def _import_event(actor, after: dict):
    return audit.build(
        "enterprise.import", actor=actor, object_type="enterprises.enterprise", after=after
    )


def _done(count: int, mode: str) -> str:
    verb = "新增" if mode == "create" else "更新"
    return f"导入完成：已保存 {count} 家企业（{verb}）。"


SHEET = SheetImport(
    LAYOUT,
    permission="enterprises.import_enterprise",
    denied="您无权批量导入企业。",
    prepare=prepare,
    validate=validate,
    write=write,
    stage=stage,
    modes=[
        Mode("create", "新增", "每行登记一家新企业"),
        Mode("update", "更新", "按统一社会信用代码更新已登记企业"),
    ],
    done=_done,
    partial_rows=True,
    file_label="企业台帐表",
)
