from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.standards import accident
from anjian.standards.accident import GRADES
from anjian.standards.base import StandardsError


def test_it_grades_three_deaths_as_larger():
    result = accident.grade(3, 0, 0)
    assert result.grade == "较大"
    assert result.decisive == ("deaths",)


@pytest.mark.parametrize(
    ("deaths", "expected"),
    [
        (0, "一般"),
        (2, "一般"),
        (3, "较大"),
        (9, "较大"),
        (10, "重大"),
        (29, "重大"),
        (30, "特别重大"),
    ],
)
def test_it_grades_by_deaths_counting_the_bound_in_the_higher_grade(deaths, expected):
    assert accident.grade(deaths, 0, 0).grade == expected


@pytest.mark.parametrize(
    ("injuries", "expected"),
    [(9, "一般"), (10, "较大"), (49, "较大"), (50, "重大"), (99, "重大"), (100, "特别重大")],
)
def test_it_grades_by_serious_injuries(injuries, expected):
    result = accident.grade(0, injuries, 0)
    assert result.grade == expected
    if expected != "一般":
        assert result.decisive == ("serious_injuries",)


@pytest.mark.parametrize(
    ("loss", "expected"),
    [
        ("999.99", "一般"),
        (1000, "较大"),
        ("4999.99", "较大"),
        (5000, "重大"),
        ("9999.99", "重大"),
        (10000, "特别重大"),
    ],
)
def test_it_grades_by_direct_loss_in_10k_yuan(loss, expected):
    result = accident.grade(0, 0, loss)
    assert result.grade == expected
    assert result.direct_loss_10k_yuan == Decimal(str(loss))


def test_it_lets_the_most_severe_criterion_win_and_names_each_that_reached_it():
    result = accident.grade(10, 50, 1200)
    assert result.grade == "重大"
    assert result.decisive == ("deaths", "serious_injuries")
    assert result.by_criterion == {
        "deaths": "重大",
        "serious_injuries": "重大",
        "direct_loss": "较大",
    }


def test_it_explains_the_grade_citing_article_3():
    text = accident.grade(3, 0, "500").explanation
    assert "国务院令第493号" in text
    assert "第三条" in text
    assert "3人以上10人以下" in text


def test_it_reads_a_float_loss_through_its_text():
    assert accident.grade(0, 0, 999.9).direct_loss_10k_yuan == Decimal("999.9")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((-1, 0, 0), "deaths"),
        ((0, -1, 0), "serious_injuries"),
        ((0, 0, "-0.01"), "direct_loss_10k_yuan"),
        ((1.5, 0, 0), "deaths"),
        ((0, 0, "很多"), "direct_loss_10k_yuan"),
    ],
)
def test_it_rejects_negative_or_malformed_inputs_naming_the_field(args, field):
    with pytest.raises(StandardsError) as caught:
        accident.grade(*args)
    assert caught.value.field == field


counts = st.integers(min_value=0, max_value=200)
losses = st.decimals(min_value=0, max_value=20000, places=2)


@given(counts, counts, counts, losses, losses)
def test_grade_is_monotonic_in_each_input(deaths, more, injuries, loss, extra):
    base = GRADES.index(accident.grade(deaths, injuries, loss).grade)
    assert GRADES.index(accident.grade(deaths + more, injuries, loss).grade) >= base
    assert GRADES.index(accident.grade(deaths, injuries + more, loss).grade) >= base
    assert GRADES.index(accident.grade(deaths, injuries, loss + extra).grade) >= base


@pytest.mark.parametrize(
    ("grade", "levels"),
    [
        ("一般", ("县级", "设区的市级")),
        ("较大", ("县级", "设区的市级", "省级")),
        ("重大", ("县级", "设区的市级", "省级", "国务院应急管理部门", "国务院")),
        ("特别重大事故", ("县级", "设区的市级", "省级", "国务院应急管理部门", "国务院")),
    ],
)
def test_it_reports_each_grade_up_to_the_level_of_article_10(grade, levels):
    result = accident.report_chain(grade)
    assert result.levels == levels
    assert "第十条" in result.explanation


def test_it_rejects_an_unknown_grade():
    with pytest.raises(StandardsError) as caught:
        accident.report_chain("特大")
    assert caught.value.field == "grade"


def test_it_gives_one_hour_to_the_county_and_two_more_per_level():
    result = accident.report_deadlines(datetime(2024, 5, 1, 23, 30))
    due = {item.level: item.due_at for item in result.deadlines}
    assert due == {
        "县级": datetime(2024, 5, 2, 0, 30),
        "设区的市级": datetime(2024, 5, 2, 2, 30),
        "省级": datetime(2024, 5, 2, 4, 30),
        "国务院应急管理部门": datetime(2024, 5, 2, 6, 30),
        "国务院": None,
    }
    assert "第十一条" in result.explanation


def test_it_limits_the_deadlines_to_the_chain_of_the_grade():
    result = accident.report_deadlines(datetime(2024, 5, 1, 8, 0), grade="一般")
    assert [item.level for item in result.deadlines] == ["县级", "设区的市级"]
    assert result.as_dict()["deadlines"][1]["due_at"] == "2024-05-01T11:00:00"


def test_it_requires_a_datetime_for_the_deadlines():
    with pytest.raises(StandardsError) as caught:
        accident.report_deadlines(date(2024, 5, 1))
    assert caught.value.field == "occurred_at"


@pytest.mark.parametrize(("kind", "days"), [("general", 30), ("road_traffic", 7), ("fire", 7)])
def test_it_keeps_supplementary_reports_open_30_or_7_days(kind, days):
    result = accident.supplementary_window_days(kind)
    assert result.days == days
    assert "第十三条" in result.explanation


def test_it_rejects_an_unknown_accident_kind():
    with pytest.raises(StandardsError):
        accident.supplementary_window_days("mine")


@pytest.mark.parametrize(
    ("grade", "authority", "reply_days"),
    [
        ("特别重大", "国务院或者国务院授权有关部门", 30),
        ("重大", "事故发生地省级人民政府", 15),
        ("较大", "事故发生地设区的市级人民政府", 15),
        ("一般", "事故发生地县级人民政府", 15),
    ],
)
def test_it_assigns_the_investigation_per_article_19(grade, authority, reply_days):
    result = accident.investigation(grade)
    assert result.authority == authority
    assert result.may_delegate_to_unit is (grade == "一般")
    assert (result.report_days, result.max_extension_days) == (60, 60)
    assert result.reply_days == reply_days
    assert result.report_due_on is None


def test_it_dates_the_investigation_report_60_days_after_the_accident():
    result = accident.investigation("较大", occurred_on=date(2024, 1, 1))
    assert result.report_due_on == date(2024, 3, 1)
    assert result.latest_extended_due_on == date(2024, 4, 30)
    assert "第二十九条" in result.explanation


@pytest.mark.parametrize(
    ("grade", "low", "high"),
    [("一般", 30, 100), ("较大", 100, 200), ("重大", 200, 1000), ("特别重大", 1000, 2000)],
)
def test_it_fines_the_responsible_unit_per_article_114(grade, low, high):
    result = accident.unit_fine_range(grade)
    assert (result.min_10k_yuan, result.max_10k_yuan) == (low, high)
    assert "第一百一十四条" in result.explanation


def test_it_multiplies_the_fine_by_two_to_five_when_especially_severe():
    result = accident.unit_fine_range("重大", especially_severe=True)
    assert (result.min_10k_yuan, result.max_10k_yuan) == (400, 5000)
    assert "200 × 2 = 400" in result.explanation


@pytest.mark.parametrize(
    ("grade", "percent", "words"),
    [("一般", 40, "四十"), ("较大", 60, "六十"), ("重大", 80, "八十"), ("特别重大", 100, "一百")],
)
def test_it_fines_the_principal_a_share_of_income_per_article_95(grade, percent, words):
    result = accident.principal_fine_percent(grade)
    assert result.percent == percent
    assert f"百分之{words}" in result.explanation
