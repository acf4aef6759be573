from datetime import date
from decimal import Decimal

import pytest

from anjian.standards import penalty
from anjian.standards.base import StandardsError

D = Decimal

COMPUTABLE = [
    (94, "person", "initial", D(2), D(5)),
    (94, "person", "not_corrected", D(5), D(10)),
    (96, "person", "initial", D(1), D(3)),
    (97, "unit", "initial", None, D(10)),
    (97, "unit", "not_corrected", D(10), D(20)),
    (97, "person", "not_corrected", D(2), D(5)),
    (98, "unit", "initial", D(10), D(50)),
    (98, "unit", "not_corrected", D(50), D(100)),
    (98, "person", "initial", D(2), D(5)),
    (98, "person", "not_corrected", D(5), D(10)),
    (99, "unit", "initial", None, D(5)),
    (99, "unit", "not_corrected", D(5), D(20)),
    (99, "person", "not_corrected", D(1), D(2)),
    (101, "unit", "initial", None, D(10)),
    (101, "unit", "not_corrected", D(10), D(20)),
    (101, "person", "not_corrected", D(2), D(5)),
    (102, "unit", "initial", None, D(5)),
    (102, "person", "not_corrected", D(5), D(10)),
    (103, "unit", "initial", D(10), D(20)),
    (103, "person", "initial", D(1), D(2)),
    (104, "unit", "initial", None, D(5)),
    (104, "person", "initial", None, D(1)),
    (105, "unit", "initial", None, D(5)),
    (105, "person", "initial", None, D(1)),
    (106, "person", "initial", D(2), D(10)),
    (108, "unit", "not_corrected", D(2), D(20)),
    (108, "person", "not_corrected", D(1), D(2)),
    (109, "unit", "initial", D(5), D(10)),
    (109, "unit", "not_corrected", D(10), D(20)),
]


@pytest.mark.parametrize(("article", "who", "stage", "low", "high"), COMPUTABLE)
def test_it_gives_the_closed_fine_range_of_each_article(article, who, stage, low, high):
    result = penalty.fine_range(article, who, stage)
    assert result.computable
    assert (result.min_10k_yuan, result.max_10k_yuan) == (low, high)
    assert "安全生产法" in result.explanation
    assert f"{high}万元以下" in result.explanation


def test_every_other_article_stage_says_what_applies_in_words():
    listed = {(a, w, s) for a, w, s, _, _ in COMPUTABLE}
    for number, paragraph in penalty.ARTICLES:
        if paragraph != 1 or number == 114:
            continue  # 103 para 2 and 114 have tests of their own
        for who in ("unit", "person"):
            for stage in ("initial", "not_corrected"):
                if (number, who, stage) in listed:
                    continue
                result = penalty.fine_range(number, who, stage)
                assert not result.computable
                assert (result.min_10k_yuan, result.max_10k_yuan) == (None, None)
                assert result.explanation


def test_it_explains_article_93_in_words():
    result = penalty.fine_range(93, "unit", "not_corrected")
    assert not result.computable
    assert "第九十三条" in result.explanation
    assert "停产停业整顿" in result.explanation
    assert "二万元以上二十万元以下" in result.explanation


def test_it_reads_the_second_paragraph_of_article_103():
    result = penalty.fine_range(103, "person", paragraph=2)
    assert (result.min_10k_yuan, result.max_10k_yuan) == (None, 1)
    assert "第一百零三条第二款" in result.explanation


@pytest.mark.parametrize(
    ("gain", "low", "high"), [("9.99", D(10), D(20)), (10, D(20), D(50)), ("12", D(24), D(60))]
)
def test_it_multiplies_an_illegal_gain_of_10_or_more_under_article_103(gain, low, high):
    result = penalty.fine_range(103, "unit", illegal_gain_10k_yuan=gain)
    assert (result.min_10k_yuan, result.max_10k_yuan) == (low, high)


def test_it_fines_an_accident_by_grade_under_article_114():
    result = penalty.fine_range(114, "unit", grade="较大")
    assert (result.min_10k_yuan, result.max_10k_yuan) == (100, 200)
    severe = penalty.fine_range(114, "unit", grade="特别重大", especially_severe=True)
    assert (severe.min_10k_yuan, severe.max_10k_yuan) == (2000, 10000)


def test_it_requires_the_grade_for_article_114():
    with pytest.raises(StandardsError) as caught:
        penalty.fine_range(114, "unit")
    assert caught.value.field == "grade"


@pytest.mark.parametrize(
    ("args", "field"),
    [((107, "unit"), "article"), (("abc", "unit"), "article"), ((97, "boss"), "who")],
)
def test_it_rejects_unknown_articles_and_parties(args, field):
    with pytest.raises(StandardsError) as caught:
        penalty.fine_range(*args)
    assert caught.value.field == field


def test_it_rejects_an_unknown_stage():
    with pytest.raises(StandardsError) as caught:
        penalty.fine_range(97, "unit", "appeal")
    assert caught.value.field == "stage"


def test_it_charges_the_daily_penalty_from_the_day_after_the_order_through_until():
    result = penalty.daily_penalty(2, date(2024, 3, 1), date(2024, 3, 10))
    assert (result.first_day, result.days, result.total_10k_yuan) == (date(2024, 3, 2), 9, 18)
    assert "第一百一十二条" in result.explanation
    assert "2 万元 × 9 = 18 万元" in result.explanation


def test_it_counts_a_leap_day_in_the_daily_penalty():
    result = penalty.daily_penalty("0.5", "2024-02-27", "2024-03-01")
    assert (result.days, result.total_10k_yuan) == (3, D("1.5"))
    assert result.as_dict()["total_10k_yuan"] == 1.5


def test_it_charges_one_day_when_until_is_the_next_day():
    assert penalty.daily_penalty(1, date(2024, 3, 1), date(2024, 3, 2)).days == 1


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((1, date(2024, 3, 1), date(2024, 3, 1)), "until"),
        ((1, date(2024, 3, 1), date(2024, 2, 1)), "until"),
        ((0, date(2024, 3, 1), date(2024, 3, 5)), "amount"),
        ((-1, date(2024, 3, 1), date(2024, 3, 5)), "amount"),
        ((1, "soon", date(2024, 3, 5)), "ordered_on"),
    ],
)
def test_it_rejects_an_empty_or_malformed_daily_penalty(args, field):
    with pytest.raises(StandardsError) as caught:
        penalty.daily_penalty(*args)
    assert caught.value.field == field
