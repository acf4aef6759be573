from datetime import date

import pytest

from anjian.standards import workdays
from anjian.standards.base import StandardsError
from anjian.standards.workdays import WorkdayCalendar


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 30), True),  # Wednesday before 国庆
        (date(2026, 10, 1), False),  # 国庆 holiday, a Thursday
        (date(2026, 10, 7), False),  # last 国庆 holiday, a Wednesday
        (date(2026, 10, 8), True),  # Thursday after the holiday
        (date(2026, 10, 10), True),  # Saturday, 调休 makeup working day
        (date(2026, 10, 11), False),  # ordinary Sunday
        (date(2026, 9, 20), True),  # Sunday, makeup working day before 国庆
        (date(2026, 2, 14), True),  # Saturday, makeup working day before 春节
        (date(2026, 2, 16), False),  # Monday inside 春节 (15–23 February)
        (date(2026, 2, 24), True),  # Tuesday after 春节
        (date(2025, 1, 28), False),  # 2025 除夕, a statutory holiday since 2025
        (date(2025, 10, 11), True),  # 2025 Saturday makeup day after 国庆
    ],
)
def test_it_knows_weekends_holidays_and_makeup_days(day, working):
    assert workdays.is_working_day(day) is working


def test_it_refuses_a_year_missing_from_the_table_in_chinese():
    with pytest.raises(StandardsError) as error:
        workdays.is_working_day(date(2027, 1, 4))
    assert "未收录2027年" in error.value.message


def test_it_counts_only_weekends_in_a_missing_year_when_asked():
    assert workdays.is_working_day(date(2027, 1, 4), assume_weekends_only=True)  # a Monday
    assert not workdays.is_working_day(date(2027, 1, 2), assume_weekends_only=True)  # Saturday


def test_it_adds_working_days_excluding_the_start_day_across_national_day():
    # 2026-09-29 (Tue) + 7: 30 Sep (1), 1–7 Oct holiday, 8 (2), 9 (3), Sat 10 Oct makeup (4),
    # Sun 11 rest, 12 (5), 13 (6), 14 (7).
    assert workdays.add_working_days(date(2026, 9, 29), 7) == date(2026, 10, 14)


def test_it_adds_working_days_across_an_ordinary_weekend():
    # 2026-11-27 is a Friday: Mon 30 Nov (1), 1 Dec (2), 2 Dec (3).
    assert workdays.add_working_days("2026-11-27", 3) == date(2026, 12, 2)
    assert workdays.add_working_days("2026-11-27", 0) == date(2026, 11, 27)


def test_it_counts_working_days_between_two_dates_consistently():
    assert workdays.working_days_between(date(2026, 9, 29), date(2026, 10, 14)) == 7
    assert workdays.working_days_between(date(2026, 10, 14), date(2026, 9, 29)) == -7
    assert workdays.working_days_between(date(2026, 10, 1), date(2026, 10, 7)) == 0


def test_it_moves_a_rest_day_to_the_next_working_day():
    assert workdays.next_working_day(date(2026, 10, 3)) == date(2026, 10, 8)
    assert workdays.next_working_day(date(2026, 10, 10)) == date(2026, 10, 10)


def test_a_deployment_supplies_its_own_year():
    # A made-up table for a test: 2027-01-01 (Friday) a holiday, Saturday 2 January worked.
    calendar = workdays.calendar_from_data(
        {"2027": {"holidays": ["2027-01-01"], "makeup_workdays": ["2027-01-02"]}}
    )
    assert not workdays.is_working_day(date(2027, 1, 1), calendar)
    assert workdays.is_working_day(date(2027, 1, 2), calendar)
    assert workdays.is_working_day(date(2026, 10, 10), calendar)  # built-in years kept
    assert "本地导入" in calendar.source(2027)


def test_an_empty_base_forgets_the_built_in_years():
    calendar = workdays.calendar_from_data({}, base=WorkdayCalendar({}))
    with pytest.raises(StandardsError):
        workdays.is_working_day(date(2026, 10, 10), calendar)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"20x7": {}}, "year"),
        ({"2027": ["2027-01-01"]}, "holidays"),
        ({"2027": {"holidays": "2027-01-01"}}, "holidays"),
        ({"2027": {"holidays": ["2026-12-31"]}}, "holidays"),
        ({"2027": {"holidays": ["2027-13-01"]}}, "holidays"),
        (
            {"2027": {"holidays": ["2027-01-02"], "makeup_workdays": ["2027-01-02"]}},
            "makeup_workdays",
        ),
    ],
)
def test_it_rejects_a_bad_table_in_chinese(data, field):
    with pytest.raises(StandardsError) as error:
        workdays.calendar_from_data(data)
    assert error.value.field == field


def test_it_rejects_a_negative_count():
    with pytest.raises(StandardsError):
        workdays.add_working_days(date(2026, 3, 2), -1)


@pytest.mark.parametrize(
    ("year", "rest_days", "makeup_days"),
    [
        (2025, 1 + 8 + 3 + 5 + 3 + 8, 5),  # 元旦, 春节, 清明, 劳动, 端午, 国庆中秋
        (2026, 3 + 9 + 3 + 5 + 3 + 3 + 7, 6),  # 元旦, 春节, 清明, 劳动, 端午, 中秋, 国庆
    ],
)
def test_the_built_in_years_match_the_notices_totals(year, rest_days, makeup_days):
    table = workdays.BUILT_IN.years[year]
    assert len(table.holidays) == rest_days
    assert len(table.makeup_workdays) == makeup_days
    assert all(day.weekday() >= 5 for day in table.makeup_workdays)
    assert "国务院办公厅" in workdays.BUILT_IN.source(year)


def test_it_counts_working_days_backwards():
    # Wed 14 Oct 2026 back 7: 13, 12, Sat 10 (makeup), 9, 8, then 30 Sep and Tue 29 Sep.
    assert workdays.working_day_before(date(2026, 10, 14), 7) == date(2026, 9, 29)
    assert workdays.add_working_days(date(2026, 9, 29), 7) == date(2026, 10, 14)
