"""Bulk import of the registry from a spreadsheet: every row checked first, then all or nothing.

Rows are validated with the same rules as the edit form (credit code, region in the uploader's
scope, grid of that township, known sector, duplicates in the file and in the database); any bad
row means nothing is saved and every problem is reported with its row, column and reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from anjian.core import audit, sheets
from anjian.core.errors import Forbidden, Invalid
from anjian.core.masking import mask_phone
from anjian.regions.selectors import Grid, Region, Sector
from anjian.standards import credit_code as credit_code_rule

from .columns import BY_HEADER, COLUMNS
from .models import Enterprise
from .services import snapshot

MAX_REPORTED = 1000
PHONES = ("principal_phone", "safety_manager_phone")


@dataclass
class Lookups:
    regions: dict[str, Region]
    grids: dict[str, Grid]
    sectors: dict[str, Sector]
    existing: dict[str, Enterprise]  # live enterprises by credit code (visible ones for update)
    taken: set[str]  # every live credit code (create mode must not clash with any)


@dataclass
class Report:
    errors: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.total += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append({"row": row, "column": column, "message": message})


def _lookups(actor, mode: str) -> Lookups:
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
    return Lookups(
        regions, grids, sectors, existing, set(live.values_list("credit_code", flat=True))
    )


def _check_headers(headers: list[str]) -> None:
    missing = [c.header for c in COLUMNS if c.required and c.header not in headers]
    unknown = [h for h in headers if h and h not in BY_HEADER]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("缺少列：" + "、".join(missing))
        if unknown:
            parts.append("无法识别的列：" + "、".join(unknown))
        raise Invalid(
            "表头与模板不一致（" + "；".join(parts) + "）。请下载模板后填写。", field="file"
        )


def _parse_row(number: int, headers: list[str], values: list[Any], report: Report) -> dict:
    data: dict[str, Any] = {}
    for header, value in zip(headers, values, strict=False):
        column = BY_HEADER.get(header)
        if column is None:
            continue
        try:
            data[column.field] = column.parse(value)
        except ValueError as exc:
            report.add(number, header, f"{exc}（填写的是“{value}”）")
        if column.required and value in (None, ""):
            report.add(number, header, "必填")
    return data


def _resolve(number: int, data: dict, look: Lookups, report: Report) -> None:
    code = data.get("credit_code")
    if code:
        checked = credit_code_rule.validate(code)
        if not checked.valid:
            report.add(number, "统一社会信用代码", "；".join(checked.errors))
        data["credit_code"] = checked.normalized
    region_code = str(data.get("region") or "").ljust(12, "0")
    region = look.regions.get(region_code)
    if data.get("region") and region is None:
        report.add(number, "所在乡镇（街道）代码", f"区划 {data['region']} 不存在或不在您的辖区内")
    data["region"] = region
    grid = look.grids.get(data.get("grid") or "")
    if data.get("grid") and (grid is None or region is None or grid.region_code != region.code):
        report.add(number, "网格编码", f"网格 {data['grid']} 不存在或不属于该乡镇（街道）")
    data["grid"] = grid
    sector = look.sectors.get(data.get("sector") or "")
    if data.get("sector") and sector is None:
        report.add(number, "监管行业", f"未知的监管行业“{data['sector']}”")
    data["sector"] = sector
    if data.get("supervision_class") == "":
        data.pop("supervision_class")
    if data.get("risk_grade") == "":
        data.pop("risk_grade")


def _check_identity(number: int, data: dict, mode: str, look: Lookups, seen: dict, report: Report):
    code = data.get("credit_code")
    if not code:
        return
    if code in seen:
        report.add(number, "统一社会信用代码", f"与第 {seen[code]} 行重复")
    seen[code] = number
    if mode == "create" and code in look.taken:
        report.add(number, "统一社会信用代码", "该企业已登记（如需修改请用“更新”方式导入）")
    if mode == "update" and code not in look.existing:
        report.add(number, "统一社会信用代码", "未找到该企业，或不在您的辖区内")


def import_enterprises(*, actor, upload, mode: str = "create") -> int:
    """Import a sheet; returns how many enterprises were created or changed."""
    if not actor.has_perm("enterprises.import_enterprise"):
        raise Forbidden("您无权批量导入企业。")
    if mode not in ("create", "update"):
        raise Invalid("导入方式 mode 只能是 create（新增）或 update（更新）。", field="mode")
    sheet = sheets.read(upload)
    _check_headers(sheet.headers)
    look, report, seen, rows = _lookups(actor, mode), Report(), {}, []
    for number, values in sheet.rows:
        data = _parse_row(number, sheet.headers, values, report)
        _resolve(number, data, look, report)
        _check_identity(number, data, mode, look, seen, report)
        rows.append((number, data))
    if not rows and not report.total:
        raise Invalid("文件中没有数据行。", field="file")
    if report.total:
        raise Invalid(
            f"导入未保存：共 {report.total} 处错误，请修改后重新导入。",
            errors=report.errors,
            error_count=report.total,
        )
    with transaction.atomic():
        return _create(actor, rows) if mode == "create" else _update(actor, rows, look)


def _create(actor, rows) -> int:
    enterprises = []
    for _, data in rows:
        data.setdefault("employees", None)
        enterprise = Enterprise(
            **data, region_code=data["region"].code, created_by=actor, updated_by=actor
        )
        enterprises.append(enterprise)
    Enterprise.objects.bulk_create(enterprises, batch_size=2000)
    events = [
        audit.build("enterprise.create", actor=actor, obj=e, after=snapshot(e)) for e in enterprises
    ]
    events.append(
        audit.build(
            "enterprise.import",
            actor=actor,
            object_type="enterprises.enterprise",
            after={"mode": "create", "count": len(enterprises)},
        )
    )
    audit.record_many(events)
    return len(enterprises)


def _update(actor, rows, look: Lookups) -> int:
    changed, events, now = [], [], timezone.now()
    fields = [c.field for c in COLUMNS if c.field != "credit_code"]
    for _, data in rows:
        enterprise = look.existing[data["credit_code"]]
        before = snapshot(enterprise)
        for name in fields:
            if name not in data:
                continue
            value = data[name]
            if name in PHONES and value == mask_phone(getattr(enterprise, name)):
                continue  # an exported (masked) number stands for the stored one
            setattr(enterprise, name, value)
        after = snapshot(enterprise)
        diff = {k: v for k, v in after.items() if before[k] != v}
        if diff:
            enterprise.region_code = enterprise.region.code
            enterprise.version += 1
            enterprise.updated_by = actor
            enterprise.updated_at = now
            changed.append(enterprise)
            events.append(
                audit.build(
                    "enterprise.update",
                    actor=actor,
                    obj=enterprise,
                    before={k: before[k] for k in diff},
                    after=diff,
                )
            )
    if changed:
        Enterprise.objects.bulk_update(
            changed,
            [*fields, "region_code", "version", "updated_by", "updated_at"],
            batch_size=1000,
        )
    events.append(
        audit.build(
            "enterprise.import",
            actor=actor,
            object_type="enterprises.enterprise",
            after={"mode": "update", "rows": len(rows), "changed": len(changed)},
        )
    )
    audit.record_many(events)
    return len(changed)
