"""The visit code panel on an inspection's page: the code, the link the QR carries and, for a
user of the inspected enterprise, whether they may rate now. Never a rating."""

from __future__ import annotations

from django.urls import reverse

from anjian.core.records import panels

from . import services_ratings


def _context(inspection, user) -> dict | None:
    if not user.has_perm("inspections.view_inspection"):
        return None
    serves = services_ratings.serves(user, inspection)
    return {
        "visit_code": inspection.visit_code,
        "url": reverse("inspections:code", kwargs={"visit_code": inspection.visit_code}),
        "serves": serves,
        "refusal": services_ratings.refusal(user, inspection) if serves else "",
    }


panels.register(
    "inspection", "visit-code", "检查码", "inspections/ratings/_panel.html", _context, order=80
)
