"""Who may do what to a hazard (the permission column of the workflow table).

Regulators are territorial or sector officers in scope; the enterprise acts on its own hazards;
grid staff report. Roles grant the permission codes; scope and the hazard's facts do the rest.
Of the regulators in scope only the hazard's responsible office works it; a listed hazard
(挂牌督办) belongs to its listing level, which alone lifts the listing or accepts the work (or
delegates the acceptance). Higher levels oversee, they do not act.
"""

from __future__ import annotations

from .choices import Grade, Source
from .responsibility import holds_listing, is_responsible


def in_scope(actor, hazard) -> bool:
    from .models import Hazard

    return Hazard.objects.visible_to(actor).filter(pk=hazard.pk).exists()


def is_regulator(actor) -> bool:
    return actor.scope.kind in ("territorial", "sector")


def is_own_enterprise(actor, hazard) -> bool:
    scope = actor.scope
    return scope.kind == "enterprise" and hazard.enterprise_id in scope.enterprises


def _enterprise_may_close(actor, hazard) -> bool:
    """The enterprise closes only its own general hazards that it found itself."""
    return (
        is_own_enterprise(actor, hazard)
        and hazard.source == Source.SELF_CHECK
        and hazard.grade == Grade.GENERAL
    )


def works_it(actor, hazard) -> bool:
    """The regulator whose to-do the hazard is: its responsible office, or, once listed, the
    listing level. A hazard with no office in the registry falls to any regulator in scope."""
    if not is_regulator(actor):
        return False
    if hazard.listed:
        return holds_listing(actor, hazard) or is_responsible(actor, hazard)
    return is_responsible(actor, hazard) or not hazard.responsible_office_id


def can_confirm(actor, hazard) -> bool:
    if not actor.has_perm("hazards.confirm_hazard") or not in_scope(actor, hazard):
        return False
    own_self_check = is_own_enterprise(actor, hazard) and hazard.source == Source.SELF_CHECK
    return works_it(actor, hazard) or own_self_check


def can_extend(actor, hazard) -> bool:
    if not actor.has_perm("hazards.confirm_hazard") or not in_scope(actor, hazard):
        return False
    return works_it(actor, hazard) or _enterprise_may_close(actor, hazard)


def can_submit(actor, hazard) -> bool:
    return (
        actor.has_perm("hazards.rectify_hazard")
        and is_own_enterprise(actor, hazard)
        and in_scope(actor, hazard)
    )


def can_accept(actor, hazard) -> bool:
    if not actor.has_perm("hazards.accept_hazard") or not in_scope(actor, hazard):
        return False
    if hazard.submitted_by_id == actor.pk:
        return False  # the rectifier never accepts their own work
    if hazard.listed:  # only the listing level, or the office it delegated to
        return is_regulator(actor) and holds_listing(actor, hazard)
    return works_it(actor, hazard) or _enterprise_may_close(actor, hazard)


def can_void(actor, hazard) -> bool:
    if not in_scope(actor, hazard):
        return False
    if hazard.listed:  # a listed hazard is voided only by its listing level
        return (
            is_regulator(actor)
            and actor.has_perm("hazards.confirm_hazard")
            and holds_listing(actor, hazard, delegate=False)
        )
    if works_it(actor, hazard) and actor.has_perm("hazards.confirm_hazard"):
        return True
    return hazard.found_by_id == actor.pk and hazard.status == "reported"


def _may_list(actor, hazard) -> bool:
    return (
        actor.has_perm("hazards.list_hazard")
        and is_regulator(actor)
        and hazard.grade == Grade.MAJOR
        and in_scope(actor, hazard)
    )


def can_list(actor, hazard) -> bool:
    """挂牌督办 a major hazard not yet listed; the level is checked against the actor's."""
    return not hazard.listed and _may_list(actor, hazard)


def can_unlist(actor, hazard) -> bool:
    """解除督办 / 委托验收: only the listing level itself (not a delegate)."""
    return (
        hazard.listed and _may_list(actor, hazard) and holds_listing(actor, hazard, delegate=False)
    )


def can_review_plan(actor, plan) -> bool:
    """The 治理方案 is reviewed by the regulator who works the hazard."""
    hazard = plan.hazard
    return (
        actor.has_perm("hazards.confirm_hazard")
        and in_scope(actor, hazard)
        and works_it(actor, hazard)
    )


def may_draft_plan(actor, hazard) -> bool:
    """The enterprise draws up its own plan (16号令 Art 15: its principal)."""
    return (
        actor.has_perm("hazards.rectify_hazard")
        and is_own_enterprise(actor, hazard)
        and in_scope(actor, hazard)
    )


def can_draft_plan(actor, plan) -> bool:
    return may_draft_plan(actor, plan.hazard)


def may_handle_plan(actor, hazard) -> bool:
    """Draft it (the enterprise) or review it (the regulator who works the hazard)."""
    if may_draft_plan(actor, hazard):
        return True
    return (
        actor.has_perm("hazards.confirm_hazard")
        and in_scope(actor, hazard)
        and works_it(actor, hazard)
    )
