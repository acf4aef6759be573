"""The visits part's panel on the inspection's page: the team, the merged joint tasks, the
checklist's progress and the findings with their photos and what they became."""

from __future__ import annotations

from anjian.core import attachments
from anjian.core.records import panels

from . import selectors_visits
from .choices import Status


def _context(inspection, user) -> dict:
    findings = selectors_visits.findings_of(inspection)
    plain = [f for f in findings if not f.hazard_id]
    photos = attachments.for_objects(plain)
    photos.update(
        {
            f"h{k}": v
            for k, v in attachments.for_objects([f.hazard for f in findings if f.hazard_id]).items()
        }
    )
    rows = [
        {
            "finding": f,
            "photos": photos.get(f"h{f.hazard_id}" if f.hazard_id else str(f.pk), []),
        }
        for f in findings
    ]
    member = selectors_visits.is_member(user, inspection)
    return {
        "inspection": inspection,
        "team": selectors_visits.team_of(inspection),
        "joined": selectors_visits.joined_of(inspection),
        "joint_with": inspection.joint_with,
        "items": list(inspection.items.order_by("order", "code")),
        "progress": selectors_visits.progress(inspection),
        "findings": rows,
        "may_check": member
        and user.has_perm("inspections.conduct_inspection")
        and inspection.status == Status.IN_PROGRESS,
    }


panels.register(
    "inspection", "visit", "检查组与检查结果", "inspections/visits/_panel.html", _context, order=10
)
