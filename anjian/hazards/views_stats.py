"""隐患统计: totals and rates with their definitions, charts, a table by subordinate region, and
the quarterly statistics report (16号令 Art 14) for the same period and region."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone

from anjian.core.permissions import permission_required_audited
from anjian.enterprises.selectors import region_options

from . import exports, selectors
from .choices import Grade, Status
from .filters import HazardFilters, from_query

VIEW = "hazards.view_hazard"
STATS_PARAMS = ("found_from", "found_to", "region")


def quarter_of(day) -> tuple:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    last_month = first.month + 2
    following = date(day.year + (last_month == 12), last_month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def stats_periods(today) -> list[tuple[str, tuple]]:
    """Quick choices of the statistics period: this and last quarter, this and last year."""
    this = quarter_of(today)
    last = quarter_of(this[0] - timedelta(days=1))
    return [
        ("本季度", this),
        ("上季度", last),
        ("本年度", (date(today.year, 1, 1), date(today.year, 12, 31))),
        ("上年度", (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))),
    ]


def stats_filters(params) -> HazardFilters:
    """The period and region of the page; without a period, the current quarter."""
    data = {k: v for k, v in params.items() if k in STATS_PARAMS}
    if not data.get("found_from") and not data.get("found_to"):
        first, last = stats_periods(timezone.localdate())[0][1]
        data.update(found_from=first.isoformat(), found_to=last.isoformat())
    return from_query(data)


def _query(filters: HazardFilters, **extra) -> str:
    query = QueryDict(mutable=True)
    for name in STATS_PARAMS:
        value = getattr(filters, name)
        if value:
            query[name] = str(value)
    query.update(extra)
    return query.urlencode()


def _pairs(rows: list[dict], choices=None) -> list[dict]:
    """Label, count and, for a coloured choice, the badge's colour (so chart and badge agree)."""
    colour = choices.colour_of if choices else lambda key: ""
    return [
        {"name": r["label"] or "—", "value": r["count"], "colour": colour(r["key"])} for r in rows
    ]


def _charts(stats: dict) -> dict:
    """What the charts draw (ECharts reads it from a JSON block)."""
    return {
        "status": _pairs(stats["by_status"], Status),
        "grade": _pairs(stats["by_grade"], Grade),
        "region": _pairs(stats["by_region"]),
        "sector": _pairs(stats["by_sector"]),
    }


@permission_required_audited(VIEW)
def hazard_stats(request):
    user = request.user
    filters = stats_filters(request.GET)
    stats = selectors.statistics(user, filters)
    periods = [
        (
            label,
            _query(filters.model_copy(update={"found_from": a, "found_to": b})),
            (a, b) == (filters.found_from, filters.found_to),
        )
        for label, (a, b) in stats_periods(timezone.localdate())
    ]
    context = {
        "filters": filters,
        "stats": stats,
        "totals": stats["totals"],
        "definitions": stats["definitions"],
        "charts": _charts(stats),
        "regions": region_options(user),
        "periods": periods,
        "query": _query(filters),
        "can_export": user.has_perm("hazards.export_hazard"),
    }
    return render(request, "hazards/stats.html", context)


@permission_required_audited(VIEW)
def hazard_stats_export(request):
    """统计表 (Excel) of the page's period and region; the export checks its own permission."""
    return exports.stats_report_response(request.user, stats_filters(request.GET))
