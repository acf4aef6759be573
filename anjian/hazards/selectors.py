"""Reads on hazards: scoped lists, the work queue, the timeline and statistics."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from anjian.regions.selectors import Region

from .choices import OPEN_STATES, Grade, Source, Status
from .filters import MAJOR_FIRST, HazardFilters
from .models import Hazard
from .workflow import HAZARD_FLOW


def hazards_for(user, filters: HazardFilters | None = None) -> QuerySet[Hazard]:
    filters = filters or HazardFilters()
    qs = (
        Hazard.objects.visible_to(user)
        .select_related("enterprise", "sector")
        .annotate(major_first=MAJOR_FIRST)
    )
    return filters.apply(qs).order_by(*filters.ordering(), "-id")


def hazard_for(user, pk: int) -> Hazard:
    return Hazard.objects.select_related(
        "enterprise", "sector", "found_by", "subcategory", "submitted_by", "accepted_by"
    ).get_visible(user, pk=pk)


def history(hazard: Hazard):
    return HAZARD_FLOW.history(hazard)


def actions_for(user, hazard: Hazard) -> list:
    return HAZARD_FLOW.available(hazard, user)


def work_queue(user, limit: int = 50) -> list[Hazard]:
    """待我处理: open hazards in scope on which this user can act now."""
    candidates = (
        Hazard.objects.visible_to(user)
        .filter(status__in=OPEN_STATES)
        .select_related("enterprise")
        .annotate(major_first=MAJOR_FIRST)
        .order_by("major_first", F("deadline").asc(nulls_last=True), "id")
    )
    queue = []
    for hazard in candidates.iterator(chunk_size=200):
        actionable = [t for t in actions_for(user, hazard) if t.action in _QUEUE_ACTIONS]
        if actionable:
            hazard.next_actions = actionable
            queue.append(hazard)
            if len(queue) >= limit:
                break
    return queue


_QUEUE_ACTIONS = {"confirm", "submit", "accept"}


def enterprise_summary(user, enterprise) -> dict:
    qs = Hazard.objects.visible_to(user).filter(enterprise=enterprise)
    counts = qs.aggregate(
        open=Count("id", filter=Q(status__in=OPEN_STATES)),
        major_open=Count("id", filter=Q(status__in=OPEN_STATES, grade=Grade.MAJOR)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATES, deadline__lt=timezone.localdate())),
        closed=Count("id", filter=Q(status=Status.CLOSED)),
    )
    recent = qs.exclude(status=Status.VOIDED).order_by("-found_at")[:5]
    return {"counts": counts, "recent": list(recent), "enterprise": enterprise}


# ---- statistics ---------------------------------------------------------------------------

RATE_DEFINITIONS = {
    "rectification_rate": "整改率 = 已销号数 ÷ 已确认数（确认后进入整改的隐患，不含作废）",
    "on_time_rate": "按期整改率 = 在整改期限内提交整改并销号的数量 ÷ 已销号数",
}


def _rate(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def statistics(user, filters: HazardFilters) -> dict:
    """Counts, rates and funds for the filtered hazards — one aggregate query per breakdown."""
    base = filters.apply(Hazard.objects.visible_to(user)).exclude(status=Status.VOIDED)
    today = timezone.localdate()
    totals = base.aggregate(
        total=Count("id"),
        confirmed=Count("id", filter=Q(confirmed_at__isnull=False)),
        closed=Count("id", filter=Q(status=Status.CLOSED)),
        on_time=Count("id", filter=Q(status=Status.CLOSED, submitted_at__date__lte=F("deadline"))),
        overdue=Count("id", filter=Q(status__in=OPEN_STATES, deadline__lt=today)),
        major=Count("id", filter=Q(grade=Grade.MAJOR)),
        major_open=Count("id", filter=Q(grade=Grade.MAJOR, status__in=OPEN_STATES)),
        listed=Count("id", filter=Q(listed=True, status__in=OPEN_STATES)),
        funds=Sum("cost"),
    )
    totals["funds"] = totals["funds"] or Decimal("0")
    totals["rectification_rate"] = _rate(totals["closed"], totals["confirmed"])
    totals["on_time_rate"] = _rate(totals["on_time"], totals["closed"])
    return {
        "totals": totals,
        "definitions": RATE_DEFINITIONS,
        "by_status": _by(base, "status", dict(Status.choices)),
        "by_grade": _by(base, "grade", {**dict(Grade.choices), "": "未定级"}),
        "by_source": _by(base, "source", dict(Source.choices)),
        "by_sector": _by(base, "sector__name", None),
        "by_region": _by_region(user, base, filters),
    }


def _by(qs, field: str, labels: dict | None) -> list[dict]:
    rows = qs.values(field).annotate(count=Count("id")).order_by("-count", field)
    return [
        {
            "key": r[field],
            "label": str(labels.get(r[field], r[field])) if labels else r[field],
            "count": r["count"],
        }
        for r in rows
    ]


def _by_region(user, qs, filters: HazardFilters) -> list[dict]:
    """Counts by the next level down (e.g. townships of a district), rates included."""
    metrics = {
        "count": Count("id"),
        "closed": Count("id", filter=Q(status=Status.CLOSED)),
        "confirmed": Count("id", filter=Q(confirmed_at__isnull=False)),
        "overdue": Count("id", filter=Q(status__in=OPEN_STATES, deadline__lt=timezone.localdate())),
    }
    return [
        {
            "key": child["prefix"],
            "label": child["name"],
            "count": r.get("count", 0),
            "closed": r.get("closed", 0),
            "overdue": r.get("overdue", 0),
            "rectification_rate": _rate(r.get("closed", 0), r.get("confirmed", 0)),
        }
        for child, r in _per_child(user, qs, filters, metrics)
    ]


def _per_child(user, qs, filters: HazardFilters, metrics: dict) -> list[tuple[Any, Any]]:
    """Each region one level down with its metrics (empty where it has no hazard)."""
    children = _child_regions(user, filters)
    if not children:
        return []
    child = Substr("region_code", 1, len(children[0]["prefix"]))
    rows = qs.annotate(child=child).values("child").annotate(**metrics)
    found = {r["child"]: r for r in rows}
    return [(c, found.get(c["prefix"], {})) for c in children]


_CHILD_LEVEL = {0: ("province",), 2: ("city",), 4: ("county",), 6: ("township",), 9: ("village",)}


def report_table(user, filters: HazardFilters) -> list[dict]:
    """Rows of the statistics report: one per subordinate region, then 合计."""
    base = filters.apply(Hazard.objects.visible_to(user)).exclude(status=Status.VOIDED)
    today = timezone.localdate()
    metrics = {
        "general": Count("id", filter=Q(grade=Grade.GENERAL)),
        "general_closed": Count("id", filter=Q(grade=Grade.GENERAL, status=Status.CLOSED)),
        "general_confirmed": Count("id", filter=Q(grade=Grade.GENERAL, confirmed_at__isnull=False)),
        "major": Count("id", filter=Q(grade=Grade.MAJOR)),
        "major_closed": Count("id", filter=Q(grade=Grade.MAJOR, status=Status.CLOSED)),
        "major_confirmed": Count("id", filter=Q(grade=Grade.MAJOR, confirmed_at__isnull=False)),
        "major_planned": Count("id", filter=Q(grade=Grade.MAJOR, plan__isnull=False)),
        "listed": Count("id", filter=Q(listed=True, status__in=OPEN_STATES)),
        "overdue": Count("id", filter=Q(status__in=OPEN_STATES, deadline__lt=today)),
        "funds": Sum("cost"),
    }
    rows = [_report_row(c["name"], r) for c, r in _per_child(user, base, filters, metrics)]
    rows.append(_report_row("合计", base.aggregate(**metrics)))
    return rows


def _report_row(name: str, r: dict) -> dict:
    get = lambda k: r.get(k) or 0  # noqa: E731
    return {
        "region": name,
        "general": get("general"),
        "general_closed": get("general_closed"),
        "general_rate": _rate(get("general_closed"), get("general_confirmed")),
        "major": get("major"),
        "major_closed": get("major_closed"),
        "major_rate": _rate(get("major_closed"), get("major_confirmed")),
        "major_planned": get("major_planned"),
        "listed": get("listed"),
        "overdue": get("overdue"),
        "funds": r.get("funds") or Decimal("0"),
    }


def _child_regions(user, filters: HazardFilters) -> list[Mapping[str, Any]]:
    from anjian.standards.region_code import jurisdiction_prefix

    scope_prefix = filters.region or user.scope.region_prefix or ""
    prefix = jurisdiction_prefix(scope_prefix) if scope_prefix else ""
    return sorted(
        Region.objects.filter(
            prefix__startswith=prefix, level__in=_CHILD_LEVEL.get(len(prefix), ())
        )
        .exclude(prefix=prefix)
        .values("prefix", "name"),
        key=lambda c: c["prefix"],
    )
