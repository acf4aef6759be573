import json
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.standards import gb18218
from anjian.standards.base import StandardsError
from anjian.standards.gb18218_tables import TABLE1_BY_NO

# Q of rows 1–85 in order, transcribed from the inline list of the standard in rules.md §1,
# independently of the CSV the package loads.
EXPECTED_Q = re.findall(
    r"[\d.]+",
    """
    10 1 1 20 1 0.3 10 5 1 5 / 20 5 20 1 1 1 10 20 20 1 / 20 20 100 1 1 75 20 20 20 0.75
    0.5 0.5 0.5 5 5 1 1 1 10 50 / 50 50 5 50 200 1000 5 50 50 50 / 5 50 5 1 50 200 50 500 500 50
    50 500 10 500 500 200 500 10 500 500 / 10 10 50 1 1 20 20 100 100 20 / 100 50 100 1 10
    """,
)


def _chlorine(q_t, people=120):
    return gb18218.assess([{"name": "氯", "q_t": q_t}], exposed_people_500m=people)


def test_it_grades_25_tonnes_of_chlorine_near_120_people_as_grade_three():
    result = _chlorine(25)
    assert (result.S, result.alpha, result.R, result.grade) == (5, Decimal("2.0"), 40, "三级")
    assert result.is_major_hazard
    line = result.substances[0]
    assert (line.table, line.Q_t, line.beta, line.q_over_Q) == ("表1 第12项", 5, 4, 5)
    assert "S = 25/5 = 5 ≥ 1" in result.explanation
    assert "R = α·Σβq/Q = 2.0 × (4 × 25/5) = 40" in result.explanation
    assert "GB 18218-2018" in result.explanation


def test_it_renders_the_assessment_as_json():
    data = _chlorine(25).as_dict()
    assert data["S"] == 5
    assert data["R"] == 40
    assert data["grade"] == "三级"
    assert data["substances"][0]["table"] == "表1 第12项"
    assert data["substances"][0]["q_over_Q"] == 5
    json.dumps(data, ensure_ascii=False)


def test_it_counts_s_of_exactly_one_as_a_major_hazard():
    result = gb18218.assess(
        [{"name": "氯", "q_t": "2.5"}, {"name": "甲醇", "q_t": 250}], exposed_people_500m=0
    )
    assert result.S == 1
    assert result.is_major_hazard
    assert "S = 2.5/5 + 250/500 = 1 ≥ 1" in result.explanation


def test_it_adds_float_quantities_without_binary_error():
    parts = [{"name": "氰化氢", "q_t": q} for q in (0.1, 0.2, 0.7)]
    result = gb18218.assess(parts, exposed_people_500m=10)
    assert Fraction(1) == result.S
    assert result.is_major_hazard


def test_it_does_not_grade_a_unit_just_below_the_critical_quantity():
    result = gb18218.assess([{"name": "氯", "q_t": "4.99"}])
    assert not result.is_major_hazard
    assert (result.alpha, result.R, result.grade) == (None, None, None)
    assert result.as_dict()["grade"] is None
    assert "< 1" in result.explanation


def test_it_requires_the_exposed_population_to_grade_a_major_hazard():
    with pytest.raises(StandardsError) as caught:
        gb18218.assess([{"name": "氯", "q_t": 5}])
    assert caught.value.field == "exposed_people_500m"


@pytest.mark.parametrize(
    ("people", "alpha"),
    [
        (0, "0.5"),
        (1, "1.0"),
        (29, "1.0"),
        (30, "1.2"),
        (49, "1.2"),
        (50, "1.5"),
        (99, "1.5"),
        (100, "2.0"),
        (5000, "2.0"),
    ],
)
def test_it_takes_alpha_from_the_population_band(people, alpha):
    assert _chlorine(5, people).alpha == Decimal(alpha)


@pytest.mark.parametrize(
    ("q_t", "r_value", "grade"),
    [
        ("12.49", Fraction(9992, 1000), "四级"),
        ("12.5", 10, "三级"),
        ("62.49", Fraction(49992, 1000), "三级"),
        ("62.5", 50, "二级"),
        ("124.99", Fraction(99992, 1000), "二级"),
        ("125", 100, "一级"),
    ],
)
def test_it_puts_r_of_10_50_and_100_in_the_higher_grade(q_t, r_value, grade):
    result = _chlorine(q_t, people=10)  # α = 1.0, so R = 4 × q/5
    assert r_value == result.R
    assert result.grade == grade


@pytest.mark.parametrize(
    ("name", "beta"),
    [
        ("一氧化碳", 2),
        ("二氧化硫", 2),
        ("氨", 2),
        ("环氧乙烷", 2),
        ("氯化氢", 3),
        ("溴甲烷", 3),
        ("氯", 4),
        ("硫化氢", 5),
        ("氟化氢", 5),
        ("二氧化氮", 10),
        ("氰化氢", 10),
        ("碳酰氯", 20),
        ("磷化氢", 20),
        ("异氰酸甲酯", 20),
    ],
)
def test_it_takes_beta_of_named_toxic_gases_from_table_3(name, beta):
    line = gb18218.assess([{"name": name, "q_t": 0}]).substances[0]
    assert (line.beta, line.beta_basis) == (beta, "表3")


@pytest.mark.parametrize(
    ("code", "q_value", "beta"),
    [
        ("J1", "5", "4"),
        ("J2", "50", "1"),
        ("J3", "50", "2"),
        ("J4", "50", "2"),
        ("J5", "500", "1"),
        ("W1.1", "1", "2"),
        ("W1.2", "10", "2"),
        ("W1.3", "50", "2"),
        ("W2", "10", "1.5"),
        ("W3", "150", "1"),
        ("W4", "50", "1"),
        ("W5.1", "10", "1.5"),
        ("W5.2", "50", "1"),
        ("W5.3", "1000", "1"),
        ("W5.4", "5000", "1"),
        ("W6.1", "10", "1.5"),
        ("W6.2", "50", "1"),
        ("W7.1", "10", "1.5"),
        ("W7.2", "50", "1"),
        ("W8", "50", "1"),
        ("W9.1", "50", "1"),
        ("W9.2", "200", "1"),
        ("W10", "200", "1"),
        ("W11", "200", "1"),
    ],
)
def test_it_takes_q_from_table_2_and_beta_from_table_4_by_category(code, q_value, beta):
    line = gb18218.assess([{"category": code.lower(), "q_t": "0.5"}], 0).substances[0]
    assert (line.table, line.Q_t, line.beta) == (f"表2 {code}", Decimal(q_value), Decimal(beta))
    assert gb18218.TABLE2[code].description


def test_it_lists_the_24_table_2_codes_with_chinese_descriptions():
    assert len(gb18218.TABLE2) == 24
    assert gb18218.TABLE2["W2"].hazard == "易燃气体"
    assert gb18218.TABLE2["W2"].as_dict()["Q_t"] == 10


def test_it_takes_the_lowest_q_when_a_chemical_has_several_hazard_classes():
    line = gb18218.assess([{"category": ["W5.3", "J3"], "label": "某液体", "q_t": 1}]).substances[0]
    assert (line.name, line.table, line.Q_t, line.beta) == ("某液体", "表2 J3", 50, 2)


def test_it_gives_a_listed_non_toxic_substance_beta_one_by_default():
    line = gb18218.assess([{"name": "甲醇", "q_t": 1}]).substances[0]
    assert (line.table, line.Q_t, line.beta) == ("表1 第65项", 500, 1)


def test_it_takes_beta_from_table_4_when_a_listed_substance_comes_with_its_category():
    line = gb18218.assess([{"name": "苯", "category": "W5.1", "q_t": 1}]).substances[0]
    assert (line.Q_t, line.beta, line.beta_basis) == (50, Decimal("1.5"), "表4 W5.1")


def test_it_keeps_table_3_beta_even_when_a_category_is_given():
    line = gb18218.assess([{"name": "氨", "category": "W2", "q_t": 1}]).substances[0]
    assert line.beta == 2


def test_it_applies_explicit_q_and_beta_overrides():
    line = gb18218.assess([{"name": "氯", "q_t": 1, "Q_t": 10, "beta": "1.5"}]).substances[0]
    assert (line.Q_t, line.beta, line.beta_basis) == (10, Decimal("1.5"), "指定值")
    assert line.table == "表1 第12项（临界量按指定值）"


def test_it_accepts_a_mixture_given_only_by_its_q_and_beta():
    line = gb18218.assess([{"label": "混合物", "q_t": 2, "Q_t": 4, "beta": 1}]).substances[0]
    assert (line.name, line.table, line.q_over_Q) == ("混合物", "指定临界量", Fraction(1, 2))


@pytest.mark.parametrize(
    ("substance", "field"),
    [
        ({"name": "氯"}, "substances[0].q_t"),
        ({"name": "氯", "q_t": -1}, "substances[0].q_t"),
        ({"name": "氯", "qt": 1}, "substances[0].qt"),
        ({"category": "W12", "q_t": 1}, "substances[0].category"),
        ({"q_t": 1}, "substances[0].name"),
        ({"q_t": 1, "Q_t": 5}, "substances[0].beta"),
        ({"name": "氯", "q_t": 1, "Q_t": 0}, "substances[0].Q_t"),
        ({"name": 12, "q_t": 1}, "substances[0].name"),
        ("氯", "substances[0]"),
    ],
)
def test_it_rejects_a_malformed_substance_naming_the_field(substance, field):
    with pytest.raises(StandardsError) as caught:
        gb18218.assess([substance])
    assert caught.value.field == field


@pytest.mark.parametrize("substances", [[], "氯", None])
def test_it_requires_a_list_of_substances(substances):
    with pytest.raises(StandardsError) as caught:
        gb18218.assess(substances)
    assert caught.value.field == "substances"


def test_it_loads_all_85_rows_of_table_1_with_their_q():
    rows = gb18218.table1_rows()
    assert [row.no for row in rows] == list(range(1, 86))
    assert [row.Q_t for row in rows] == [Decimal(q) for q in EXPECTED_Q]


@pytest.mark.parametrize(
    ("name", "q_value"),
    [
        ("氨", "10"),
        ("二氧化硫", "20"),
        ("光气", "0.3"),
        ("环氧乙烷", "10"),
        ("硫化氢", "5"),
        ("氯", "5"),
        ("氰化氢", "1"),
        ("甲烷", "50"),
        ("氢", "5"),
        ("液化石油气", "50"),
        ("苯", "50"),
        ("甲醇", "500"),
        ("汽油", "200"),
    ],
)
def test_it_has_the_bold_critical_quantities_of_rules_md(name, q_value):
    assert gb18218.assess([{"name": name, "q_t": 0}]).substances[0].Q_t == Decimal(q_value)


def test_it_exposes_table_1_rows_for_a_pick_list():
    row = TABLE1_BY_NO[49].as_dict()
    assert row == {
        "no": 49,
        "name": "甲烷,天然气",
        "aliases": [],
        "cas": ["74-82-8", "8006-14-2"],
        "Q_t": 50,
        "beta": None,
    }


quantities = st.decimals(min_value=0, max_value=1000, places=3)
names = st.sampled_from(["氯", "氨", "甲醇", "汽油", "光气", "氢", "苯"])
mixtures = st.lists(st.tuples(names, quantities), min_size=1, max_size=5)


@given(mixtures, mixtures)
def test_s_is_additive_over_substances(first, second):
    def s_of(items):
        return gb18218.assess([{"name": n, "q_t": q} for n, q in items], 0).S

    assert s_of(first + second) == s_of(first) + s_of(second)


@given(mixtures, st.sampled_from([0, 1, 30, 50, 100]), st.sampled_from([0, 1, 30, 50, 100]))
def test_r_scales_linearly_with_alpha(items, people, other):
    substances = [{"name": n, "q_t": q} for n, q in items] + [{"name": "氯", "q_t": 5}]
    first = gb18218.assess(substances, people)
    second = gb18218.assess(substances, other)
    assert first.R / Fraction(first.alpha) == second.R / Fraction(second.alpha)
