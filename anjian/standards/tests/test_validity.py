from datetime import date, datetime

import pytest

from anjian.standards import validity
from anjian.standards.base import StandardsError


def test_it_keeps_a_safety_licence_three_years_and_opens_renewal_three_months_before():
    result = validity.safety_licence(date(2023, 6, 15))
    assert result.expires_on == date(2026, 6, 15)
    assert result.renewal_window_opens_on == date(2026, 3, 15)
    assert "第九条" in result.explanation


def test_it_ends_a_licence_issued_on_29_february_on_28_february():
    result = validity.safety_licence("2024-02-29")
    assert result.expires_on == date(2027, 2, 28)
    assert result.renewal_window_opens_on == date(2026, 11, 28)


def test_it_reviews_a_special_operation_certificate_every_three_years():
    result = validity.special_operation_certificate(date(2020, 3, 1))
    assert result.expires_on == date(2026, 3, 1)
    assert result.review_interval_years == 3
    assert [(r.due_on, r.application_opens_on) for r in result.reviews] == [
        (date(2023, 3, 1), date(2022, 12, 31)),
        (date(2026, 3, 1), date(2025, 12, 31)),
    ]
    assert "第二十二条" in result.explanation


def test_it_reviews_every_six_years_after_ten_clean_years():
    result = validity.special_operation_certificate(date(2020, 3, 1), ten_clean_years=True)
    assert result.review_interval_years == 6
    assert [r.due_on for r in result.reviews] == [date(2026, 3, 1)]


def test_it_dates_a_leap_day_certificate_on_28_february():
    result = validity.special_operation_certificate(date(2024, 2, 29))
    assert result.reviews[0].due_on == date(2027, 2, 28)
    assert result.expires_on == date(2030, 2, 28)


def test_it_evaluates_an_emergency_plan_every_three_years():
    result = validity.emergency_plan_evaluation(date(2024, 2, 29))
    assert result.due_on == date(2027, 2, 28)
    assert "第三十五条" in result.explanation


@pytest.mark.parametrize(
    ("kind", "high_risk", "due"),
    [
        ("comprehensive", False, date(2025, 8, 31)),
        ("special", False, date(2025, 8, 31)),
        ("onsite", False, date(2025, 2, 28)),
        ("comprehensive", True, date(2025, 2, 28)),
    ],
)
def test_it_dates_the_next_drill_by_kind_and_risk(kind, high_risk, due):
    result = validity.drill_due(date(2024, 8, 31), kind, high_risk=high_risk)
    assert result.due_on == due
    assert "第三十三条" in result.explanation
    assert ("国务院令第708号" in result.explanation) is high_risk


@pytest.mark.parametrize(
    ("event", "due", "article"),
    [
        ("project_accepted", date(2024, 3, 1), "第八条"),
        ("major_change", date(2024, 2, 15), "第八条"),
        ("ceased", date(2024, 2, 15), "第九条"),
    ],
)
def test_it_dates_occupational_declarations(event, due, article):
    result = validity.occupational_declaration_due(date(2024, 1, 31), event)
    assert result.due_on == due
    assert article in result.explanation


def test_it_keeps_a_standardization_grade_three_years():
    assert validity.standardization_grade_expiry("2024-02-29").due_on == date(2027, 2, 28)
    assert validity.DEFAULT_STANDARDIZATION_VALIDITY_YEARS == 3


def test_it_lets_a_deployment_change_the_standardization_validity():
    result = validity.standardization_grade_expiry(date(2024, 1, 1), validity_years=5)
    assert result.due_on == date(2029, 1, 1)


def test_it_reassesses_a_major_hazard_installation_after_three_years():
    result = validity.major_hazard_reassessment(datetime(2024, 2, 29, 9, 0))
    assert result.due_on == date(2027, 2, 28)
    assert "第十一条" in result.explanation


def test_it_files_a_major_hazard_assessment_within_15_days():
    assert validity.major_hazard_filing_due(date(2024, 12, 20)).due_on == date(2025, 1, 4)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: validity.drill_due(date(2024, 1, 1), "tabletop"), "kind"),
        (lambda: validity.occupational_declaration_due(date(2024, 1, 1), "moved"), "event"),
        (lambda: validity.safety_licence("2023-02-30"), "issued_on"),
        (
            lambda: validity.standardization_grade_expiry(date(2024, 1, 1), validity_years=0),
            "validity_years",
        ),
    ],
)
def test_it_rejects_bad_input_naming_the_field(call, field):
    with pytest.raises(StandardsError) as caught:
        call()
    assert caught.value.field == field


def test_it_renders_due_dates_as_iso_text():
    data = validity.special_operation_certificate(date(2020, 3, 1)).as_dict()
    assert data["reviews"][0] == {"due_on": "2023-03-01", "application_opens_on": "2022-12-31"}
