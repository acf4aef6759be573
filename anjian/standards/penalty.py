"""Fines under the Safety Law (安全生产法, 2021): ranges by article, and Art 112 daily penalties.

The article table lives in ``penalty_tables``; amounts are 万元, closed intervals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from anjian.standards.accident import unit_fine_range
from anjian.standards.base import (
    Result,
    StandardsError,
    cn_number,
    fmt,
    to_date,
    to_decimal,
)
from anjian.standards.penalty_tables import ARTICLES, SAFETY_LAW, STAGES, WHO, Article, Sanction

__all__ = ["ARTICLES", "DailyPenalty", "PenaltyRange", "daily_penalty", "fine_range"]

_WHO_LABELS = {"unit": "生产经营单位", "person": "责任人员"}
_STAGE_LABELS = {"initial": "首次处罚", "not_corrected": "逾期未改正（拒不执行、拒不改正）"}
# Art 103 para 1: above this illegal gain (万元) the fine is a multiple of the gain.
ILLEGAL_GAIN_THRESHOLD = Decimal(10)
ILLEGAL_GAIN_MULTIPLES = (Decimal(2), Decimal(5))


@dataclass(frozen=True)
class PenaltyRange(Result):
    article: int
    paragraph: int
    who: str
    stage: str
    computable: bool
    min_10k_yuan: Decimal | None  # None when the law says only "…以下" or sets no fine
    max_10k_yuan: Decimal | None
    explanation: str


@dataclass(frozen=True)
class DailyPenalty(Result):
    amount_10k_yuan: Decimal
    ordered_on: date
    first_day: date
    until: date
    days: int
    total_10k_yuan: Decimal
    explanation: str


def _article(article: Any, paragraph: Any) -> Article:
    try:
        key = (int(str(article).strip()), int(paragraph))
    except ValueError:
        key = (0, 0)
    if key not in ARTICLES:
        known = "、".join(
            f"{number}" + (f"（第{para}款）" if para > 1 else "") for number, para in ARTICLES
        )
        raise StandardsError(
            "article", f"没有第{article}条第{paragraph}款的处罚数据；可选条款：{known}。"
        )
    return ARTICLES[key]


def _range_text(low: Decimal | None, high: Decimal) -> str:
    if low is None:
        return f"{fmt(high)}万元以下的罚款（[0, {fmt(high)}] 万元）"
    return f"{fmt(low)}万元以上{fmt(high)}万元以下的罚款（[{fmt(low)}, {fmt(high)}] 万元）"


def _heading(item: Article, who: str, stage: str) -> str:
    paragraph = f"第{cn_number(item.paragraph)}款" if item.paragraph > 1 else ""
    return (
        f"依据{SAFETY_LAW}第{cn_number(item.number)}条{paragraph}（{item.summary}），"
        f"{_STAGE_LABELS[stage]}，对{_WHO_LABELS[who]}："
    )


def fine_range(
    article: Any,
    who: str,
    stage: str = "initial",
    *,
    paragraph: int = 1,
    grade: Any = None,
    especially_severe: bool = False,
    illegal_gain_10k_yuan: Any = None,
) -> PenaltyRange:
    """The fine range of an article for the unit or the responsible persons at a stage.

    ``grade`` is required for Art 114 (the accident grade); ``illegal_gain_10k_yuan`` applies
    to Art 103 para 1, where a gain of 10万 or more turns the fine into 2–5× the gain.
    """
    if who not in WHO:
        raise StandardsError(
            "who", f"处罚对象应为 unit（单位）或 person（责任人员），收到「{who}」。"
        )
    if stage not in STAGES:
        raise StandardsError(
            "stage", f"阶段应为 initial（首次）或 not_corrected（逾期未改正），收到「{stage}」。"
        )
    item = _article(article, paragraph)
    if item.number == 114 and who == "unit" and stage == "initial":
        return _art114(item, grade, especially_severe)
    sanction = (item.unit if who == "unit" else item.person).get(stage)
    if item.number == 103 and item.paragraph == 1 and who == "unit" and stage == "initial":
        sanction = _art103_unit(sanction, illegal_gain_10k_yuan)
    return _result(item, who, stage, sanction)


def _result(item: Article, who: str, stage: str, sanction: Sanction | None) -> PenaltyRange:
    explanation = _heading(item, who, stage)
    if sanction is None:
        explanation += "本条对此未规定处罚"
    elif sanction.high is None:
        explanation += f"{sanction.text}（不是以万元计的罚款，系统不计算金额）"
    else:
        prefix = f"{sanction.text}，" if sanction.text else ""
        explanation += prefix + "处" + _range_text(sanction.low, sanction.high)
    if item.note:
        explanation += f"。另：{item.note}"
    computable = sanction is not None and sanction.high is not None
    return PenaltyRange(
        article=item.number,
        paragraph=item.paragraph,
        who=who,
        stage=stage,
        computable=computable,
        min_10k_yuan=sanction.low if sanction else None,
        max_10k_yuan=sanction.high if sanction else None,
        explanation=explanation + "。",
    )


def _art103_unit(sanction: Sanction | None, gain: Any) -> Sanction | None:
    if gain is None or sanction is None:
        return sanction
    amount = to_decimal(gain, "illegal_gain_10k_yuan")
    if amount < ILLEGAL_GAIN_THRESHOLD:
        return sanction
    low, high = (amount * times for times in ILLEGAL_GAIN_MULTIPLES)
    return Sanction(
        low,
        high,
        f"责令限期改正，没收违法所得；违法所得 {fmt(amount)} 万元 ≥ 10 万元，并处违法所得二倍"
        f"以上五倍以下的罚款：{fmt(amount)} × 2 = {fmt(low)}，{fmt(amount)} × 5 = {fmt(high)}",
    )


def _art114(item: Article, grade: Any, especially_severe: bool) -> PenaltyRange:
    if grade is None:
        raise StandardsError(
            "grade", "第一百一十四条按事故等级罚款，请给出事故等级（一般、较大、重大、特别重大）。"
        )
    fine = unit_fine_range(grade, especially_severe=especially_severe)
    return PenaltyRange(
        article=item.number,
        paragraph=2 if especially_severe else 1,
        who="unit",
        stage="initial",
        computable=True,
        min_10k_yuan=fine.min_10k_yuan,
        max_10k_yuan=fine.max_10k_yuan,
        explanation=fine.explanation,
    )


def daily_penalty(amount: Any, ordered_on: Any, until: Any) -> DailyPenalty:
    """Art 112: the original fine (万元) per day from the day after the correction order
    through ``until`` inclusive.

    The law leaves the end day open; the caller passes it (typically the re-inspection day that
    found the violation corrected).
    """
    fine = to_decimal(amount, "amount")
    if fine == 0:
        raise StandardsError("amount", "原处罚数额应大于0。")
    start = to_date(ordered_on, "ordered_on")
    end = to_date(until, "until")
    days = (end - start).days
    if days < 1:
        raise StandardsError(
            "until", f"截止日期应晚于责令改正日期 {start}：按日连续处罚自该日的次日起算。"
        )
    total = fine * days
    first_day = start + timedelta(days=1)
    return DailyPenalty(
        amount_10k_yuan=fine,
        ordered_on=start,
        first_day=first_day,
        until=end,
        days=days,
        total_10k_yuan=total,
        explanation=(
            f"依据{SAFETY_LAW}第一百一十二条，被责令改正且受到罚款处罚、拒不改正的，"
            f"可以自作出责令改正之日（{start}）的次日（{first_day}）起按照原处罚数额按日连续处罚；"
            f"计至 {end}（含当日）共 {days} 日：{fmt(fine)} 万元 × {days} = {fmt(total)} 万元。"
        ),
    )
