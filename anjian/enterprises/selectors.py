"""Reads on the enterprise registry, always through the scoping door."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Enterprise


def enterprises_for(user, *, region: str | None = None, sector: str | None = None,
                    status: str | None = None, q: str | None = None) -> QuerySet[Enterprise]:  # fmt: skip
    qs = Enterprise.objects.visible_to(user).live().select_related("region", "sector", "grid")
    if region:
        qs = qs.filter(region_code__startswith=region.rstrip("0") or region)
    if sector:
        qs = qs.filter(sector__code=sector)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(credit_code__iexact=q.strip()))
    return qs


def enterprise_for(user, pk: int) -> Enterprise:
    """One enterprise if in scope; NotFound (404) exactly as for a missing one."""
    return Enterprise.objects.select_related("region__parent", "sector", "grid").get_visible(
        user, pk=pk, voided_at__isnull=True
    )
