"""Reads on the enterprise registry, always through the scoping door."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Case, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from anjian.accounts.choices import OrgKind
from anjian.accounts.models import Organisation
from anjian.core.masking import mask_id_number, mask_phone
from anjian.core.models import AuditEvent

from .choices import RiskGrade
from .filters import EnterpriseFilters
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


def can_see_personal_data(user) -> bool:
    return user.has_perm("enterprises.view_personal_data")


def masked(value: str, kind: str) -> str:
    return mask_id_number(value) if kind == "id" else mask_phone(value)


def supervising_departments(enterprise: Enterprise) -> dict[str, list[Organisation]]:
    """属地 (territorial: stations and all-sector departments of the enclosing regions) and
    行业 (departments of the enclosing regions supervising this enterprise's sector)."""
    code = enterprise.region_code
    prefixes = [code[:n] for n in (2, 4, 6, 9, 12)]
    orgs = (
        Organisation.objects.filter(
            is_active=True,
            kind__in=(OrgKind.GOVERNMENT, OrgKind.STATION),
            region__prefix__in=prefixes,
        )
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
