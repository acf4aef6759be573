"""API of the inspections app's ratings part: the ratings' aggregates (never one rating) and
the inspection statistics. Importing `signals_experts` connects the experts' hooks at start-up
(the API is mounted with the URL configuration)."""

from __future__ import annotations

from dataclasses import asdict

from django.utils import timezone
from ninja import Router

from anjian.core.errors import Forbidden, Invalid
from anjian.core.schemas import ERRORS

from . import (
    selectors_ratings,
    selectors_stats,
    signals_experts,  # noqa: F401  (connects the hooks)
)

router = Router(tags=["监督检查"])


def _year(year: int | None) -> int:
    this = timezone.localdate().year
    return this if year is None else year


def _check_year(year: int) -> int:
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Invalid("年度不正确。", field="year")
    return year


@router.get("/inspection-stats", response={200: dict, **ERRORS})
def inspection_stats(request, year: int | None = None):
    """监督检查统计（辖区内各检查单位，按月）：完成检查与年度计划每月数量、重点企业覆盖、每次检查
    发现问题数、按期复查率、超上限拒绝次数、四不两直占比；`definitions` 为各项口径。"""
    return selectors_stats.statistics(request.user, _check_year(_year(year)))


@router.get("/inspection-ratings", response={200: dict, **ERRORS})
def inspection_ratings(request, year: int | None = None):
    """检查评价汇总：按检查单位、检查人员、月份，每组 5 条以上才给出条数、平均分和 1–5 星分布；
    不足 5 条的组 `shown` 为 false 且不给任何数字。不提供单条评价。"""
    if not request.user.has_perm("inspections.view_inspection"):
        raise Forbidden("您无权查看检查评价汇总。")
    year = selectors_ratings.default_year() if year is None else _check_year(year)
    summary = selectors_ratings.rating_summary(request.user, year)
    return {
        "year": summary["year"],
        "cutoff": summary["cutoff"],
        "min_group": summary["min_group"],
        **{k: [asdict(g) for g in summary[k]] for k in ("offices", "officers", "months")},
    }
