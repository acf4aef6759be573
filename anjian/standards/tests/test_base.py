import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from anjian.standards.base import (
    Result,
    StandardsError,
    add_months,
    add_years,
    cn_number,
    equals,
    fmt,
    to_count,
    to_date,
    to_decimal,
)


@dataclass(frozen=True)
class _Sample(Result):
    whole: Decimal
    part: Fraction
    day: date
    items: tuple[int, ...]
    explanation: str


def test_it_renders_integral_figures_as_int_and_others_as_rounded_float():
    data = _Sample(Decimal("40.0"), Fraction(1, 3), date(2024, 2, 29), (1, 2), "说明").as_dict()
    assert data == {
        "whole": 40,
        "part": 0.333333,
        "day": "2024-02-29",
        "items": [1, 2],
        "explanation": "说明",
    }
    assert isinstance(data["whole"], int)
    json.dumps(data)


def test_it_carries_the_field_and_a_chinese_message_on_errors():
    with pytest.raises(StandardsError) as caught:
        to_decimal(-1, "q_t")
    assert caught.value.field == "q_t"
    assert "负数" in caught.value.message
    assert caught.value.as_dict()["field"] == "q_t"
    assert isinstance(caught.value, ValueError)


def test_it_reads_floats_through_their_decimal_text():
    assert to_decimal(0.1, "x") == Decimal("0.1")
    assert to_decimal("１２.５", "x") == Decimal("12.5")


@pytest.mark.parametrize("bad", [None, True, "abc", "nan", float("inf"), [1]])
def test_it_rejects_values_that_are_not_finite_numbers(bad):
    with pytest.raises(StandardsError):
        to_decimal(bad, "x")


def test_it_requires_whole_counts():
    assert to_count("3", "deaths") == 3
    with pytest.raises(StandardsError):
        to_count(2.5, "deaths")


def test_it_accepts_dates_datetimes_and_iso_text():
    assert to_date("2024-02-29", "d") == date(2024, 2, 29)
    assert to_date(datetime(2024, 2, 29, 8), "d") == date(2024, 2, 29)
    with pytest.raises(StandardsError):
        to_date("2023-02-29", "d")


def test_it_moves_a_missing_day_to_the_end_of_the_month():
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 15), -3) == date(2023, 10, 15)


def test_it_formats_figures_without_exponents_or_trailing_zeros():
    assert fmt(Decimal("100")) == "100"
    assert fmt(Decimal("2.50")) == "2.5"
    assert fmt(Fraction(1, 8)) == "0.125"
    assert equals(Fraction(2, 3)) == "≈ 0.6667"
    assert equals(Fraction(5)) == "= 5"


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "一"), (10, "十"), (19, "十九"), (93, "九十三"), (101, "一百零一"), (114, "一百一十四")],
)
def test_it_writes_article_numbers_in_chinese(number, text):
    assert cn_number(number) == text
