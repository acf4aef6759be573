"""The yearly plan's life: drafted by its office → submitted for approval → approved by someone
holding `inspections.approve_inspectionplan` who is not its author (or returned with a reason)
→ published by the office or the approver (the public page shows it). Every step is the core engine's: locked, checked,
recorded, audited."""

from __future__ import annotations

from django.utils import timezone

from anjian.core.workflow import Transition, Workflow

from .choices import PlanStatus as S
from .models import InspectionPlan


def in_scope(actor, plan) -> bool:
    return InspectionPlan.objects.visible_to(actor).filter(pk=plan.pk).exists()


def of_office(actor, plan) -> bool:
    """The office's own staff, with the right to change plans, draft and submit its plan."""
    return (
        actor.has_perm("inspections.change_inspectionplan")
        and actor.organisation_id == plan.office_id
        and in_scope(actor, plan)
    )


def approver(actor, plan) -> bool:
    """Approval is a second person's: never the plan's author."""
    return (
        actor.has_perm("inspections.approve_inspectionplan")
        and actor.pk != plan.created_by_id
        and in_scope(actor, plan)
    )


def may_publish(actor, plan) -> bool:
    return of_office(actor, plan) or approver(actor, plan)


def _approved(plan, payload) -> None:
    plan.approved_by = payload["_actor"]
    plan.approved_at = timezone.now()


def _published(plan, payload) -> None:
    plan.published_at = timezone.now()


PLAN_FLOW = Workflow(
    name="inspectionplan",
    labels={"create": "编制"},
    model=InspectionPlan,
    transitions=[
        Transition("submit", "提交审批", (S.DRAFT,), S.SUBMITTED, of_office),
        Transition("return", "退回修改", (S.SUBMITTED,), S.DRAFT, approver, requires=("reason",)),
        Transition("approve", "审批通过", (S.SUBMITTED,), S.APPROVED, approver, apply=_approved),
        Transition(
            "publish", "向社会公开", (S.APPROVED,), S.PUBLISHED, may_publish, apply=_published
        ),
    ],
)
