"""Reads on regions, grids and sectors (always through the scoping door)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from anjian.standards import coordinates
from anjian.standards import region_code as codes

from .choices import Level

# The models these reads return; other apps name them through this module.
from .models import Boundary, Grid, Region, Sector


def regions_for(
    user, *, parent: str | None = None, level: str | None = None, q: str | None = None
) -> QuerySet[Region]:
    qs = Region.objects.visible_to(user).filter(is_active=True)
    if parent:
        qs = qs.filter(parent__code=parent)
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(name__contains=q)
    return qs


def grids_for(user, *, township: str | None = None) -> QuerySet[Grid]:
    qs = Grid.objects.visible_to(user).select_related("township")
    return qs.filter(region_code=township) if township else qs


def sectors() -> QuerySet[Sector]:
    return Sector.objects.filter(is_active=True)


def township_choices(user) -> QuerySet[Region]:
    """The townships and villages an enterprise may be placed in, within the user's scope."""
    return (
        Region.objects.visible_to(user)
        .filter(level__in=(Level.TOWNSHIP, Level.VILLAGE), is_active=True)
        .select_related("parent")
    )


def sector_choices(user) -> QuerySet[Sector]:
    """Active sectors; a sector department sees only its own."""
    sectors = Sector.objects.filter(is_active=True)
    scope = getattr(user, "scope", None)
    if scope is not None and scope.kind == "sector":
        sectors = sectors.filter(code__in=scope.sector_codes)
    return sectors


def region_label(region: Region) -> str:
    """A township shown with its district (a district alone), for pickers and filters."""
    if region.level == Level.COUNTY or region.parent is None:
        return region.name
    return f"{region.parent.name} · {region.name}"


def boundaries_for(user) -> dict:
    """The boundaries of the regions and grids in the user's scope, as a GeoJSON FeatureCollection.

    Coarser areas come first so that a map draws townships over districts and grids over both.
    """
    regions = Region.objects.visible_to(user).filter(is_active=True)
    grids = Grid.objects.visible_to(user).filter(is_active=True)
    of_regions = (
        Boundary.objects.filter(region__in=regions)
        .order_by("region__code")
        .values_list("region__code", "region__name", "region__level", "geometry")
    )
    of_grids = (
        Boundary.objects.filter(grid__in=grids)
        .order_by("grid__code")
        .values_list("grid__code", "grid__name", "geometry")
    )
    depth = {level: n for n, level in enumerate(Level.values)}
    features = sorted(
        (_feature(code, name, level, outline) for code, name, level, outline in of_regions),
        key=lambda f: (depth[f["properties"]["level"]], f["properties"]["code"]),
    )
    features += [_feature(code, name, "grid", outline) for code, name, outline in of_grids]
    return {"type": "FeatureCollection", "features": features}


def _feature(code: str, name: str, level: str, boundary: dict) -> dict:
    properties = {"code": code, "name": name, "level": level}
    return {"type": "Feature", "properties": properties, "geometry": boundary}


@dataclass(frozen=True)
class Bounds:
    """A region's bounding box, and the region it was recorded on (the region or an ancestor)."""

    box: coordinates.Box
    name: str  # 示范市东湖区: the region the box belongs to, for messages


def _ancestry(code: str) -> list[str]:
    """The full codes of a region and its ancestors, nearest first ([] for a malformed code)."""
    chain: list[str] = []
    try:
        current: str | None = codes.normalize(code)
    except codes.CodeError:
        return chain
    while current is not None:
        chain.append(current)
        current = codes.parent_code(current)
    return chain


BOX_FIELDS = ("code", "name", "bbox_west", "bbox_south", "bbox_east", "bbox_north")


def _boxes(regions: QuerySet[Region]) -> dict[str, Bounds]:
    """The regions that carry a complete box, by code, in one query."""
    known = {}
    for code, name, *edges in regions.values_list(*BOX_FIELDS):
        west, south, east, north = edges
        if west is not None and south is not None and east is not None and north is not None:
            known[code] = Bounds((west, south, east, north), name)
    return known


def region_bounds() -> Callable[[str], Bounds | None]:
    """A lookup code → the bounds of that region, inherited from the nearest ancestor that has
    one (None when none has). It reads the regions that carry a box once, in one query, so a
    map or an import can check thousands of places."""
    known = _boxes(Region.objects.filter(bbox_west__isnull=False))

    def lookup(code: str) -> Bounds | None:
        return next((known[c] for c in _ancestry(code) if c in known), None)

    return lookup


def bounds_of(code: str) -> Bounds | None:
    """The bounds of one region code, inherited from the nearest ancestor that has one."""
    chain = _ancestry(code)
    known = _boxes(Region.objects.filter(code__in=chain, bbox_west__isnull=False))
    return next((known[c] for c in chain if c in known), None)


def code_sheet() -> list[tuple[str, str, str, str]]:
    """Active regions with their codes, for import templates: code, name, level, parent name.

    Region names and GB/T 2260 codes are public, so the sheet is the same for everyone.
    """
    levels = dict(Level.choices)
    rows = Region.objects.filter(is_active=True).select_related("parent").order_by("code")
    return [
        (r.code, r.name, str(levels.get(r.level, "")), r.parent.name if r.parent else "")
        for r in rows
    ]


def grid_sheet() -> list[tuple[str, str, str]]:
    """Grids with their codes and townships, for import templates: code, name, township."""
    rows = Grid.objects.select_related("township").order_by("code")
    return [(g.code, g.name, g.township.name) for g in rows]
