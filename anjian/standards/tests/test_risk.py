from decimal import Decimal
from itertools import product

import pytest

from anjian.standards import risk
from anjian.standards.base import StandardsError


@pytest.mark.parametrize(
    ("factors", "d_value", "risk_class", "level", "colour"),
    [
        ((10, 10, 7), 700, "极其危险", "重大", "红"),
        ((6, 6, 7), 252, "高度危险", "较大", "橙"),
        ((3, 6, 7), 126, "显著危险", "一般", "黄"),
        ((3, 3, 3), 27, "一般危险", "低", "蓝"),
        ((1, 6, 3), 18, "稍有危险", "低", "蓝"),
        (("0.1", "0.5", 1), Decimal("0.05"), "稍有危险", "低", "蓝"),
    ],
)
def test_it_classes_d_and_maps_it_to_level_and_colour(factors, d_value, risk_class, level, colour):
    result = risk.lec(*factors)
    assert (result.D, result.risk_class, result.level, result.colour) == (
        d_value,
        risk_class,
        level,
        colour,
    )
    assert "安委办〔2016〕11号" in result.explanation


@pytest.mark.parametrize(
    ("factors", "boundary", "risk_class"),
    [
        ((1, 10, 7), "lower_inclusive", "显著危险"),
        ((1, 10, 7), "upper_inclusive", "一般危险"),
        ((10, 2, 1), "lower_inclusive", "一般危险"),
        ((10, 2, 1), "upper_inclusive", "稍有危险"),
        (("0.5", 1, 40), "lower_inclusive", "一般危险"),
        (("0.5", 1, 40), "upper_inclusive", "稍有危险"),
    ],
)
def test_it_places_d_of_20_and_70_by_the_boundary_setting(factors, boundary, risk_class):
    assert risk.lec(*factors, boundary=boundary).risk_class == risk_class


def test_it_defaults_to_lower_inclusive_boundaries():
    assert risk.DEFAULT_LEC_BOUNDARY == "lower_inclusive"
    assert risk.lec(1, 10, 7).boundary == "lower_inclusive"


def test_it_never_produces_d_of_160_or_320_from_the_tabulated_factors():
    products = {
        l_value * e_value * c_value
        for (l_value, _), (e_value, _), (c_value, _) in product(risk.LEC_L, risk.LEC_E, risk.LEC_C)
    }
    assert {Decimal(70), Decimal(20)} <= products
    assert not {Decimal(160), Decimal(320)} & products


def test_it_emits_the_class_under_its_json_name():
    data = risk.lec(3, 6, 7).as_dict()
    assert data["class"] == "显著危险"
    assert "risk_class" not in data
    assert (data["D"], data["level_code"], data["colour_code"]) == (126, "general", "yellow")


@pytest.mark.parametrize(
    ("field", "factors"), [("L", (2, 6, 7)), ("E", (1, 4, 7)), ("C", (1, 6, 5))]
)
def test_it_accepts_only_tabulated_factor_values(field, factors):
    with pytest.raises(StandardsError) as caught:
        risk.lec(*factors)
    assert caught.value.field == field


def test_it_accepts_factor_values_written_differently():
    assert risk.lec(0.5, "6.0", Decimal("15")).D == 45


def test_it_lets_a_deployment_map_classes_to_levels():
    levels = {**risk.DEFAULT_LEC_LEVELS, "一般危险": "一般"}
    assert risk.lec(3, 3, 3, levels=levels).level == "一般"


def test_it_rejects_an_unknown_boundary_setting():
    with pytest.raises(StandardsError) as caught:
        risk.lec(1, 10, 7, boundary="inclusive")
    assert caught.value.field == "boundary"


def test_it_provides_factor_tables_for_dropdowns():
    assert [value for value, _ in risk.LEC_L] == [
        Decimal(v) for v in ("10", "6", "3", "1", "0.5", "0.2", "0.1")
    ]
    assert [value for value, _ in risk.LEC_E] == [
        Decimal(v) for v in ("10", "6", "3", "2", "1", "0.5")
    ]
    assert [value for value, _ in risk.LEC_C] == [
        Decimal(v) for v in ("100", "40", "15", "7", "3", "1")
    ]
    assert all(meaning for _, meaning in risk.LEC_L + risk.LEC_E + risk.LEC_C)


LS_EXPECTED = {
    "common": {1: "低", 5: "低", 6: "低", 8: "低", 9: "一般", 12: "一般", 15: "较大", 16: "较大"},
    "1-5/6-12/15-16/20-25": {5: "低", 6: "一般", 8: "一般", 12: "一般", 15: "较大", 16: "较大"},
    "≤7/8-12/13-16/≥17": {6: "低", 8: "一般", 12: "一般", 15: "较大", 16: "较大"},
}


@pytest.mark.parametrize("banding", risk.LS_BANDINGS)
def test_it_bands_every_ls_product(banding):
    for l_value, s_value in product(range(1, 6), repeat=2):
        result = risk.ls(l_value, s_value, banding=banding)
        r_value = l_value * s_value
        assert r_value == result.R
        if r_value >= 20:
            assert result.level == "重大"
        elif r_value in LS_EXPECTED[banding]:
            assert result.level == LS_EXPECTED[banding][r_value], (banding, r_value)


@pytest.mark.parametrize(
    ("banding", "six", "eight"),
    [
        ("common", "低", "低"),
        ("1-5/6-12/15-16/20-25", "一般", "一般"),
        ("≤7/8-12/13-16/≥17", "低", "一般"),
    ],
)
def test_it_bands_r_of_6_and_8_by_the_banding_setting(banding, six, eight):
    assert risk.ls(2, 3, banding=banding).level == six
    assert risk.ls(2, 4, banding=banding).level == eight


def test_it_colours_an_ls_result_and_explains_it():
    result = risk.ls(5, 4)
    assert (result.R, result.level, result.colour, result.colour_code) == (20, "重大", "红", "red")
    assert "R = L × S = 5 × 4 = 20" in result.explanation
    assert risk.ls(1, 1).as_dict()["level_code"] == "low"


@pytest.mark.parametrize(("L", "S"), [(0, 1), (6, 1), (1, "2.5"), (None, 1)])
def test_it_accepts_only_integers_one_to_five_in_ls(L, S):
    with pytest.raises(StandardsError):
        risk.ls(L, S)


def test_it_rejects_an_unknown_banding():
    with pytest.raises(StandardsError) as caught:
        risk.ls(2, 3, banding="strict")
    assert caught.value.field == "banding"


@pytest.mark.parametrize(
    ("level", "owner"),
    [
        ("重大", "公司"),
        ("较大", "部门/车间"),
        ("一般", "班组"),
        ("低", "岗位"),
        ("major", "公司"),
        ("低风险", "岗位"),
    ],
)
def test_it_assigns_control_levels_by_risk_level(level, owner):
    assert risk.control_level(level).control_level == owner


def test_it_lets_a_deployment_change_control_levels():
    mapping = {**risk.DEFAULT_CONTROL_LEVELS, "一般": "车间"}
    result = risk.control_level("一般", mapping=mapping)
    assert result.control_level == "车间"
    assert "一般→车间" in result.explanation


def test_it_rejects_an_unknown_risk_level():
    with pytest.raises(StandardsError) as caught:
        risk.control_level("极高")
    assert caught.value.field == "level"


def test_it_codes_levels_and_colours_for_storage():
    assert risk.LEVEL_CODES == {"重大": "major", "较大": "larger", "一般": "general", "低": "low"}
    assert risk.COLOUR_CODES == {"红": "red", "橙": "orange", "黄": "yellow", "蓝": "blue"}
