"""监督检查统计 page and its Excel export (the numbers come from `selectors_stats`)."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from anjian.core import audit, xlsx
from anjian.core.permissions import permission_required_audited

from . import selectors_stats
from .selectors_stats import PERMISSION


def stats_year(params) -> int:
    this = timezone.localdate().year
    try:
        year = int(params.get("year") or this)
    except (TypeError, ValueError):
        return this
    return year if 2000 <= year <= this + 1 else this


def _charts(stats: dict) -> list[dict]:
    """The bar charts (drawn by the hazard statistics' script from the same JSON shape)."""
    months = [
        {"name": f"{m['month']}月", "value": m["done"], "colour": ""}
        for m in stats["total"]["months"]
    ]
    offices = [{"name": r["office"], "value": r["done"], "colour": ""} for r in stats["offices"]]
    return [
        {"key": "months", "title": "按月完成检查", "kind": "bar", "rows": months},
        {"key": "offices", "title": "按检查单位完成检查", "kind": "bar", "rows": offices},
    ]


@permission_required_audited(PERMISSION)
def inspection_stats(request):
    year = stats_year(request.GET)
    stats = selectors_stats.statistics(request.user, year)
    this = timezone.localdate().year
    context = {
        "stats": stats,
        "total": stats["total"],
        "charts": _charts(stats),
        "years": range(this, this - 5, -1),
        "definitions": stats["definitions"],
    }
    return render(request, "inspections/stats/stats.html", context)


HEADERS = [
    "检查单位",
    *[f"{m}月完成/计划" for m in selectors_stats.MONTHS],
    "完成检查",
    "计划数",
    "重点企业",
    "已覆盖",
    "不符合项",
    "每次检查发现问题数",
    "到期复查",
    "按期复查",
    "按期复查率(%)",
    "超上限拒绝",
    "四不两直",
    "四不两直占比(%)",
]


def export_rows(stats: dict):
    for row in [*stats["offices"], stats["total"]]:
        yield [
            row["office"],
            *[f"{m['done']}/{m['quota']}" for m in row["months"]],
            row["done"],
            row["quota"],
            row["key_total"],
            row["key_covered"],
            row["findings"],
            row["findings_per_check"],
            row["rechecks_due"],
            row["rechecks_on_time"],
            row["on_time_rate"],
            row["refusals"],
            row["unannounced"],
            row["unannounced_share"],
        ]


@permission_required_audited(PERMISSION)
def inspection_stats_export(request):
    year = stats_year(request.GET)
    stats = selectors_stats.statistics(request.user, year)
    with transaction.atomic():
        audit.record(
            "inspection.stats_export",
            actor=request.user,
            after={"year": year, "offices": len(stats["offices"])},
        )
    return xlsx.stream_workbook(
        xlsx.dated(f"监督检查统计{year}.xlsx"),
        HEADERS,
        export_rows(stats),
        sheet_title=f"{year}年监督检查统计",
        widths=[24, *[9] * 12, 10, 10, 10, 10, 10, 12, 10, 10, 12, 10, 10, 12],
    )
