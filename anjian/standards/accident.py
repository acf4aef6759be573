"""生产安全事故: grade (493号令 Art 3), reporting (Arts 9–13), investigation (Arts 19, 29, 32),
the GB 6441 categories, and the accident fines of the Safety Law (Arts 95, 114).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from anjian.standards.base import (
    Result,
    StandardsError,
    cn_number,
    fmt,
    normalize_text,
    to_count,
    to_date,
    to_decimal,
)
from anjian.standards.gb6441 import (
    CATEGORIES,
    AccidentCategory,
    InjurySeverity,
    category,
    injury_severity,
)
from anjian.standards.penalty_tables import (
    ART95_PERCENT,
    ART114_MULTIPLIER,
    ART114_RANGES,
    SAFETY_LAW,
)

__all__ = [
    "CATEGORIES",
    "GRADES",
    "AccidentCategory",
    "AccidentGrade",
    "FineRange",
    "IncomeFinePercent",
    "InjurySeverity",
    "Investigation",
    "ReportChain",
    "ReportDeadline",
    "ReportDeadlines",
    "SupplementaryWindow",
    "category",
    "grade",
    "injury_severity",
    "investigation",
    "principal_fine_percent",
    "report_chain",
    "report_deadlines",
    "supplementary_window_days",
    "unit_fine_range",
]

REGULATION = "《生产安全事故报告和调查处理条例》（国务院令第493号）"

GRADES: tuple[str, ...] = ("一般", "较大", "重大", "特别重大")  # ascending severity

# Art 3 lower bounds of 较大, 重大, 特别重大; "以上" includes the bound, "以下" excludes it.
THRESHOLDS: dict[str, tuple[int, int, int]] = {
    "deaths": (3, 10, 30),
    "serious_injuries": (10, 50, 100),
    "direct_loss": (1000, 5000, 10000),
}
_CRITERIA = {
    "deaths": ("死亡", "人"),
    "serious_injuries": ("重伤（含急性工业中毒）", "人"),
    "direct_loss": ("直接经济损失", "万元"),
}

REPORT_LEVELS: tuple[str, ...] = ("县级", "设区的市级", "省级", "国务院应急管理部门", "国务院")
# Art 10: how far up the chain each grade is reported.
_REPORT_TOP = {"一般": 2, "较大": 3, "重大": 5, "特别重大": 5}
_REPORT_TARGET = {
    "一般": "设区的市级人民政府应急管理部门",
    "较大": "省级人民政府应急管理部门",
    "重大": "国务院应急管理部门",
    "特别重大": "国务院应急管理部门",
}
UNIT_REPORT_HOURS = 1  # Art 9
LEVEL_REPORT_HOURS = 2  # Art 11

SUPPLEMENTARY_DAYS = {"general": 30, "road_traffic": 7, "fire": 7}  # Art 13
_KIND_LABELS = {"general": "一般情形", "road_traffic": "道路交通事故", "fire": "火灾事故"}

INVESTIGATION_AUTHORITY = {  # Art 19
    "特别重大": "国务院或者国务院授权有关部门",
    "重大": "事故发生地省级人民政府",
    "较大": "事故发生地设区的市级人民政府",
    "一般": "事故发生地县级人民政府",
}
INVESTIGATION_REPORT_DAYS = 60  # Art 29
INVESTIGATION_MAX_EXTENSION_DAYS = 60


@dataclass(frozen=True)
class AccidentGrade(Result):
    grade: str
    decisive: tuple[str, ...]
    by_criterion: dict[str, str]
    deaths: int
    serious_injuries: int
    direct_loss_10k_yuan: Decimal
    explanation: str


@dataclass(frozen=True)
class ReportChain(Result):
    grade: str
    levels: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class ReportDeadline(Result):
    level: str
    due_at: datetime | None  # None: "立即报告", no hour limit is set
    basis: str


@dataclass(frozen=True)
class ReportDeadlines(Result):
    occurred_at: datetime
    grade: str | None
    deadlines: tuple[ReportDeadline, ...]
    explanation: str


@dataclass(frozen=True)
class SupplementaryWindow(Result):
    kind: str
    days: int
    explanation: str


@dataclass(frozen=True)
class Investigation(Result):
    grade: str
    authority: str
    may_delegate_to_unit: bool
    report_days: int
    max_extension_days: int
    report_due_on: date | None
    latest_extended_due_on: date | None
    reply_days: int
    reply_max_extension_days: int
    explanation: str


@dataclass(frozen=True)
class FineRange(Result):
    grade: str
    min_10k_yuan: Decimal
    max_10k_yuan: Decimal
    especially_severe: bool
    explanation: str


@dataclass(frozen=True)
class IncomeFinePercent(Result):
    grade: str
    percent: int
    explanation: str


def _check_grade(value: Any, field: str = "grade") -> str:
    """Accept 较大 or 较大事故; anything else is an error naming the four grades."""
    text = normalize_text(str(value)) if value is not None else ""
    text = text.removesuffix("事故")
    if text not in GRADES:
        raise StandardsError(field, f"事故等级应为{'、'.join(GRADES)}之一，收到「{value}」。")
    return text


def _criterion_grade(value: Decimal | int, bounds: tuple[int, int, int]) -> str:
    return GRADES[sum(1 for bound in bounds if value >= bound)]


def _band_text(key: str, level: str) -> str:
    bounds, unit = THRESHOLDS[key], _CRITERIA[key][1]
    index = GRADES.index(level)
    if index == 0:
        return f"{bounds[0]}{unit}以下"
    if index == len(bounds):
        return f"{bounds[-1]}{unit}以上"
    return f"{bounds[index - 1]}{unit}以上{bounds[index]}{unit}以下"


def grade(deaths: Any, serious_injuries: Any, direct_loss_10k_yuan: Any) -> AccidentGrade:
    """Art 3: the most severe of deaths, serious injuries and direct loss (万元) sets the grade."""
    values: dict[str, Decimal | int] = {
        "deaths": to_count(deaths, "deaths"),
        "serious_injuries": to_count(serious_injuries, "serious_injuries"),
        "direct_loss": to_decimal(direct_loss_10k_yuan, "direct_loss_10k_yuan"),
    }
    by_criterion = {key: _criterion_grade(values[key], THRESHOLDS[key]) for key in THRESHOLDS}
    result = max(by_criterion.values(), key=GRADES.index)
    decisive = tuple(key for key, level in by_criterion.items() if level == result)
    lines = [
        f"{_CRITERIA[key][0]} {fmt(values[key])}{_CRITERIA[key][1]}，属"
        f"「{_band_text(key, by_criterion[key])}」→ {by_criterion[key]}"
        for key in THRESHOLDS
    ]
    deciders = "、".join(_CRITERIA[key][0] for key in decisive)
    explanation = (
        f"依据{REGULATION}第三条（“以上”包括本数，“以下”不包括本数），按三项中最严重的一项定级："
        + "；".join(lines)
        + f"。事故等级为{result}事故，由{deciders}决定。"
    )
    return AccidentGrade(
        grade=result,
        decisive=decisive,
        by_criterion=by_criterion,
        deaths=int(values["deaths"]),
        serious_injuries=int(values["serious_injuries"]),
        direct_loss_10k_yuan=Decimal(values["direct_loss"]),
        explanation=explanation,
    )


def report_chain(grade: Any) -> ReportChain:
    """Art 10: the levels of emergency-management departments (and government) a report reaches."""
    level = _check_grade(grade)
    levels = REPORT_LEVELS[: _REPORT_TOP[level]]
    tail = (
        "；国务院应急管理部门和省级人民政府接到报告后应当立即报告国务院"
        if level in ("重大", "特别重大")
        else ""
    )
    explanation = (
        f"依据{REGULATION}第十条，{level}事故由应急管理部门和负有安全生产监督管理职责的有关部门"
        f"逐级上报至{_REPORT_TARGET[level]}{tail}："
        f"{'→'.join(levels)}。每级上报同时通知公安机关、劳动保障行政部门、工会和人民检察院，"
        "并报告本级人民政府；必要时可以越级上报。"
    )
    return ReportChain(grade=level, levels=levels, explanation=explanation)


def report_deadlines(occurred_at: datetime, *, grade: Any = None) -> ReportDeadlines:
    """Arts 9 and 11: unit → county within 1 h, then each level within 2 h.

    The 1 h clock starts when the unit head receives the report; the accident time is used as
    that moment, the earliest it can be. Without ``grade`` the whole chain is listed.
    """
    if not isinstance(occurred_at, datetime):
        raise StandardsError("occurred_at", f"应为事故发生的日期和时间，收到「{occurred_at}」。")
    level = _check_grade(grade) if grade is not None else None
    levels = REPORT_LEVELS[: _REPORT_TOP[level]] if level else REPORT_LEVELS
    deadlines = []
    hours = UNIT_REPORT_HOURS
    for name in levels:
        if name == "国务院":
            deadlines.append(ReportDeadline(name, None, "第十条：接到报告后立即报告国务院"))
            continue
        basis = "第九条：单位负责人1小时内" if hours == 1 else f"第十一条：累计{hours}小时"
        deadlines.append(ReportDeadline(name, occurred_at + timedelta(hours=hours), basis))
        hours += LEVEL_REPORT_HOURS
    steps = "；".join(
        f"{item.level} {item.due_at:%Y-%m-%d %H:%M} 前" if item.due_at else f"{item.level} 立即"
        for item in deadlines
    )
    explanation = (
        f"依据{REGULATION}第九条，单位负责人接到报告后1小时内报告县级以上应急管理部门；"
        f"第十一条，逐级上报每级不得超过2小时（以事故发生时间 {occurred_at:%Y-%m-%d %H:%M} "
        f"作为单位负责人接到报告的时间）：{steps}。"
    )
    return ReportDeadlines(occurred_at, level, tuple(deadlines), explanation)


def supplementary_window_days(kind: str = "general") -> SupplementaryWindow:
    """Art 13: casualty changes are reported within 30 days (7 for road traffic and fire)."""
    if kind not in SUPPLEMENTARY_DAYS:
        raise StandardsError(
            "kind", f"事故种类应为 {'、'.join(SUPPLEMENTARY_DAYS)} 之一，收到「{kind}」。"
        )
    days = SUPPLEMENTARY_DAYS[kind]
    return SupplementaryWindow(
        kind=kind,
        days=days,
        explanation=(
            f"依据{REGULATION}第十三条，自事故发生之日起30日内（道路交通事故、火灾事故为7日内）"
            f"伤亡人数发生变化的，应当及时补报；{_KIND_LABELS[kind]}为{days}日。"
        ),
    )


def investigation(grade: Any, *, occurred_on: Any = None) -> Investigation:
    """Art 19 authority; Art 29 report due 60 days after the accident, extendable once by ≤60."""
    level = _check_grade(grade)
    day = to_date(occurred_on, "occurred_on") if occurred_on is not None else None
    due = day + timedelta(days=INVESTIGATION_REPORT_DAYS) if day else None
    latest = due + timedelta(days=INVESTIGATION_MAX_EXTENSION_DAYS) if due else None
    reply_days, reply_extension = (30, 30) if level == "特别重大" else (15, 0)
    dates = f"（事故发生于 {day}，报告期限 {due}，延长后最迟 {latest}）" if day else ""
    delegate = "；未造成人员伤亡的一般事故，县级人民政府也可以委托事故发生单位组织调查"
    explanation = (
        f"依据{REGULATION}第十九条，{level}事故由{INVESTIGATION_AUTHORITY[level]}负责调查"
        f"{delegate if level == '一般' else ''}。第二十九条，事故调查组应当自事故发生之日起"
        f"{INVESTIGATION_REPORT_DAYS}日内提交调查报告，经批准可以延长，最长不超过"
        f"{INVESTIGATION_MAX_EXTENSION_DAYS}日，技术鉴定所需时间不计入{dates}。"
        f"第三十二条，人民政府应当自收到报告之日起{reply_days}日内批复"
        f"{f'，特殊情况下最长延长{reply_extension}日' if reply_extension else ''}。"
    )
    return Investigation(
        grade=level,
        authority=INVESTIGATION_AUTHORITY[level],
        may_delegate_to_unit=level == "一般",
        report_days=INVESTIGATION_REPORT_DAYS,
        max_extension_days=INVESTIGATION_MAX_EXTENSION_DAYS,
        report_due_on=due,
        latest_extended_due_on=latest,
        reply_days=reply_days,
        reply_max_extension_days=reply_extension,
        explanation=explanation,
    )


def unit_fine_range(grade: Any, *, especially_severe: bool = False) -> FineRange:
    """Safety Law Art 114: the fine on the unit responsible for an accident, in 万元."""
    level = _check_grade(grade)
    low, high = ART114_RANGES[level]
    times_low, times_high = ART114_MULTIPLIER
    explanation = (
        f"依据{SAFETY_LAW}第一百一十四条第一款，发生{level}事故的，对负有责任的生产经营单位处"
        f"{fmt(low)}万元以上{fmt(high)}万元以下的罚款"
    )
    if especially_severe:
        explanation += (
            f"；第二款，情节特别严重、影响特别恶劣的，按前款数额的二倍以上五倍以下罚款："
            f"{fmt(low)} × {times_low} = {fmt(low * times_low)} 万元至 "
            f"{fmt(high)} × {times_high} = {fmt(high * times_high)} 万元"
        )
        low, high = low * times_low, high * times_high
    return FineRange(level, low, high, especially_severe, explanation + "。")


def principal_fine_percent(grade: Any) -> IncomeFinePercent:
    """Safety Law Art 95: the principal's fine as a percentage of the previous year's income."""
    level = _check_grade(grade)
    percent = ART95_PERCENT[level]
    return IncomeFinePercent(
        grade=level,
        percent=percent,
        explanation=(
            f"依据{SAFETY_LAW}第九十五条，主要负责人未履行安全生产管理职责导致发生{level}事故的，"
            f"处上一年年收入百分之{cn_number(percent)}的罚款。"
        ),
    )
