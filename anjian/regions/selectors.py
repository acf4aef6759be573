"""Reads on regions, grids and sectors (always through the scoping door)."""

from __future__ import annotations

from django.db.models import QuerySet

from .choices import Level

# The models these reads return; other apps name them through this module.
from .models import Grid, Region, Sector


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
