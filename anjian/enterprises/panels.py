"""Panels on the one-enterprise page (一企一档) that other apps contribute.

An app registers a panel (title, template, context function); the enterprise page shows the
panels in order without importing those apps.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from anjian.core import cards
from anjian.core.records import panels as record_panels
from anjian.regions.selectors import region_bounds
from anjian.standards import coordinates

from .choices import RiskGrade
from .models import Licence


def register(key: str, title: str, template: str, context, *, order: int = 100) -> None:
    """A panel on the one-enterprise page; `context(enterprise, user)` returns None to hide it."""
    record_panels.register("enterprise", key, title, template, context, order=order)


def _licence_card(user):
    if not user.has_perm("enterprises.view_licence"):
        return None
    soon = timezone.localdate() + timedelta(days=30)
    count = (
        Licence.objects.visible_to(user)
        .live()
        .filter(enterprise__voided_at__isnull=True, expires_on__lte=soon)
        .values("enterprise")
        .distinct()
        .count()
    )
    return {
        "value": count,
        "note": "家企业证照 30 天内到期或已过期",
        "colour": "orange" if count else "",
        "url": reverse("enterprises:list") + "?licence_expiring=30",
    }


cards.register("licences", "证照到期", _licence_card, order=20)


def map_marker(enterprise) -> dict:
    """The enterprise as a marker on a map (the registry map and the risk map)."""
    grade = RiskGrade(enterprise.risk_grade)
    return {
        "id": enterprise.pk,
        "name": enterprise.name,
        "lat": float(enterprise.latitude),
        "lng": float(enterprise.longitude),
        "risk": grade.value,
        "risk_label": str(grade.label),
        "colour": grade.colour,
        "place": f"{enterprise.region.name} · {enterprise.sector.name}",
        "url": reverse("enterprises:detail", args=[enterprise.pk]),
    }


def usable_location(enterprise, bounds=None) -> coordinates.CoordinateCheck:
    """Whether the enterprise's stored coordinates can be drawn: in range, in China, and in its
    region's (inherited) box; `bounds` is a `region_bounds()` lookup shared across a map."""
    area = (bounds or region_bounds())(enterprise.region_code)
    return coordinates.check(
        enterprise.longitude,
        enterprise.latitude,
        bounds=area.box if area else None,
        place=area.name if area else "",
    )


def map_markers(enterprises) -> tuple[list[dict], list[dict]]:
    """The markers of the enterprises whose coordinates are usable, and the others flagged
    with the reason: one bad record (longitude 500) is left off the map, never breaks it."""
    bounds = region_bounds()
    markers, unusable = [], []
    for enterprise in enterprises:
        checked = usable_location(enterprise, bounds)
        if checked.valid and checked.longitude is not None:
            markers.append(map_marker(enterprise))
        elif not checked.valid:
            unusable.append(
                {
                    "name": enterprise.name,
                    "url": reverse("enterprises:detail", args=[enterprise.pk]),
                    "reason": next(iter(checked.errors.values())),
                }
            )
    return markers, unusable
