"""Reads on regions, grids and sectors (always through the scoping door)."""

from __future__ import annotations

from django.db.models import QuerySet

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
