"""Golden values by hand. Calendar used: the 2026 table (国务院办公厅 notice of 2025-11-04): 春节 15–23 Feb
with Saturdays 14 and 28 Feb worked; 清明 4–6 Apr; 劳动节 1–5 May; 国庆 1–7 Oct with Sunday
20 Sep and Saturday 10 Oct worked."""

from datetime import date
from decimal import Decimal

import pytest

from anjian.standards import enforcement, enforcement_remedies
from anjian.standards.base import StandardsError
from anjian.standards.enforcement_tables import HearingThresholds


def test_the_decision_is_due_ninety_calendar_days_after_filing():
    # 3 Jun + 27 = 30 Jun, + 31 = 31 Jul, + 31 = 31 Aug, + 1 = Tue 1 Sep 2026.
    result = enforcement.penalty_decision_deadline("2026-06-03")
    assert (result.due_on, result.shifted, result.counting) == (date(2026, 9, 1), False, "90日")
    assert "第六十条" in result.explanation


def test_a_decision_deadline_on_a_sunday_moves_to_monday():
    # 2 Mar + 29 = 31 Mar, + 30 = 30 Apr, + 31 = Sun 31 May 2026 → Mon 1 Jun.
    result = enforcement.penalty_decision_deadline(date(2026, 3, 2))
    assert (result.due_on, result.shifted) == (date(2026, 6, 1), True)
    assert "第二百零三条" in result.explanation


def test_a_decision_deadline_in_qingming_moves_past_the_holiday():
    # 5 Jan + 26 = 31 Jan, + 28 = 28 Feb, + 31 = 31 Mar, + 5 = Sun 5 Apr (清明 4–6 Apr) → Tue 7 Apr.
    assert enforcement.penalty_decision_deadline(date(2026, 1, 5)).due_on == date(2026, 4, 7)


def test_an_extension_needs_its_approved_length():
    with pytest.raises(StandardsError) as error:
        enforcement.penalty_decision_deadline(date(2026, 6, 3), extended=True)
    assert error.value.field == "extension_days"
    # 90 + 30 = 120 days: 1 Sep + 30 = Thu 1 Oct, a 国庆 holiday → Thu 8 Oct.
    result = enforcement.penalty_decision_deadline(date(2026, 6, 3), True, extension_days=30)
    assert result.due_on == date(2026, 10, 8)
    assert "延长30日" in result.explanation


def test_delivery_across_national_day_lands_on_the_right_working_day():
    # Tue 29 Sep + 7 working days: 30 Sep (1), 1–7 Oct holiday, 8 (2), 9 (3), Sat 10 Oct
    # makeup (4), 12 (5), 13 (6), Wed 14 Oct (7). Weekends only would give Thu 8 Oct.
    result = enforcement.penalty_delivery_deadline(date(2026, 9, 29))
    assert (result.due_on, result.counting) == (date(2026, 10, 14), "7个工作日")
    assert "第八十五条" in result.explanation


def test_the_hearing_request_window_crosses_spring_festival():
    # Thu 12 Feb + 5 working days: 13 (1), Sat 14 Feb makeup (2), 15–23 holiday, 24 (3),
    # 25 (4), Thu 26 Feb (5).
    result = enforcement.hearing_request_deadline("2026-02-12")
    assert result.due_on == date(2026, 2, 26)
    assert "第六十四条" in result.explanation


def test_evidence_preservation_counts_the_makeup_saturday():
    # Tue 24 Feb + 7 working days: 25 (1), 26 (2), 27 (3), Sat 28 Feb makeup (4), Sun 1 Mar
    # rest, 2 (5), 3 (6), Wed 4 Mar (7).
    result = enforcement.evidence_preservation_decision_deadline(date(2026, 2, 24))
    assert result.due_on == date(2026, 3, 4)
    assert "第五十六条" in result.explanation


def test_publication_is_due_seven_working_days_after_the_decision():
    # Tue 1 Dec 2026: 2, 3, 4 (3), weekend, 7, 8, 9, Thu 10 Dec (7). No holiday in the window.
    result = enforcement.penalty_publication_deadline(date(2026, 12, 1))
    assert result.due_on == date(2026, 12, 10)
    assert "第七十八条" in result.explanation


def test_a_working_day_clock_into_a_missing_year_needs_consent_to_skip_holidays():
    # Mon 28 Dec 2026 + 7 reaches 2027, whose table is not built in.
    with pytest.raises(StandardsError) as error:
        enforcement.penalty_publication_deadline(date(2026, 12, 28))
    assert "2027" in error.value.message
    # Weekends only: 29, 30, 31 Dec (3), Fri 1 Jan (4), 4, 5, Wed 6 Jan (7).
    result = enforcement.penalty_publication_deadline(date(2026, 12, 28), assume_weekends_only=True)
    assert result.due_on == date(2027, 1, 6)
    assert "仅排除周末" in result.explanation


@pytest.mark.parametrize(
    ("received", "due", "shifted"),
    [
        (date(2026, 6, 3), date(2026, 6, 18), False),  # Wed + 15 = Thu 18 Jun
        (date(2026, 11, 6), date(2026, 11, 23), True),  # + 15 = Sat 21 Nov → Mon 23 Nov
        (date(2026, 9, 16), date(2026, 10, 8), True),  # + 15 = Thu 1 Oct (国庆) → Thu 8 Oct
        (date(2026, 9, 25), date(2026, 10, 10), False),  # + 15 = Sat 10 Oct, a makeup day
    ],
)
def test_payment_is_due_in_fifteen_days_moved_off_a_rest_day(received, due, shifted):
    result = enforcement.fine_payment_deadline(received)
    assert (result.due_on, result.shifted) == (due, shifted)
    assert "第六十七条" in result.explanation


@pytest.mark.parametrize(
    ("days", "amount", "capped"),
    [
        (0, Decimal("0.00"), False),
        (1, Decimal("300.00"), False),  # 10000 × 3%
        (33, Decimal("9900.00"), False),  # 10000 × 3% × 33
        (34, Decimal("10000.00"), True),  # 10200 > 10000: capped at the fine
        (400, Decimal("10000.00"), True),
    ],
)
def test_the_surcharge_runs_at_three_percent_a_day_capped_at_the_fine(days, amount, capped):
    result = enforcement.late_payment_surcharge_yuan(10000, days)
    assert (result.amount_yuan, result.capped) == (amount, capped)
    assert "第七十二条" in result.explanation


def test_the_surcharge_is_rounded_to_the_fen():
    # 333.33 × 0.03 = 9.9999 → 10.00
    assert enforcement.late_payment_surcharge_yuan("333.33", 1).amount_yuan == Decimal("10.00")


@pytest.mark.parametrize(
    ("extended", "excluded", "expiry"),
    [
        (False, 0, date(2026, 4, 1)),  # 2 Mar + 30 = 1 Apr
        (True, 0, date(2026, 5, 1)),  # 2 Mar + 60 = 1 May, a holiday: a ceiling, not moved
        (False, 5, date(2026, 4, 6)),  # 5 testing days not counted: + 35 = 6 Apr, not moved
    ],
)
def test_a_seizure_lasts_thirty_days_and_thirty_more_if_extended(extended, excluded, expiry):
    result = enforcement.seizure_expiry("2026-03-02", extended, excluded_days=excluded)
    assert (result.due_on, result.shifted) == (expiry, False)
    assert "第二十五条" in result.explanation


@pytest.mark.parametrize(
    ("discovered", "harm", "barred"),
    [
        (date(2026, 3, 10), False, False),  # exactly 2 years: still in time
        (date(2026, 3, 11), False, True),
        (date(2029, 3, 10), True, False),  # exactly 5 years with harm to life or health
        (date(2029, 3, 11), True, True),
    ],
)
def test_the_time_bar_is_two_years_or_five_with_harm(discovered, harm, barred):
    result = enforcement.penalty_time_barred(date(2024, 3, 10), discovered, harm)
    assert result.barred is barred
    assert "第三十六条" in result.explanation


def test_the_time_bar_of_a_leap_day_ends_on_28_february():
    assert enforcement.penalty_time_barred("2024-02-29", "2026-03-01").last_day == date(2026, 2, 28)


def test_discovery_before_the_act_ended_is_refused():
    with pytest.raises(StandardsError):
        enforcement.penalty_time_barred(date(2026, 3, 10), date(2026, 3, 1))


@pytest.mark.parametrize(
    ("party", "fine", "eligible"),
    [
        ("person", 200, True),  # 以下 includes the figure
        ("person", "200.01", False),
        ("unit", 3000, True),
        ("unit", 3001, False),
        ("unit", 0, True),  # a warning
    ],
)
def test_summary_procedure_limits(party, fine, eligible):
    result = enforcement.summary_procedure_eligible(party, fine)
    assert result.applies is eligible
    assert "第五十一条" in result.explanation


@pytest.mark.parametrize(
    ("party", "fine", "required"),
    [
        ("person", 20000, True),
        ("person", "19999.99", False),
        ("unit", 50000, True),
        ("unit", 49999, False),
    ],
)
def test_the_historical_hearing_thresholds_are_inclusive_and_labelled(party, fine, required):
    result = enforcement.hearing_required(party, fine)
    assert result.applies is required
    assert "已于2026年2月1日" in result.explanation


def test_a_province_sets_its_own_hearing_threshold():
    local = HearingThresholds(Decimal(10000), Decimal(30000), "某省规定的较大数额")
    assert enforcement.hearing_required("unit", 30000, local).applies
    assert not enforcement.hearing_required("unit", 29999, local).applies


def test_a_stop_order_gives_a_hearing_whatever_the_fine():
    result = enforcement.hearing_required("unit", 0, measures=("stop_production",))
    assert result.applies
    assert "责令停产停业" in result.explanation


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: enforcement.summary_procedure_eligible("company", 100), "party"),
        (lambda: enforcement.hearing_required("unit", 1, measures=("fine",)), "measures"),
        (lambda: enforcement.late_payment_surcharge_yuan(-1, 1), "fine_yuan"),
        (lambda: enforcement.late_payment_surcharge_yuan(100, "1.5"), "days_overdue"),
        (lambda: enforcement.fine_payment_deadline("2026-02-30"), "start"),
        (lambda: enforcement.closure_trigger_art113_1(True, "2026-01-01"), "penalty_dates"),
    ],
)
def test_unknown_inputs_are_refused_in_chinese(call, field):
    with pytest.raises(StandardsError) as error:
        call()
    assert error.value.field == field
    assert any("\u4e00" <= char <= "\u9fff" for char in error.value.message)


def test_three_penalties_in_exactly_180_days_trigger_closure():
    # 1 Jan → 30 Jun 2026 is 180 days (30 Jun is day 181 of the year).
    dates = [date(2026, 6, 30), date(2026, 1, 1), date(2026, 3, 1)]
    result = enforcement.closure_trigger_art113_1(True, dates)
    assert result.triggered
    assert result.window == (date(2026, 1, 1), date(2026, 3, 1), date(2026, 6, 30))
    assert "第一百一十三条" in result.explanation


def test_three_penalties_in_181_days_do_not():
    dates = [date(2026, 1, 1), date(2026, 3, 1), date(2026, 7, 1)]
    assert not enforcement.closure_trigger_art113_1(True, dates).triggered


def test_four_penalties_in_exactly_one_year_trigger_closure():
    # No three within 180 days: 1 Jan → 1 Aug is 212 days, 1 Apr → 1 Jan is 275.
    dates = [date(2026, 1, 1), date(2026, 4, 1), date(2026, 8, 1), date(2027, 1, 1)]
    result = enforcement.closure_trigger_art113_1(True, dates)
    assert result.triggered
    assert len(result.window) == 4
    late = [*dates[:3], date(2027, 1, 2)]
    assert not enforcement.closure_trigger_art113_1(True, late).triggered


def test_closure_needs_a_major_accident_hazard():
    dates = [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)]
    result = enforcement.closure_trigger_art113_1(False, dates)
    assert not result.triggered
    assert "不适用" in result.explanation


def test_the_hearing_notice_goes_out_seven_working_days_before_across_national_day():
    # Hearing Wed 14 Oct 2026, back 7 working days: 13 (1), 12 (2), Sat 10 Oct makeup (3),
    # 9 (4), 8 (5), 1–7 Oct holiday, 30 Sep (6), Tue 29 Sep (7).
    result = enforcement_remedies.hearing_notice_latest(date(2026, 10, 14))
    assert result.due_on == date(2026, 9, 29)
    assert "第六十四条" in result.explanation


def test_review_and_litigation_periods_for_the_decision():
    # Received Wed 3 Jun 2026: + 60 days = Sun 2 Aug → Mon 3 Aug; + 6 months = Thu 3 Dec.
    result = enforcement_remedies.review_and_litigation_deadlines("2026-06-03")
    assert (result.review_due_on, result.litigation_due_on) == (date(2026, 8, 3), date(2026, 12, 3))
    assert "第二十条" in result.explanation
    assert "第四十六条" in result.explanation


def test_a_litigation_period_ending_in_spring_festival_moves_past_it():
    # Received Sun 17 Aug 2025 + 6 months = Tue 17 Feb 2026, inside 春节 (15–23 Feb) → Tue 24 Feb.
    result = enforcement_remedies.review_and_litigation_deadlines(date(2025, 8, 17))
    assert result.litigation_due_on == date(2026, 2, 24)
