"""专家指派: an expert on an inspection's team sees that inspection, its enterprise and the
hazards its findings became — and nothing else (the scoping door's kind "expert" reads
`ExpertAssignment`). The rows follow the team: `assign` adds what is missing, `unassign`
removes what no remaining membership justifies. Both are idempotent and audited when they
change something."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from anjian.core import audit
from anjian.core.models import ExpertAssignment

from .choices import MemberRole
from .models import Finding, Inspection, InspectionMember


def _types() -> tuple[ContentType, ContentType, ContentType]:
    get = ContentType.objects.get_by_natural_key
    return (
        get("inspections", "inspection"),
        get("enterprises", "enterprise"),
        get("hazards", "hazard"),
    )


def _hazard_ids(inspection_ids) -> list[int]:
    return list(
        Finding.objects.filter(inspection_id__in=inspection_ids, hazard__isnull=False).values_list(
            "hazard_id", flat=True
        )
    )


def _due(user_id: int) -> set[tuple[int, int]]:
    """Every (content type, object id) this expert's memberships justify."""
    inspection_type, enterprise_type, hazard_type = _types()
    visits = list(
        Inspection.objects.filter(
            members__user_id=user_id, members__role=MemberRole.EXPERT
        ).values_list("pk", "enterprise_id")
    )
    due = {(inspection_type.pk, pk) for pk, _ in visits}
    due |= {(enterprise_type.pk, enterprise_id) for _, enterprise_id in visits}
    due |= {(hazard_type.pk, pk) for pk in _hazard_ids([pk for pk, _ in visits])}
    return due


def _held(user_id: int) -> set[tuple[int, int]]:
    types = [t.pk for t in _types()]
    rows = ExpertAssignment.objects.filter(user_id=user_id, content_type_id__in=types)
    return set(rows.values_list("content_type_id", "object_id"))


def sync_expert(*, user_id: int, inspection: Inspection) -> None:
    """Bring one expert's assignments in line with their memberships (in one transaction)."""
    with transaction.atomic():
        due, held = _due(user_id), _held(user_id)
        added, removed = due - held, held - due
        if added:
            ExpertAssignment.objects.bulk_create(
                [
                    ExpertAssignment(user_id=user_id, content_type_id=ct, object_id=pk)
                    for ct, pk in sorted(added)
                ],
                ignore_conflicts=True,
            )
        for ct, pk in removed:
            ExpertAssignment.objects.filter(
                user_id=user_id, content_type_id=ct, object_id=pk
            ).delete()
        if added or removed:
            audit.record(
                "inspection.expert_assigned" if added else "inspection.expert_unassigned",
                obj=inspection,
                after={"expert": user_id, "added": len(added), "removed": len(removed)},
            )


def experts_of(inspection: Inspection) -> list[int]:
    return list(
        InspectionMember.objects.filter(inspection=inspection, role=MemberRole.EXPERT).values_list(
            "user_id", flat=True
        )
    )


def assign(inspection: Inspection) -> None:
    """The experts on this inspection see it, its enterprise and the hazards of its findings."""
    for user_id in experts_of(inspection):
        sync_expert(user_id=user_id, inspection=inspection)


def unassign(inspection: Inspection, user_id: int) -> None:
    """An expert left this inspection's team: drop what no other membership justifies."""
    sync_expert(user_id=user_id, inspection=inspection)
