import pytest

from anjian.standards import StandardsError
from anjian.standards.staffing import safety_staff_requirement


@pytest.mark.parametrize("category", ["mining", "construction", "dangerous_goods"])
def test_high_risk_units_need_a_department_or_full_time_staff_at_any_size(category):
    result = safety_staff_requirement(category, 3)
    assert result.required == "department_or_full_time"
    assert "第二十四条第一款" in result.explanation


@pytest.mark.parametrize(
    ("employees", "required"),
    [(100, "full_or_part_time"), (101, "department_or_full_time"), (0, "full_or_part_time")],
)
def test_other_units_follow_the_hundred_employee_boundary(employees, required):
    result = safety_staff_requirement(None, employees)
    assert result.required == required
    assert "第二十四条第二款" in result.as_dict()["explanation"]


def test_it_needs_the_headcount_for_other_units():
    with pytest.raises(StandardsError) as info:
        safety_staff_requirement(None, None)
    assert info.value.field == "employees"
