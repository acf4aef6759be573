"""Writes on regions, grids and sectors: one region, a whole sheet of regions, grids, sectors.

The region sheet import (all or nothing, every bad row reported) is declared in `imports`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from anjian.core import audit
from anjian.core.errors import Forbidden, Invalid
from anjian.core.records.importing import run_import
from anjian.standards import region_code as codes

from . import boundaries
from .choices import Level
from .models import Grid, Region, Sector


def _require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise Forbidden()


def _full_clean(obj, exclude: Iterable[str] = ()) -> None:
    """Model validation with the first message as a domain error on its field."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        field = None if name == NON_FIELD_ERRORS else name
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


def regions_import(*, actor, file) -> int:
    """Import a sheet (xlsx or CSV: 区划代码, 名称, optional 上级代码); all rows or none.

    Raises Invalid with details["errors"] = [{"row", "column", "message"}] naming every bad row
    by its sheet row number (the header is row 1).
    """
    from .imports import SHEET

    return run_import(SHEET, actor=actor, upload=file)


# ---- boundaries (the offline base map) ---------------------------------------------------


def boundaries_import(*, actor, collection: Any) -> dict[str, int]:
    """Set the boundaries of regions and grids from a GeoJSON FeatureCollection; all or none.

    Raises Invalid with details["errors"] listing every unusable feature by its position.
    Returns how many region and grid boundaries were set.
    """
    _require(actor, "regions.change_region")
    _require(actor, "regions.change_grid")
    parsed, errors = boundaries.parse(collection)
    if errors:
        raise Invalid(
            f"有 {len(errors)} 处错误，未导入任何边界。", errors=[{"message": e} for e in errors]
        )
    counts = {"regions": len(parsed.regions), "grids": len(parsed.grids)}
    with transaction.atomic():
        boundaries.write(parsed)
        audit.record(
            "region.boundaries_import", actor=actor, object_type="regions.region", after=counts
        )
    return counts


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
