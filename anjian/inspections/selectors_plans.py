"""Reads of the plans part: the facts the class rules read, the class list, the yearly plans,
their progress against the quotas and the key enterprises covered."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from anjian.core.errors import Forbidden, NotFound
from anjian.core.scoping import within_region
from anjian.enterprises.models import Enterprise
from anjian.hazards import selectors as hazard_selectors
from anjian.risks import selectors as risk_selectors
from anjian.standards.region_code import jurisdiction_prefix

from . import selectors_caps
from .choices import PlanStatus, Status
from .filters_plans import ClassFilters
from .models import CapOverride, EnterpriseClass, Inspection, InspectionPlan
from .workflow_plans import PLAN_FLOW

RECENT_DAYS = 365  # "recent record": the last 12 months
LOW_RISK_GROUP = "non_high_risk"


def facts_of(actor, enterprises: list[Enterprise], today: date | None = None) -> dict[int, dict]:
    """The facts the class rules read, per enterprise, in a fixed number of queries: sector,
    risk grade, standardisation grade, credit listing (no credit register yet: never listed),
    major hazards found in the last 12 months (through the hazards app's scoped selector)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=RECENT_DAYS)
    ids = [e.pk for e in enterprises]
    majors = dict(
        hazard_selectors.hazards_for(actor)
        .order_by()
        .filter(enterprise_id__in=ids, grade="major", found_at__date__gt=since)
        .values_list("enterprise_id")
        .annotate(n=Count("id"))
    )
    return {
        e.pk: {
            "sector": e.sector.code,
            "risk_grade": e.risk_grade or None,
            "standardization_grade": e.standardization_grade or "",
            "credit_listed": False,
            "major_hazards_12m": majors.get(e.pk, 0),
        }
        for e in enterprises
    }


def _used(year: int):
    return (
        selectors_caps.counted_in(year)
        .filter(enterprise_id=OuterRef("enterprise_id"))
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("id"))
        .values("n")
    )


def classes_for(user, filters: ClassFilters | None = None) -> QuerySet[EnterpriseClass]:
    """The class list of a year (default this year), in the user's scope, with the checks used
    counted by one subquery (never a query per row)."""
    filters = filters or ClassFilters()
    year = filters.year or timezone.localdate().year
    qs = (
        EnterpriseClass.objects.visible_to(user)
        .live()
        .select_related("enterprise", "enterprise__sector")
        .annotate(used=Coalesce(Subquery(_used(year)), 0))
    )
    return filters.apply(qs).order_by(*filters.ordering())


def class_of(user, enterprise: Enterprise, year: int) -> EnterpriseClass | None:
    return EnterpriseClass.objects.visible_to(user).filter(enterprise=enterprise, year=year).first()


def overrides_of(user, enterprise: Enterprise, year: int) -> QuerySet[CapOverride]:
    """The overrides of an enterprise the user sees, for those who read the classes (the
    overrides belong to the usage meter and carry no permission of their own)."""
    if not user.has_perm("inspections.view_enterpriseclass"):
        return CapOverride.objects.none()
    Enterprise.objects.get_visible(user, pk=enterprise.pk)
    return (
        CapOverride.objects.filter(enterprise=enterprise, year=year, voided_at__isnull=True)
        .select_related("authorised_by", "used_by")
        .order_by("-id")
    )


def usage_for(user, enterprise_id: int, year: int) -> selectors_caps.Usage:
    """The usage meter of an enterprise the user may see (404 otherwise), for those who may
    read the classes (403 otherwise)."""
    if not user.has_perm("inspections.view_enterpriseclass"):
        raise Forbidden("您无权查看企业的年度检查次数。")
    Enterprise.objects.get_visible(user, pk=enterprise_id)
    return selectors_caps.usage(enterprise_id, year)


def plans_for(user) -> QuerySet[InspectionPlan]:
    return (
        InspectionPlan.objects.visible_to(user)
        .live()
        .select_related("office")
        .prefetch_related("key_enterprises")
    )


def plan_for(user, pk: int) -> InspectionPlan:
    return InspectionPlan.objects.select_related("office").get_visible(
        user, pk=pk, voided_at__isnull=True
    )


def published_plan(pk: int) -> InspectionPlan:
    """A published plan for the public page; anything else is missing (404)."""
    plan = (
        InspectionPlan.objects.select_related("office")
        .filter(pk=pk, status=PlanStatus.PUBLISHED, voided_at__isnull=True)
        .first()
    )
    if plan is None:
        raise NotFound()
    return plan


def plan_actions(user, plan: InspectionPlan) -> list:
    return PLAN_FLOW.available(plan, user)


def plan_inspections(plan: InspectionPlan) -> QuerySet[Inspection]:
    """The checks that count for a plan: those planned under it, and those of its office in its
    year (a check need not name the plan to count towards the office's quotas)."""
    return Inspection.objects.filter(
        Q(plan=plan) | Q(office_id=plan.office_id, planned_on__year=plan.year)
    ).exclude(status=Status.CANCELLED)


def progress(plan: InspectionPlan) -> dict[str, Any]:
    """Checks per month against the quotas, and the key enterprises covered this year."""
    checks = plan_inspections(plan)
    done = dict(
        checks.filter(planned_on__year=plan.year)
        .annotate(month=ExtractMonth("planned_on"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("id"))
    )
    quotas = list(plan.monthly_quotas or []) + [0] * 12
    months = [
        {"month": m, "quota": int(quotas[m - 1] or 0), "done": done.get(m, 0)} for m in range(1, 13)
    ]
    keys = list(plan.key_enterprises.order_by("name").only("id", "name", "region_code"))
    covered_ids = set(
        Inspection.objects.filter(
            enterprise_id__in=[e.pk for e in keys], planned_on__year=plan.year
        )
        .exclude(status=Status.CANCELLED)
        .values_list("enterprise_id", flat=True)
    )
    return {
        "months": months,
        "quota_total": sum(m["quota"] for m in months),
        "done_total": sum(m["done"] for m in months),
        "covered": [e for e in keys if e.pk in covered_ids],
        "uncovered": [e for e in keys if e.pk not in covered_ids],
    }


def proposed_key_enterprises(user, office, year: int) -> list[tuple[Enterprise, str]]:
    """The default proposal of key enterprises (重点检查企业) in the office's jurisdiction, each
    with why: a major-risk (red) enterprise, one with a major hazard source, or one of a high-risk
    group whose class for the year is the group's most-inspected category (the highest cap)."""
    pool = Enterprise.objects.visible_to(user).filter(
        within_region("region_code", jurisdiction_prefix(office.region_code)),
        voided_at__isnull=True,
    )
    with_source = set(
        risk_selectors.sources_for(user)
        .order_by()
        .filter(within_region("enterprise__region_code", jurisdiction_prefix(office.region_code)))
        .values_list("enterprise_id", flat=True)
    )
    top_classes = _top_classes(user, office.region_code, year)
    ids = set(pool.filter(risk_grade="major").values_list("id", flat=True))
    ids |= with_source | set(top_classes)
    reasons: list[tuple[Enterprise, str]] = []
    for enterprise in pool.filter(id__in=ids).order_by("name"):
        why = []
        if enterprise.risk_grade == "major":
            why.append("重大风险（红）")
        if enterprise.pk in with_source:
            why.append("有重大危险源")
        if enterprise.pk in top_classes:
            why.append(f"{year} 年度监管类别为最严类别（{top_classes[enterprise.pk]}）")
        reasons.append((enterprise, "、".join(why)))
    return reasons


def _top_classes(user, region_code: str, year: int) -> dict[int, str]:
    """Enterprises of a high-risk group whose class for the year carries the group's highest
    cap (the scheme's A-class equivalent); 非高危行业 enterprises are key only by risk or source."""
    from anjian.standards.inspection import CAP_SCHEMES, sector_group

    found: dict[int, str] = {}
    rows = (
        EnterpriseClass.objects.visible_to(user)
        .filter(within_region("region_code", jurisdiction_prefix(region_code)), year=year)
        .values_list("enterprise_id", "enterprise__sector__code", "scheme", "category", "cap")
    )
    for enterprise_id, sector_code, scheme_key, category, cap in rows:
        scheme = CAP_SCHEMES.get(scheme_key)
        group = scheme.groups.get(sector_group(sector_code)) if scheme else None
        if group is None or group.key == LOW_RISK_GROUP:
            continue
        if cap >= max(row.cap for row in group.rows):
            row = group.row(category)
            found[enterprise_id] = row.label if row else category
    return found
