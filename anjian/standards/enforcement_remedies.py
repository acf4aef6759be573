"""Clocks around the hearing and the party's remedies: the hearing notice (行政处罚法 Art 64),
the review and litigation periods printed in the decision (Art 59(5); 行政复议法 2023 Art 20,
行政诉讼法 Art 46). Counting as in ``enforcement``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from anjian.standards.base import Result, add_months, to_date
from anjian.standards.enforcement import Deadline, shifted_calendar_deadline
from anjian.standards.enforcement_tables import (
    CIVIL_CODE,
    HEARING_NOTICE_WORKING_DAYS,
    LITIGATION_LAW,
    LITIGATION_MONTHS,
    PENALTY_LAW,
    REVIEW_DAYS,
    REVIEW_LAW,
)
from anjian.standards.workdays import WorkdayCalendar, next_working_day, working_day_before


@dataclass(frozen=True)
class RemedyPeriods(Result):
    received_on: date
    review_due_on: date
    litigation_due_on: date
    explanation: str


def hearing_notice_latest(
    hearing_on: Any,
    *,
    calendar: WorkdayCalendar | None = None,
    assume_weekends_only: bool = False,
) -> Deadline:
    """行政处罚法 Art 64(2) with Art 85: the party is notified of the hearing's time and place
    7 working days before it. Convention (medium confidence): the notice day plus 7 working
    days, start day excluded, must not pass the hearing day, so the latest notice day is the
    7th working day before the hearing."""
    hearing = to_date(hearing_on, "hearing_on")
    days = HEARING_NOTICE_WORKING_DAYS
    latest = working_day_before(hearing, days, calendar, assume_weekends_only=assume_weekends_only)
    return Deadline(
        name="hearing_notice",
        start_on=hearing,
        due_on=latest,
        counting=f"{days}个工作日",
        shifted=False,
        explanation=(
            f"依据{PENALTY_LAW}第六十四条第（二）项，行政机关应当在举行听证的七日前，通知当事人"
            f"举行听证的时间、地点；第八十五条，“七日”指工作日。听证日 {hearing}，向前数{days}个"
            f"工作日（不含周末和法定节假日、含调休上班日），最迟于 {latest} 通知。"
        ),
    )


def review_and_litigation_deadlines(
    decision_received_on: Any,
    *,
    calendar: WorkdayCalendar | None = None,
    assume_weekends_only: bool = False,
) -> RemedyPeriods:
    """Review within 60 days of knowing of the decision (行政复议法 2023 Art 20), suit within
    6 months (行政诉讼法 Art 46), both counted from receipt of the decision; the party's
    procedural deadlines, moved off a rest day (民法典 Art 203)."""
    review = shifted_calendar_deadline(
        "administrative_review",
        decision_received_on,
        REVIEW_DAYS,
        f"依据{REVIEW_LAW}第二十条，自知道行政行为之日起六十日内提出行政复议申请",
        calendar,
        assume_weekends_only,
    )
    received = review.start_on
    raw = add_months(received, LITIGATION_MONTHS)
    suit = next_working_day(raw, calendar, assume_weekends_only=assume_weekends_only)
    text = (
        f"依据{LITIGATION_LAW}第四十六条，自知道作出行政行为之日起六个月内提起行政诉讼："
        f"{received} + 6个月 = {raw}"
    )
    if suit != raw:
        text += f"；该日为法定休假日，依据{CIVIL_CODE}第二百零三条顺延至 {suit}"
    return RemedyPeriods(
        received_on=received,
        review_due_on=review.due_on,
        litigation_due_on=suit,
        explanation=f"{review.explanation}{text}，最迟 {suit}。",
    )
