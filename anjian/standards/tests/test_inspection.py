import json

import pytest

from anjian.standards import StandardsError
from anjian.standards import inspection as ins

# 山西省应急管理厅, 2025-04-23 (rules-wave2 §1.4): every row of the table.
SHANXI_ROWS = [
    ("coal_mine", "A", 2),
    ("coal_mine", "B", 4),
    ("coal_mine", "C", 6),
    ("coal_mine", "D", 4),
    ("non_coal_mine", "A", 1),
    ("non_coal_mine", "B", 1),
    ("non_coal_mine", "C", 2),
    ("non_coal_mine", "D", 4),
    ("hazchem_metallurgy", "level1", 2),
    ("hazchem_metallurgy", "level2", 4),
    ("hazchem_metallurgy", "level3", 8),
    ("hazchem_metallurgy", "ungraded", 12),
    ("non_high_risk", "level1", 1),
    ("non_high_risk", "level2", 2),
    ("non_high_risk", "level3", 4),
    ("non_high_risk", "ungraded", 6),
]


@pytest.mark.parametrize(("group", "category", "cap"), SHANXI_ROWS)
def test_each_row_of_the_shanxi_table_sets_the_yearly_cap(group, category, cap):
    result = ins.inspection_frequency_cap("shanxi-2025", group, category)
    assert result.value == cap
    assert (result.sector_group, result.category, result.kind) == (group, category, "enforcement")
    assert f"不超过 {cap} 次" in result.explanation
    assert "国办发〔2024〕54号" in result.explanation and "山西省应急管理厅" in result.explanation


def test_the_table_has_exactly_these_rows():
    scheme = ins.CAP_SCHEMES["shanxi-2025"]
    rows = [(g.key, row.category, row.cap) for g in scheme.groups.values() for row in g.rows]
    assert sorted(rows) == sorted(SHANXI_ROWS)


def test_the_explanation_cites_the_row():
    result = ins.inspection_frequency_cap("shanxi-2025", "hazchem_metallurgy", "level3")
    assert (
        "危险化学品和金属冶炼企业按安全生产标准化等级分类，三级类每年每企执法检查累计不超过 8 次"
        in (result.explanation)
    )
    coal = ins.inspection_frequency_cap("shanxi-2025", "coal_mine", "D")
    assert "D类（长期停工停产）" in coal.explanation


@pytest.mark.parametrize("group", ["coal_mine", "non_coal_mine", "non_high_risk"])
def test_supervisory_visits_are_capped_at_three_whatever_the_category(group):
    category = "level1" if group == "non_high_risk" else "A"
    result = ins.inspection_frequency_cap("shanxi-2025", group, category, kind="supervisory")
    assert result.value == 3 and "督导检查每年每企累计不超过 3 次" in result.explanation


def test_a_blank_grade_is_ungraded():
    assert ins.inspection_frequency_cap("shanxi-2025", "non_high_risk", "").value == 6


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("beijing-2025", "coal_mine", "A"), "scheme"),
        (("shanxi-2025", "fishing", "A"), "sector_group"),
        (("shanxi-2025", "coal_mine", "E"), "category"),
        (("shanxi-2025", "coal_mine", "level1"), "category"),
        (("shanxi-2025", "coal_mine", ""), "category"),
    ],
)
def test_unknowns_are_refused_in_chinese_with_the_choices(args, field):
    with pytest.raises(StandardsError) as info:
        ins.inspection_frequency_cap(*args)
    assert info.value.field == field
    assert "可选" in info.value.message


def test_an_unknown_kind_is_refused():
    with pytest.raises(StandardsError) as info:
        ins.inspection_frequency_cap("shanxi-2025", "coal_mine", "A", kind="yearly")
    assert info.value.field == "kind"


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("coal_mining", "coal_mine"),
        ("non_coal_mining", "non_coal_mine"),
        ("hazardous_chemicals", "hazchem_metallurgy"),
        ("metallurgy", "hazchem_metallurgy"),
        ("nonferrous", "hazchem_metallurgy"),
        ("fireworks", "hazchem_metallurgy"),
        ("machinery", "non_high_risk"),
        ("construction", "non_high_risk"),
        ("crowded_places", "non_high_risk"),
        ("no_such_sector", "non_high_risk"),
        ("", "non_high_risk"),
    ],
)
def test_project_sectors_map_to_the_scheme_groups(code, group):
    assert ins.sector_group(code) == group


@pytest.mark.parametrize(
    ("grade", "category", "cap"),
    [
        ("level1", "level1", 2),
        ("level2", "level2", 4),
        ("level3", "level3", 8),
        ("", "ungraded", 12),
    ],
)
def test_chemical_plants_are_classed_by_standardisation_grade(grade, category, cap):
    result = ins.supervision_class(
        {"sector": "hazardous_chemicals", "standardization_grade": grade}
    )
    assert (result.category, result.cap, result.supervisory_cap) == (category, cap, 3)
    assert result.rule == f"standardization_grade={category}"


def test_the_class_explains_which_rule_set_it():
    result = ins.supervision_class(
        {"sector": "hazardous_chemicals", "standardization_grade": "level3"}
    )
    assert "危险化学品和金属冶炼企业，标准化三级 → 三级类" in result.explanation
    assert "执法检查每年每企累计不超过 8 次，督导检查不超过 3 次" in result.explanation


@pytest.mark.parametrize(
    ("risk", "category", "cap"),
    [("low", "A", 1), ("general", "B", 1), ("larger", "C", 2), ("major", "D", 4)],
)
def test_non_coal_mines_are_classed_by_risk_grade(risk, category, cap):
    result = ins.supervision_class({"sector": "non_coal_mining", "risk_grade": risk})
    assert (result.category, result.cap) == (category, cap)


def test_a_non_coal_mine_needs_its_risk_grade():
    with pytest.raises(StandardsError) as info:
        ins.supervision_class({"sector": "non_coal_mining"})
    assert info.value.field == "risk_grade" and "风险等级" in info.value.message


def test_a_coal_mine_takes_its_assessed_category_first():
    result = ins.supervision_class(
        {"sector": "coal_mining", "coal_category": "B", "standardization_grade": "level1"}
    )
    assert (result.category, result.cap) == ("B", 4)
    assert "安全保障程度评定为B类" in result.explanation


def test_a_long_stopped_coal_mine_is_class_d():
    result = ins.supervision_class({"sector": "coal_mining", "long_term_shutdown": True})
    assert (result.category, result.cap) == ("D", 4)


@pytest.mark.parametrize(("grade", "category"), [("level1", "A"), ("level2", "B"), ("", "C")])
def test_an_unassessed_coal_mine_is_inferred_from_its_grade_and_says_it_is_a_convention(
    grade, category
):
    result = ins.supervision_class({"sector": "coal_mining", "standardization_grade": grade})
    assert result.category == category
    assert "本系统约定" in result.explanation


def test_a_credit_listed_enterprise_moves_to_the_most_inspected_category():
    result = ins.supervision_class(
        {"sector": "machinery", "standardization_grade": "level1", "credit_listed": True}
    )
    assert (result.category, result.cap) == ("ungraded", 6)
    assert "列入安全生产严重失信主体名单，按最严类别监管" in result.explanation
    coal = ins.supervision_class(
        {"sector": "coal_mining", "coal_category": "A", "credit_listed": True}
    )
    assert coal.category == "C"  # the highest cap of the group, not the shutdown class D


def test_the_sector_group_may_be_given_directly():
    result = ins.supervision_class(
        {"sector_group": "non_high_risk", "standardization_grade": "level2"}
    )
    assert (result.sector_group, result.cap) == ("non_high_risk", 2)


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"sector": "machinery", "risk_grade": "red"}, "risk_grade"),
        ({"sector": "machinery", "standardization_grade": "level4"}, "standardization_grade"),
        ({"sector": "machinery", "credit_listed": "yes"}, "credit_listed"),
        ({"sector": "machinery", "penalties_12m": -1}, "penalties_12m"),
        ({"sector": "coal_mining", "coal_category": "E"}, "coal_category"),
        ({"sector": "machinery", "complaint": 3}, "facts"),
        ({"sector_group": "fishing"}, "sector_group"),
    ],
)
def test_bad_facts_are_refused_in_chinese(facts, field):
    with pytest.raises(StandardsError) as info:
        ins.supervision_class(facts)
    assert info.value.field == field
    assert any("\u4e00" <= char <= "\u9fff" for char in info.value.message)


def test_an_unknown_scheme_is_refused():
    with pytest.raises(StandardsError) as info:
        ins.supervision_class({"sector": "machinery"}, scheme="nowhere")
    assert info.value.field == "scheme"


def test_the_draw_weight_starts_from_the_yearly_cap():
    result = ins.draw_weight({"sector": "machinery", "standardization_grade": "level1"})
    assert result.weight == 1
    assert result.supervision_class.cap == 1


def test_the_worked_example_of_a_grade_three_chemical_plant_with_a_major_hazard():
    result = ins.draw_weight(
        {"sector": "hazardous_chemicals", "standardization_grade": "level3", "major_hazards_12m": 1}
    )
    assert result.weight == 16
    assert "基础权重 8（危险化学品和金属冶炼企业三级类的年度检查上限）" in result.explanation
    assert "近12个月有重大事故隐患（1 项） ×2" in result.explanation
    assert result.explanation.endswith("抽查权重 = 16。")


@pytest.mark.parametrize(
    ("risk", "weight"), [("low", 2), ("general", 4), ("larger", 6), ("major", 8)]
)
def test_red_risk_weighs_most(risk, weight):
    facts = {"sector": "machinery", "standardization_grade": "level2", "risk_grade": risk}
    assert ins.draw_weight(facts).weight == weight


@pytest.mark.parametrize(
    ("extra", "factor"),
    [
        ({"credit_listed": True}, 3),
        ({"penalties_12m": 2}, 2),
        ({"complaints_12m": 1}, 2),
        ({"complaints_12m": 2}, 2),
        ({"complaints_12m": 3}, 3),
        ({"complaints_12m": 3, "penalties_12m": 1, "major_hazards_12m": 4}, 12),
    ],
)
def test_credit_record_and_complaints_multiply_the_weight(extra, factor):
    base = {"sector": "hazardous_chemicals", "standardization_grade": "level1"}
    assert ins.draw_weight(base).weight == 2
    expected = 2 * factor if "credit_listed" not in extra else 12 * factor
    assert ins.draw_weight({**base, **extra}).weight == expected


def test_the_weight_is_json_ready_and_names_each_factor():
    result = ins.draw_weight({"sector": "commerce", "risk_grade": "general", "complaints_12m": 4})
    data = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    assert data["weight"] == 36
    assert data["factors"] == [
        "基础权重 6（非高危行业领域企业未定级类的年度检查上限）",
        "一般风险（黄） ×2",
        "近12个月被举报3次以上（4 次） ×3",
    ]
    assert data["supervision_class"]["category"] == "ungraded"


def test_a_deployment_may_change_the_rules_as_data(monkeypatch):
    rules = dict(ins.CLASS_RULES["shanxi-2025"])
    rules["non_high_risk"] = (
        ins.ClassRule("risk_grade", {"major": "ungraded", "low": "level1"}, "本地规则"),
    )
    monkeypatch.setitem(ins.CLASS_RULES, "shanxi-2025", rules)
    result = ins.supervision_class({"sector": "commerce", "risk_grade": "major"})
    assert (result.category, result.rule) == ("ungraded", "risk_grade=major")
