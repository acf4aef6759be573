"""Legal clocks of administrative enforcement: 行政处罚法 (2021), 行政强制法, 安全生产法 (2021).

Counting (民法典 Arts 201–203): the start day is not counted; a year ends on the corresponding
day (29 Feb → 28 Feb). 行政处罚法 Art 85: 二/三/五/七日 are working days; longer periods (15, 90
days) are calendar days. A calendar-day procedural deadline that ends on a rest day moves to the
next working day (Art 203); a working-day deadline always ends on a working day. Each function
says whether it moves. Working days come from ``workdays`` (a missing year raises
``StandardsError`` unless ``assume_weekends_only=True``). Summary procedure, the hearing right
and the Art 113 closure trigger live in ``enforcement_decisions`` and are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from anjian.standards.base import (
    Result,
    StandardsError,
    add_years,
    fmt,
    to_count,
    to_date,
    to_decimal,
)
from anjian.standards.enforcement_decisions import (
    ClosureTrigger,
    Decision,
    closure_trigger_art113_1,
    hearing_required,
    summary_procedure_eligible,
)
from anjian.standards.enforcement_tables import (
    CIVIL_CODE,
    COERCION_LAW,
    DECISION_DAYS,
    DELIVERY_WORKING_DAYS,
    EVIDENCE_DECISION_WORKING_DAYS,
    HEARING_REQUEST_WORKING_DAYS,
    PAYMENT_DAYS,
    PENALTY_LAW,
    PUBLICATION_WORKING_DAYS,
    RULES_18,
    SAFETY_LAW,
    SEIZURE_DAYS,
    SEIZURE_EXTENSION_DAYS,
    SURCHARGE_RATE_PER_DAY,
    TIME_BAR_HARM_YEARS,
    TIME_BAR_YEARS,
)
from anjian.standards.workdays import WorkdayCalendar, add_working_days, next_working_day

__all__ = [
    "ClosureTrigger",
    "Deadline",
    "Decision",
    "Surcharge",
    "TimeBar",
    "closure_trigger_art113_1",
    "evidence_preservation_decision_deadline",
    "fine_payment_deadline",
    "hearing_request_deadline",
    "hearing_required",
    "late_payment_surcharge_yuan",
    "penalty_decision_deadline",
    "penalty_delivery_deadline",
    "penalty_publication_deadline",
    "penalty_time_barred",
    "seizure_expiry",
    "shifted_calendar_deadline",
    "summary_procedure_eligible",
]

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Deadline(Result):
    name: str
    start_on: date
    due_on: date
    counting: str  # "90日" (calendar days) or "7个工作日"
    shifted: bool  # moved off a rest day under 民法典 Art 203
    explanation: str


@dataclass(frozen=True)
class Surcharge(Result):
    fine_yuan: Decimal
    days_overdue: int
    amount_yuan: Decimal
    capped: bool
    explanation: str


@dataclass(frozen=True)
class TimeBar(Result):
    barred: bool
    years: int
    last_day: date  # the last day on which discovery keeps the act punishable
    explanation: str


def _working(
    name: str,
    start: Any,
    days: int,
    basis: str,
    calendar: WorkdayCalendar | None,
    assume_weekends_only: bool,
) -> Deadline:
    begin = to_date(start, "start")
    due = add_working_days(begin, days, calendar, assume_weekends_only=assume_weekends_only)
    note = "（未收录节假日安排的年份仅排除周末）" if assume_weekends_only else ""
    return Deadline(
        name=name,
        start_on=begin,
        due_on=due,
        counting=f"{days}个工作日",
        shifted=False,
        explanation=(
            f"{basis}：自 {begin} 的次日起算{days}个工作日，不含周末和法定节假日、"
            f"含调休上班日{note}，最迟 {due}。"
        ),
    )


def shifted_calendar_deadline(
    name: str,
    start: Any,
    days: int,
    basis: str,
    calendar: WorkdayCalendar | None,
    assume_weekends_only: bool,
) -> Deadline:
    """A procedural period of ``days`` calendar days, moved off a rest day (民法典 Art 203)."""
    return _calendar(name, start, days, basis, calendar, assume_weekends_only, shift=True)


def _calendar(
    name: str,
    start: Any,
    days: int,
    basis: str,
    calendar: WorkdayCalendar | None,
    assume_weekends_only: bool,
    *,
    shift: bool,
) -> Deadline:
    begin = to_date(start, "start")
    raw = begin + timedelta(days=days)
    due = (
        next_working_day(raw, calendar, assume_weekends_only=assume_weekends_only) if shift else raw
    )
    text = f"{basis}：自 {begin} 的次日起算{days}日，{begin} + {days}日 = {raw}"
    if due != raw:
        text += f"；该日为法定休假日，依据{CIVIL_CODE}第二百零三条顺延至休假日结束的次日 {due}"
    elif not shift:
        text += "；该期限不因节假日顺延"
    return Deadline(name, begin, due, f"{days}日", due != raw, text + f"，最迟 {due}。")


def penalty_decision_deadline(
    filed_on: Any,
    extended: bool = False,
    *,
    extension_days: int | None = None,
    calendar: WorkdayCalendar | None = None,
    assume_weekends_only: bool = False,
) -> Deadline:
    """行政处罚法 Art 60: decide within 90 calendar days of 立案, "unless laws, regulations or
    rules provide otherwise". Whether and how far 18号令 extends it was not obtained, so an
    extension is a parameter: ``extended=True`` requires ``extension_days`` (approved length).
    A procedural deadline: moves off a rest day (民法典 Art 203).
    """
    days = DECISION_DAYS
    basis = (
        f"依据{PENALTY_LAW}第六十条，行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定"
    )
    if extended:
        if extension_days is None:
            raise StandardsError(
                "extension_days",
                f"延长办案期限须给出经批准延长的天数（{RULES_18}的具体规定需按规章原文配置）。",
            )
        added = to_count(extension_days, "extension_days")
        days += added
        basis += f"；经批准延长{added}日（法律、法规、规章另有规定的，从其规定）"
    return _calendar(
        "penalty_decision", filed_on, days, basis, calendar, assume_weekends_only, shift=True
    )


def penalty_delivery_deadline(
    decided_on: Any,
    *,
    calendar: WorkdayCalendar | None = None,
    assume_weekends_only: bool = False,
) -> Deadline:
    """行政处罚法 Art 61 with Art 85: a party absent at the announcement is served within
    7 working days. Ends on a working day, so Art 203 never moves it."""
    basis = (
        f"依据{PENALTY_LAW}第六十一条，当事人不在场的，行政机关应当在七日内送达行政处罚决定书；"
        "第八十五条，“七日”指工作日"
    )
    return _working(
        "penalty_delivery",
        decided_on,
        DELIVERY_WORKING_DAYS,
        basis,
        calendar,
        assume_weekends_only,
    )


def hearing_request_deadline(
    notified_on: Any,
    *,
    calendar: WorkdayCalendar | None = None,
    assume_weekends_only: bool = False,
) -> Deadline:
    """行政处罚法 Art 64(1) with Art 85: a hearing is requested within 5 working days of the
    notice. Ends on a working day."""
    basis = (
        f"依据{PENALTY_LAW}第六十四条第（一）项，当事人要求听证的，应当在行政机关告知后五日内提出；"
        "第八十五条，“五日”指工作日"
    )
    return _working(
        "hearing_request",
        notified_on,
        HEARING_REQUEST_WORKING_DAYS,
        basis,
        calendar,
        assume_weekends_only,
    )


def fine_payment_deadline(
    decision_received_on: Any,
    *,
    calendar: WorkdayCalendar | None = None,
    assume_weekends_only: bool = False,
) -> Deadline:
    """行政处罚法 Art 67: pay within 15 calendar days of receiving the decision. The party's
    procedural deadline: moves off a rest day (民法典 Art 203), and the surcharge of Art 72
    runs only from the day after the moved date."""
    basis = f"依据{PENALTY_LAW}第六十七条，当事人应当自收到行政处罚决定书之日起十五日内缴纳罚款"
    return _calendar(
        "fine_payment",
        decision_received_on,
        PAYMENT_DAYS,
        basis,
        calendar,
        assume_weekends_only,
        shift=True,
    )


def evidence_preservation_decision_deadline(
    preserved_on: Any,
    *,
    calendar: WorkdayCalendar | None = None,
    assume_weekends_only: bool = False,
) -> Deadline:
    """行政处罚法 Art 56 with Art 85: evidence registered for preservation (先行登记保存) is
    decided on within 7 working days. Ends on a working day."""
    basis = (
        f"依据{PENALTY_LAW}第五十六条，先行登记保存证据的，应当在七日内及时作出处理决定；"
        "第八十五条，“七日”指工作日"
    )
    return _working(
        "evidence_preservation_decision",
        preserved_on,
        EVIDENCE_DECISION_WORKING_DAYS,
        basis,
        calendar,
        assume_weekends_only,
    )


def penalty_publication_deadline(
    decided_on: Any,
    *,
    calendar: WorkdayCalendar | None = None,
    assume_weekends_only: bool = False,
) -> Deadline:
    """安全生产法 Art 78 para 2: a penalty decision on a unit is published on the supervision
    publicity system within 7 working days of the decision. Ends on a working day."""
    basis = (
        f"依据{SAFETY_LAW}第七十八条第二款，对生产经营单位作出处罚决定后七个工作日内"
        "在监督管理部门公示系统予以公开曝光"
    )
    return _working(
        "penalty_publication",
        decided_on,
        PUBLICATION_WORKING_DAYS,
        basis,
        calendar,
        assume_weekends_only,
    )


def seizure_expiry(seized_on: Any, extended: bool = False, *, excluded_days: Any = 0) -> Deadline:
    """行政强制法 Art 25: a seal or seizure lasts at most 30 days, extendable once by at most
    30 with the head's approval; days of testing, inspection or appraisal are not counted
    (``excluded_days``). A ceiling on a coercive measure, not a time to act: it does not move
    off a rest day, so the property is never held longer than the law allows."""
    excluded = to_count(excluded_days, "excluded_days")
    days = SEIZURE_DAYS + (SEIZURE_EXTENSION_DAYS if extended else 0)
    basis = f"依据{COERCION_LAW}第二十五条，查封、扣押的期限不得超过三十日"
    if extended:
        basis += "；情况复杂的，经行政机关负责人批准延长，延长期限不得超过三十日"
    if excluded:
        basis += f"；检测、检验、检疫或者技术鉴定的{excluded}日不计入查封、扣押期间"
    return _calendar("seizure_expiry", seized_on, days + excluded, basis, None, True, shift=False)


def late_payment_surcharge_yuan(fine_yuan: Any, days_overdue: Any) -> Surcharge:
    """行政处罚法 Art 72(1): 3% of the fine per day overdue, never more than the fine.
    Rounded to the fen (half up). Days during review or litigation are not counted (Art 73);
    the caller passes the counted days."""
    fine = to_decimal(fine_yuan, "fine_yuan")
    days = to_count(days_overdue, "days_overdue")
    raw = fine * SURCHARGE_RATE_PER_DAY * days
    capped = raw > fine
    amount = (fine if capped else raw).quantize(_CENT, rounding=ROUND_HALF_UP)
    text = (
        f"依据{PENALTY_LAW}第七十二条第一款第（一）项，到期不缴纳罚款的，每日按罚款数额的百分之三"
        f"加处罚款，加处罚款的数额不得超出罚款的数额：{fmt(fine)} 元 × 3% × {days} 日 = {fmt(raw)} 元"
    )
    if capped:
        text += f"，超过罚款数额，按 {fmt(fine)} 元计"
    return Surcharge(fine, days, amount, capped, text + f"；加处罚款 {fmt(amount)} 元。")


def penalty_time_barred(
    violation_ended_on: Any, discovered_on: Any, life_health_harm: bool = False
) -> TimeBar:
    """行政处罚法 Art 36: not penalised if not discovered within 2 years of the act ending (a
    continuing act: of its end); 5 years where life, health or financial safety is involved and
    there is a harmful consequence. Discovery on the last day is in time. A limitation period:
    it does not move."""
    ended = to_date(violation_ended_on, "violation_ended_on")
    found = to_date(discovered_on, "discovered_on")
    if found < ended:
        raise StandardsError(
            "discovered_on", f"发现日期 {found} 早于违法行为终了日期 {ended}，请核对。"
        )
    years = TIME_BAR_HARM_YEARS if life_health_harm else TIME_BAR_YEARS
    last = add_years(ended, years)
    barred = found > last
    reason = (
        "涉及公民生命健康安全且有危害后果的，期限延长至五年"
        if life_health_harm
        else "违法行为在二年内未被发现的，不再给予行政处罚"
    )
    verdict = "已超过追责期限，不再给予行政处罚" if barred else "在追责期限内"
    return TimeBar(
        barred,
        years,
        last,
        f"依据{PENALTY_LAW}第三十六条，{reason}；自违法行为终了之日（{ended}）起计算："
        f"{ended} + {years}年 = {last}。发现日期 {found}，{verdict}。",
    )
