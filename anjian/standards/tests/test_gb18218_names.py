import pytest

from anjian.standards.base import StandardsError
from anjian.standards.gb18218 import table1_rows
from anjian.standards.gb18218_names import find_row


@pytest.mark.parametrize(
    ("query", "no"),
    [
        ("液氯", 12),
        ("氯气", 12),
        ("汽油", 66),
        ("乙醇汽油", 66),
        ("甲烷", 49),
        ("天然气", 49),
        ("甲烷,天然气", 49),
        ("液化石油气", 52),
        ("丙烷", 52),
        ("一氧化碳", 13),
        ("煤气", 13),
        ("氯化氢", 11),
        ("氯化氢（无水）", 11),
        (" 液 氯 ", 12),
        ("tdi", 23),
        ("1,3-丁二烯", 47),
        ("１，３－丁二烯", 47),
        ("硝化纤维素溶液", 42),
        ("硝酸", 81),
        ("发烟硝酸", 80),
        ("电石", 83),
        ("电石气", 54),
    ],
)
def test_it_matches_names_aliases_and_halves_of_combined_names(query, no):
    assert find_row(query, "name").no == no


@pytest.mark.parametrize(
    ("cas", "no"),
    [("7782-50-5", 12), ("74-82-8", 49), ("8006-14-2", 49), ("106-97-8", 52), ("75-44-5", 6)],
)
def test_it_matches_any_cas_number_of_a_row(cas, no):
    assert find_row(cas, "name").no == no


def test_it_finds_every_row_by_its_full_name():
    for row in table1_rows():
        assert find_row(row.name, "name").no == row.no
        for alias in row.aliases:
            assert find_row(alias, "name").no == row.no


def test_it_lists_the_candidates_of_an_ambiguous_name():
    with pytest.raises(StandardsError) as caught:
        find_row("硝化纤维素", "substances[0].name")
    assert caught.value.field == "substances[0].name"
    for no in (37, 38, 39, 40, 41):
        assert f"第{no}项" in caught.value.message
    assert "第42项" not in caught.value.message


def test_it_reports_a_cas_shared_by_two_rows_as_ambiguous():
    with pytest.raises(StandardsError) as caught:
        find_row("6484-52-2", "name")
    assert "第43项" in caught.value.message
    assert "第44项" in caught.value.message


def test_it_suggests_close_names_for_an_unknown_name():
    with pytest.raises(StandardsError) as caught:
        find_row("液录", "name")
    assert "液氯" in caught.value.message
    assert "category" in caught.value.message


@pytest.mark.parametrize("query", ["1234-56-7", "丙烯", "3-丁二烯", ""])
def test_it_never_defaults_an_unknown_name(query):
    with pytest.raises(StandardsError):
        find_row(query, "name")
