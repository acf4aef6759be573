import pytest

from anjian.standards import accident
from anjian.standards.base import StandardsError


def test_it_lists_twenty_categories_coded_01_to_20():
    assert [code for code, _ in accident.CATEGORIES] == [f"{n:02d}" for n in range(1, 21)]
    assert len({name for _, name in accident.CATEGORIES}) == 20


@pytest.mark.parametrize(("code", "name"), accident.CATEGORIES)
def test_it_finds_every_category_by_code_and_by_name(code, name):
    assert accident.category(code).name == name
    assert accident.category(name).code == code
    assert accident.category(int(code)).code == code


@pytest.mark.parametrize(("spelling", "code"), [("其它爆炸", "18"), ("其它伤害", "20")])
def test_it_accepts_both_spellings_of_other(spelling, code):
    result = accident.category(spelling)
    assert result.code == code
    assert "其他" in result.name
    assert "GB 6441-1986" in result.explanation


@pytest.mark.parametrize("bad", ["21", "00", "爆炸", None])
def test_it_rejects_an_unknown_category(bad):
    with pytest.raises(StandardsError) as caught:
        accident.category(bad)
    assert caught.value.field == "category"


def test_it_suggests_categories_close_to_an_unknown_name():
    with pytest.raises(StandardsError) as caught:
        accident.category("爆炸")
    assert "火药爆炸" in caught.value.message


@pytest.mark.parametrize(
    ("days", "severity"), [(0, "轻伤"), (104, "轻伤"), (105, "重伤"), (6000, "重伤")]
)
def test_it_splits_light_and_serious_injury_at_105_workdays(days, severity):
    result = accident.injury_severity(days)
    assert result.severity == severity
    assert "105" in result.explanation


def test_it_counts_a_death_separately():
    result = accident.injury_severity(died=True)
    assert (result.severity, result.lost_workdays) == ("死亡", 6000)


def test_it_rejects_negative_lost_workdays():
    with pytest.raises(StandardsError) as caught:
        accident.injury_severity(-1)
    assert caught.value.field == "lost_workdays"
