"""Reads on the enterprise registry, always through the scoping door."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Case, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from anjian.accounts.selectors import Organisation, regulator_offices
from anjian.core.models import AuditEvent
from anjian.regions.selectors import region_label, regions_for, sector_choices
from anjian.standards import region_code

from .choices import OperatingStatus, RiskGrade, SupervisionClass
from .filters import EnterpriseFilters

# Other pages that list enterprises (the risk map) read the same filter parameters.
from .filters import from_query as from_query

# The models these reads return; other apps name them through this module.
from .models import Enterprise, KeyPerson, Licence
from .workflow import STATUS_FLOW

RISK_ORDER = Case(
    *[When(risk_grade=g, then=Value(i)) for i, g in enumerate(RiskGrade.values)],
    output_field=IntegerField(),
)


def enterprises_for(user, filters: EnterpriseFilters | None = None) -> QuerySet:
    """The enterprises a user may see, filtered; with their nearest licence expiry annotated."""
    filters = filters or EnterpriseFilters()
    nearest = (
        Licence.objects.live()
        .filter(enterprise=OuterRef("pk"))
        .values("enterprise")
        .annotate(first=Min("expires_on"))
        .values("first")
    )
    qs = (
        Enterprise.objects.visible_to(user)
        .live()
        .select_related("region__parent", "sector", "grid")
        .annotate(nearest_expiry=Subquery(nearest), risk_order=RISK_ORDER)
    )
    return filters.apply(qs).order_by(*filters.ordering(), "id")


def status_actions_for(user, enterprise: Enterprise) -> list:
    """The operating-status changes this user may make now."""
    return STATUS_FLOW.available(enterprise, user)


def enterprise_for(user, pk: int) -> Enterprise:
    """One enterprise if in scope; NotFound (404) exactly as for a missing one."""
    return Enterprise.objects.select_related("region__parent", "sector", "grid").get_visible(
        user, pk=pk, voided_at__isnull=True
    )


def licences_of(user, enterprise: Enterprise) -> QuerySet[Licence]:
    return Licence.objects.visible_to(user).live().filter(enterprise=enterprise)


def people_of(user, enterprise: Enterprise) -> QuerySet[KeyPerson]:
    return KeyPerson.objects.visible_to(user).live().filter(enterprise=enterprise)


def licence_state(licence: Licence, today=None) -> str:
    """expired / expiring (within 90 days) / valid."""
    today = today or timezone.localdate()
    if licence.expires_on < today:
        return "expired"
    if licence.expires_on <= today + timedelta(days=90):
        return "expiring"
    return "valid"


def supervising_departments(enterprise: Enterprise) -> dict[str, list[Organisation]]:
    """属地 (territorial: stations and all-sector departments of the enclosing regions) and
    行业 (departments of the enclosing regions supervising this enterprise's sector)."""
    code = enterprise.region_code
    prefixes = [code[:n] for n in (2, 4, 6, 9, 12)]
    orgs = (
        regulator_offices()
        .filter(region__prefix__in=prefixes)
        .filter(Q(sectors__isnull=True) | Q(sectors=enterprise.sector_id))
        .select_related("region")
        .prefetch_related("sectors")
        .distinct()
        .order_by("region_code", "name")
    )
    result: dict[str, list[Organisation]] = {"territorial": [], "sector": []}
    for org in orgs:
        result["sector" if org.sectors.all() else "territorial"].append(org)
    return result


def change_history(enterprise: Enterprise, limit: int = 50) -> QuerySet[AuditEvent]:
    """The enterprise's own change history, from the audit log (personal values never stored)."""
    return (
        AuditEvent.objects.filter(
            object_type="enterprises.enterprise", object_id=str(enterprise.pk)
        )
        .exclude(event_type="personal_data.view")  # audited reads, not changes
        .order_by("-id")[:limit]
    )


def nearest_offices(enterprise: Enterprise) -> dict[str, list[Organisation]]:
    """The offices that follow this enterprise up day to day: the nearest territorial office
    (township station, else the district or city bureau), the nearest department of its sector,
    and the territorial office one level above (for escalation)."""
    departments = supervising_departments(enterprise)
    territorial = sorted(
        departments["territorial"], key=lambda o: len(o.region.prefix), reverse=True
    )
    sector = sorted(departments["sector"], key=lambda o: len(o.region.prefix), reverse=True)
    nearest = territorial[:1]
    above = [
        o for o in territorial if nearest and len(o.region.prefix) < len(nearest[0].region.prefix)
    ]
    return {
        "territorial": nearest,
        "sector": [o for o in sector if len(o.region.prefix) == len(sector[0].region.prefix)]
        if sector
        else [],
        "escalation": above[:1],
    }


def region_options(user, filters=None) -> list[tuple[str, str]]:
    """Districts and townships this user can see, as the filters offer them."""
    regions = (
        regions_for(user)
        .filter(level__in=(region_code.COUNTY, region_code.TOWNSHIP))
        .select_related("parent")
        .order_by("code")
    )
    return [(r.code, region_label(r)) for r in regions]


def sector_options(user, filters=None) -> list[tuple[str, str]]:
    return [(s.code, s.name) for s in sector_choices(user)]


def filter_options(user) -> dict:
    """The choices of the map filters, limited to what this user can see."""
    return {
        "regions": region_options(user),
        "sectors": sector_options(user),
        "risk_grades": RiskGrade.choices,
        "classes": SupervisionClass.choices,
        "statuses": OperatingStatus.choices,
    }


def enterprise_picks(user, text: str, limit: int) -> list[dict]:
    """The searchable enterprise picker: live enterprises in scope by name or credit code."""
    rows = (
        Enterprise.objects.visible_to(user)
        .live()
        .filter(Q(name__icontains=text) | Q(credit_code__istartswith=text))
        .select_related("region")
        .order_by("name", "pk")[:limit]
    )
    return [
        {"id": e.pk, "label": e.name, "detail": f"{e.credit_code} · {e.region.name}"} for e in rows
    ]
