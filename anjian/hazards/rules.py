"""Who may do what to a hazard (the permission column of the workflow table).

Regulators are territorial or sector officers in scope; the enterprise acts on its own hazards;
grid staff report. Roles grant the permission codes; scope and the hazard's facts do the rest.
"""

from __future__ import annotations

from .choices import Grade, Source


def in_scope(actor, hazard) -> bool:
    from .models import Hazard

    return Hazard.objects.visible_to(actor).filter(pk=hazard.pk).exists()


def is_regulator(actor) -> bool:
    return actor.scope.kind in ("territorial", "sector")


def is_own_enterprise(actor, hazard) -> bool:
    scope = actor.scope
    return scope.kind == "enterprise" and scope.enterprise_id == hazard.enterprise_id


def _enterprise_may_close(actor, hazard) -> bool:
    """The enterprise closes only its own general hazards that it found itself."""
    return (
        is_own_enterprise(actor, hazard)
        and hazard.source == Source.SELF_CHECK
        and hazard.grade == Grade.GENERAL
    )


def can_confirm(actor, hazard) -> bool:
    if not actor.has_perm("hazards.confirm_hazard") or not in_scope(actor, hazard):
        return False
    own_self_check = is_own_enterprise(actor, hazard) and hazard.source == Source.SELF_CHECK
    return is_regulator(actor) or own_self_check


def can_extend(actor, hazard) -> bool:
    if not actor.has_perm("hazards.confirm_hazard") or not in_scope(actor, hazard):
        return False
    return is_regulator(actor) or _enterprise_may_close(actor, hazard)


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
    return is_regulator(actor) or _enterprise_may_close(actor, hazard)


def can_void(actor, hazard) -> bool:
    if not in_scope(actor, hazard):
        return False
    if is_regulator(actor) and actor.has_perm("hazards.confirm_hazard"):
        return True
    return hazard.found_by_id == actor.pk and hazard.status == "reported"


def can_list(actor, hazard) -> bool:
    return (
        actor.has_perm("hazards.list_hazard")
        and is_regulator(actor)
        and hazard.grade == Grade.MAJOR
        and in_scope(actor, hazard)
    )
