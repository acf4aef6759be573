"""Who answers for a hazard: its one responsible office, and the levels of 挂牌督办.

The responsible office (责任单位) is derived from the enterprise: the department of its sector
when a sector department supervises it (管行业必须管安全), otherwise the territorial office of its
township (the township station), or the nearest territorial bureau above when the township has
none. Levels run township < district < city; a regulator's level is that of his office's region.
"""

from __future__ import annotations

from anjian.accounts.selectors import Organisation
from anjian.enterprises.selectors import nearest_offices, supervising_departments
from anjian.standards import region_code

from .choices import LEVEL_RANK, ListingLevel

PREFIX_LEVEL = {
    region_code.PREFIX_LENGTH[region_code.CITY]: ListingLevel.CITY,
    region_code.PREFIX_LENGTH[region_code.COUNTY]: ListingLevel.DISTRICT,
    region_code.PREFIX_LENGTH[region_code.TOWNSHIP]: ListingLevel.TOWNSHIP,
}


def responsible_office_for(enterprise) -> Organisation | None:
    offices = nearest_offices(enterprise)
    if offices["sector"]:
        return offices["sector"][0]
    return offices["territorial"][0] if offices["territorial"] else None


def level_of_prefix(prefix: str) -> str | None:
    return PREFIX_LEVEL.get(len(prefix or ""))


def actor_level(actor) -> str | None:
    """The listing level of a regulator (None for everybody else)."""
    scope = actor.scope
    if scope.kind not in ("territorial", "sector"):
        return None
    return level_of_prefix(scope.region_prefix)


def may_act_at(actor, level: str) -> bool:
    """A regulator may list at his own level or below."""
    own = actor_level(actor)
    return own is not None and level in LEVEL_RANK and LEVEL_RANK[level] <= LEVEL_RANK[own]


def offices_at_level(enterprise, level: str) -> list[Organisation]:
    """The regulator offices over this enterprise at one level: who may supervise a listing."""
    departments = supervising_departments(enterprise)
    return [
        org
        for org in departments["territorial"] + departments["sector"]
        if level_of_prefix(org.region.prefix) == level
    ]


def is_responsible(actor, hazard) -> bool:
    """The actor belongs to the hazard's responsible office."""
    return bool(
        hazard.responsible_office_id
        and actor.organisation_id == hazard.responsible_office_id
        and actor.grid_id is None
    )


def holds_listing(actor, hazard, *, delegate: bool = True) -> bool:
    """A listed hazard belongs to its listing level: that level's offices over the enterprise,
    or (for acceptance) the office the acceptance was delegated to."""
    if not hazard.listed:
        return False
    if (
        delegate
        and hazard.acceptance_delegate_id
        and actor.organisation_id == hazard.acceptance_delegate_id
    ):
        return True
    return actor_level(actor) == hazard.listing_level
