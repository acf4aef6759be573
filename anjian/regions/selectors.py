"""Reads on regions, grids and sectors (always through the scoping door)."""

from __future__ import annotations

from django.db.models import QuerySet

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
