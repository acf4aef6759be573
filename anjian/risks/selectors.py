"""Reads on risk points and major hazard sources."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, QuerySet

from anjian.core.choices import RiskGrade
from anjian.enterprises.selectors import Enterprise

from .choices import GRADE_COLOURS
from .filters import RiskPointFilters, SourceFilters
from .models import MajorHazardSource, RiskPoint
from .workflow import FILING_FLOW


def risk_points_for(user, filters: RiskPointFilters | None = None) -> QuerySet:
    filters = filters or RiskPointFilters()
    qs = RiskPoint.objects.visible_to(user).live().select_related("enterprise")
    return filters.apply(qs).order_by(*filters.ordering())


def risk_point_for(user, pk: int) -> RiskPoint:
    return RiskPoint.objects.select_related("enterprise").get_visible(
        user, pk=pk, voided_at__isnull=True
    )


def _counts(qs: QuerySet, field: str, values) -> dict[str, int]:
    """How many rows have each of `values` in `field` (zero for those none have)."""
    counts = dict(qs.values_list(field).annotate(n=Count("id")))
    return {value: counts.get(value, 0) for value in values}


def four_colour(user, enterprise: Enterprise | None = None) -> dict[str, int]:
    """Counts of risk points by level (红橙黄蓝) in scope, or for one enterprise."""
    qs = RiskPoint.objects.visible_to(user).live()
    if enterprise is not None:
        qs = qs.filter(enterprise=enterprise)
    return _counts(qs, "level", RiskGrade.values)


def enterprises_by_grade(user) -> dict[str, int]:
    return _counts(Enterprise.objects.visible_to(user).live(), "risk_grade", RiskGrade.values)


def sources_for(user, filters: SourceFilters | None = None) -> QuerySet:
    filters = filters or SourceFilters()
    qs = MajorHazardSource.objects.visible_to(user).live().select_related("enterprise")
    return filters.apply(qs).order_by(*filters.ordering()).prefetch_related("substances")


def source_for(user, pk: int) -> MajorHazardSource:
    return (
        MajorHazardSource.objects.select_related("enterprise")
        .prefetch_related("substances")
        .get_visible(user, pk=pk, voided_at__isnull=True)
    )


def source_actions(user, source: MajorHazardSource) -> list:
    """The filing actions (transitions) this user may take on the unit now."""
    return FILING_FLOW.available(source, user)


def register_counts(user) -> dict:
    """The regulator's register of filed sources by grade, and how many await review."""
    sources = MajorHazardSource.objects.visible_to(user).live()
    pending = sources.filter(status="submitted").count()
    return _counts(sources.filter(status="filed"), "grade", GRADE_COLOURS) | {"pending": pending}


def enterprise_rows(user, enterprises: list, top_points: int = 3) -> list[dict]:
    """Each enterprise of the page with its point counts by colour and its highest points."""
    ids = [e.pk for e in enterprises]
    points = risk_points_for(user).filter(enterprise_id__in=ids)
    counts: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for row in points.values("enterprise_id", "level").annotate(n=Count("id")).order_by():
        counts[row["enterprise_id"]][row["level"]] = row["n"]
    top: defaultdict[int, list[RiskPoint]] = defaultdict(list)
    for point in points.order_by("enterprise_id", "-score", "id").only(
        "id", "name", "level", "score", "enterprise_id"
    ):
        if len(top[point.enterprise_id]) < top_points:
            top[point.enterprise_id].append(point)
    return [
        {
            "enterprise": e,
            "counts": [
                (RiskGrade(level), counts[e.pk].get(level, 0)) for level in RiskGrade.values
            ],
            "top": top[e.pk],
        }
        for e in enterprises
    ]
