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
