"""Telephone formats (numbering plan) and coordinate plausibility, with their boundaries."""

from decimal import Decimal

import pytest

from anjian.standards import StandardsError, coordinates, phone

BOX = coordinates.box("119.9", "30.05", "120.45", "30.45")


@pytest.mark.parametrize(
    ("value", "kind", "normalized"),
    [
        ("13912345678", "mobile", "13912345678"),
        ("139 1234 5678", "mobile", "13912345678"),
        ("+86 139-1234-5678", "mobile", "13912345678"),
        ("１３９１２３４５６７８", "mobile", "13912345678"),  # full-width digits
        ("19912345678", "mobile", "19912345678"),
        ("0571-87654321", "landline", "0571-87654321"),
        ("010-62345678", "landline", "010-62345678"),
        ("(021)62345678", "landline", "021-62345678"),
        ("0571-8765432", "landline", "0571-8765432"),  # 7-digit local number
        ("0571-87654321-801", "landline", "0571-87654321-801"),
        ("0571-87654321转801", "landline", "0571-87654321-801"),
    ],
)
def test_it_accepts_mainland_mobile_and_fixed_line_numbers(value, kind, normalized):
    result = phone.validate(value)
    assert (result.valid, result.kind, result.normalized) == (True, kind, normalized)
    assert "电信网编号计划" in result.explanation


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("12345", "11 位"),
        ("1391234567", "11 位"),  # 10 digits
        ("139123456789", "11 位"),  # 12 digits
        ("12912345678", "13～19"),  # second digit 2
        ("87654321", "须带区号"),  # a local number without its area code
        ("0571-07654321", "区号"),  # local number may not begin with 0
        ("0571-123456", "区号"),  # 6-digit local number
        ("abc", "只能包含数字"),
        ("", "未填写"),
    ],
)
def test_it_refuses_what_is_not_a_phone_number_and_says_why(value, reason):
    result = phone.validate(value)
    assert not result.valid and result.kind is None
    assert reason in result.explanation, result.explanation


def test_a_phone_that_is_not_text_is_an_input_error():
    with pytest.raises(StandardsError):
        phone.validate(13912345678)


def test_coordinates_blank_are_fine_and_half_blank_are_not():
    assert coordinates.check(None, "").valid
    result = coordinates.check("120.1", None)
    assert not result.valid and set(result.errors) == {"latitude"}


@pytest.mark.parametrize(
    ("lng", "lat", "fields"),
    [
        ("500", "30.2", {"longitude"}),
        ("120.2", "95", {"latitude"}),
        ("500", "95", {"longitude", "latitude"}),
        ("-180.000001", "30", {"longitude"}),
    ],
)
def test_coordinates_out_of_range_name_the_field(lng, lat, fields):
    result = coordinates.check(lng, lat)
    assert not result.valid and set(result.errors) == fields
    assert "CGCS2000" in result.explanation


def test_the_range_edges_are_inside_the_ranges_but_outside_china():
    result = coordinates.check("180", "90")
    assert not result.valid
    assert "不在我国境内" in result.errors["longitude"] and set(result.errors) == {
        "longitude",
        "latitude",
    }


def test_swapped_coordinates_are_named_as_such():
    result = coordinates.check("30.25", "120.15")
    assert "填反" in result.errors["longitude"]


def test_coordinates_outside_the_region_box_name_the_region_and_the_wrong_axis():
    result = coordinates.check("121.5", "30.2", bounds=BOX, place="示范市")
    assert set(result.errors) == {"longitude"}
    assert "示范市" in result.errors["longitude"] and "119.9～120.45" in result.errors["longitude"]
    inside = coordinates.check("120.45", "30.05", bounds=BOX, place="示范市")  # on the edge
    assert inside.valid and inside.longitude == Decimal("120.45")
    assert "示范市" in inside.explanation


@pytest.mark.parametrize(
    "edges",
    [("120", "30", "119", "31"), ("120", "31", "121", "30"), ("190", "30", "191", "31")],
)
def test_a_box_must_be_well_formed(edges):
    with pytest.raises(StandardsError):
        coordinates.box(*edges)


def test_results_render_as_json():
    assert coordinates.check("120.1", "30.2").as_dict()["valid"] is True
    assert phone.validate("13912345678").as_dict()["kind"] == "mobile"
