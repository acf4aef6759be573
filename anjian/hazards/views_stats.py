"""隐患统计: totals and rates with their definitions, charts, a table by subordinate region, and
the quarterly statistics report (16号令 Art 14) for the same period and region."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import QueryDict
from django.shortcuts import render
from django.template.defaultfilters import floatformat
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


# (breakdown, title, kind, choices whose badge colours the chart uses)
CHARTS = [
    ("status", "按状态", "ring", Status),
    ("grade", "按等级", "ring", Grade),
    ("region", "按下级区划", "bar", None),
    ("sector", "按监管行业", "bar", None),
]


def _charts(stats: dict) -> list[dict]:
    """What the charts draw: per breakdown its label, count and, for a coloured choice, the
    badge's colour (so chart and badge agree); ECharts reads it from a JSON block."""
    charts = []
    for key, title, kind, choices in CHARTS:
        colour = choices.colour_of if choices else lambda key: ""
        rows = [
            {"name": r["label"] or "—", "value": r["count"], "colour": colour(r["key"])}
            for r in stats[f"by_{key}"]
        ]
        charts.append({"key": key, "title": title, "kind": kind, "rows": rows})
    return charts


def _tiles(stats: dict) -> list[dict]:
    """The cards above the charts, in order: counts (coloured when not zero) and the two rates
    with their definitions."""
    totals, definitions = stats["totals"], stats["definitions"]

    def count(label: str, key: str, colour: str = "") -> dict:
        return {"label": label, "value": totals[key], "unit": "项", "colour": colour}

    def rate(label: str, testid: str, key: str, part: str, whole: str) -> dict:
        text = f"{definitions[key]}（{totals[part]} ÷ {totals[whole]}）"
        return {"label": label, "testid": testid, "rate": totals[key], "text": text}

    return [
        count("隐患总数", "total"),
        count("已销号", "closed", "green"),
        count("逾期未整改", "overdue", "red"),
        count("重大隐患（未销号）", "major_open", "red"),
        rate("整改率", "rectification", "rectification_rate", "closed", "confirmed"),
        rate("按期整改率", "on-time", "on_time_rate", "on_time", "closed"),
        count("已确认", "confirmed"),
        count("重大隐患", "major"),
        count("挂牌督办中", "listed", "orange"),
        {
            "label": "整改资金",
            "value": floatformat(totals["funds"], 2),
            "unit": "万元",
            "colour": "",
        },
    ]


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
        "tiles": _tiles(stats),
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
