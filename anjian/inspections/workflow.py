"""The inspection's life: planned → in progress (the team arrives and starts the checklist) →
signed (the team and the enterprise's representative sign once, the documents are numbered) →
awaiting re-check when a rectification order was issued → closed. A planned inspection may be
cancelled with a reason. Every step is the core engine's: locked, checked, recorded, audited."""

from __future__ import annotations

from django.utils import timezone

from anjian.core.workflow import Transition, Workflow

from .choices import MemberRole
from .choices import Status as S
from .models import Inspection, InspectionMember

# The visit itself is the team's (officers and experts); planning changes are the office's.
OFFICERS = (MemberRole.LEAD, MemberRole.MEMBER)


def on_team(actor, inspection, roles=OFFICERS) -> bool:
    return (
        actor.has_perm("inspections.conduct_inspection")
        and InspectionMember.objects.filter(
            inspection=inspection, user_id=actor.pk, role__in=roles
        ).exists()
    )


def of_office(actor, inspection) -> bool:
    return (
        actor.has_perm("inspections.change_inspection")
        and actor.organisation_id == inspection.office_id
        and Inspection.objects.visible_to(actor).filter(pk=inspection.pk).exists()
    )


def _started(inspection, payload) -> None:
    inspection.started_at = timezone.now()


def _finished(inspection, payload) -> None:
    inspection.finished_at = timezone.now()


INSPECTION_FLOW = Workflow(
    name="inspection",
    model=Inspection,
    transitions=[
        Transition("start", "开始检查", (S.PLANNED,), S.IN_PROGRESS, on_team, apply=_started),
        Transition(  # one signing for all the visit's documents, on its own page
            "sign", "现场签字", (S.IN_PROGRESS,), S.SIGNED, on_team, apply=_finished, dialog=False
        ),
        # the signing moves the visit on to its re-check or closes it; a passed re-check closes it
        Transition(
            "await_recheck", "转入整改复查", (S.SIGNED,), S.RECHECKING, on_team, dialog=False
        ),
        Transition("close", "办结", (S.SIGNED, S.RECHECKING), S.CLOSED, on_team, dialog=False),
        Transition(
            "cancel", "取消检查", (S.PLANNED,), S.CANCELLED, of_office, requires=("reason",)
        ),
    ],
)
