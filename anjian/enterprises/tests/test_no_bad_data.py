"""No bad data: one rule per field for the form, the API and the import, every error in one
round, and maps that leave a record with unusable coordinates off rather than break."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.enterprises.exports import HEADERS
from anjian.enterprises.models import Enterprise
from anjian.enterprises.seeds import make_credit_code
from anjian.enterprises.tests.test_imports import _post, _rows, _xlsx
from anjian.regions.models import Region, Sector
from tests.matrix import login_as

pytestmark = pytest.mark.django_db
OWN = "东湖精细化工有限公司"


def _set(row: list, **cells) -> list:
    row = list(row)
    for header, value in cells.items():
        row[HEADERS.index(header)] = value
    return row


def _errors(response) -> list[tuple[int, str]]:
    assert response.status_code == 422, response.content
    return [(e["row"], e["column"]) for e in response.json()["details"]["errors"]]


def test_an_import_row_with_longitude_500_a_phone_12345_or_class_e_is_refused_by_cell(
    client, personas
):
    login_as(client, personas, "district")
    rows = _rows(5)
    rows[0] = _set(rows[0], 经度=500)
    rows[1] = _set(rows[1], 主要负责人电话="12345")
    rows[2] = _set(rows[2], 监管分类="E")
    rows[3] = _set(rows[3], 纬度=95)
    before = Enterprise.objects.count()
    errors = _errors(_post(client, _xlsx(rows)))
    assert errors == [(2, "经度"), (3, "主要负责人电话"), (4, "监管分类"), (5, "纬度")]
    messages = [e["message"] for e in _post(client, _xlsx(rows)).json()["details"]["errors"]]
    assert "−180～180" in messages[0] and "11 位" in messages[1] and "A、B、C、D" in messages[2]
    assert Enterprise.objects.count() == before  # nothing stored


def test_every_bad_cell_of_one_row_is_reported_in_one_round(client, personas):
    login_as(client, personas, "district")
    row = _set(
        _rows(1)[0], 经度=500, 主要负责人电话="12345", 监管分类="E", 安全管理负责人电话="abc"
    )
    assert sorted(_errors(_post(client, _xlsx([row])))) == [
        (2, "主要负责人电话"),
        (2, "安全管理负责人电话"),
        (2, "监管分类"),
        (2, "经度"),
    ]


def test_a_blank_risk_grade_or_class_is_refused_not_defaulted(client, personas):
    login_as(client, personas, "district")
    rows = [_set(_rows(2)[0], 风险等级=""), _set(_rows(2)[1], 监管分类="")]
    assert _errors(_post(client, _xlsx(rows))) == [(2, "风险等级"), (3, "监管分类")]


def test_a_place_outside_the_region_box_is_refused_with_the_region_named(client, personas):
    login_as(client, personas, "district")
    row = _set(_rows(1)[0], 经度=121.5, 纬度=30.2)  # in China, east of 东湖区
    response = _post(client, _xlsx([row]))
    assert _errors(response) == [(2, "经度")]
    assert "东湖区" in response.json()["details"]["errors"][0]["message"]


def test_a_good_row_keeps_the_phone_in_its_normal_form(client, personas):
    login_as(client, personas, "district")
    row = _set(_rows(1)[0], 主要负责人电话="+86 139-0000-1111", 安全管理负责人电话="(0571)87654321")
    response = _post(client, _xlsx([row]))
    assert response.status_code == 200, response.content
    saved = Enterprise.objects.get(name=row[HEADERS.index("单位名称")])
    assert (saved.principal_phone, saved.safety_manager_phone) == ("13900001111", "0571-87654321")


def _form(**fields) -> dict:
    region = Region.objects.get(code="990102001000")
    data = {
        "name": "一次提交全部错误有限公司",
        "credit_code": make_credit_code(region.code, 72100001),
        "region": region.pk,
        "sector": Sector.objects.get(code="machinery").pk,
        "risk_grade": "general",
        "supervision_class": "C",
        "longitude": "120.170000",
        "latitude": "30.250000",
    }
    data.update(fields)
    return data


def test_the_enterprise_form_shows_every_error_in_one_submission(client, personas):
    login_as(client, personas, "township")
    good = _form()["credit_code"]
    data = _form(
        credit_code=good[:17] + ("0" if good[17] != "0" else "1"),  # service: check character
        principal_phone="12345",  # the phone rule
        longitude="500",  # the coordinate rule
        standardization_expires_on="not a date",  # the form: does not parse
        sector="",  # the form: required
    )
    response = client.post("/enterprises/new/", data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) >= {
        "credit_code",
        "principal_phone",
        "longitude",
        "standardization_expires_on",
        "sector",
    }
    assert all(len(messages) == 1 for messages in errors.values())  # each field once
    assert not Enterprise.objects.filter(name="一次提交全部错误有限公司").exists()
    response = client.post("/enterprises/new/", _form())
    assert response.status_code == 302


def test_the_api_answers_one_422_naming_every_field(client, personas):
    login_as(client, personas, "township")
    body = {
        "name": "接口全部错误有限公司",
        "credit_code": make_credit_code("990102001000", 72100002),
        "region": "990102001",
        "sector": "machinery",
        "principal_phone": "12345",
        "longitude": "500",
        "latitude": "80",
        "risk_grade": None,
        "supervision_class": "E",
    }
    response = client.post("/api/v1/enterprises", body, content_type="application/json")
    assert response.status_code == 422, response.content
    fields = {e["field"] for e in response.json()["details"]["errors"]}
    assert fields == {"principal_phone", "longitude", "latitude", "risk_grade", "supervision_class"}
    assert not Enterprise.objects.filter(name="接口全部错误有限公司").exists()


def test_a_standardization_expiry_more_than_three_years_ahead_is_refused(client, personas):
    login_as(client, personas, "township")
    far = timezone.localdate() + timedelta(days=3 * 366 + 1)
    response = client.post(
        "/enterprises/new/",
        _form(standardization_grade="level2", standardization_expires_on=far.isoformat()),
    )
    assert "不能晚于" in response.context["form"].errors["standardization_expires_on"][0]


def test_a_number_stored_before_the_rule_does_not_block_an_unrelated_edit(client, personas):
    Enterprise.objects.filter(name=OWN).update(principal_phone="12345")
    own = Enterprise.objects.get(name=OWN)
    login_as(client, personas, "district")
    response = client.patch(
        f"/api/v1/enterprises/{own.pk}",
        {"address": "示范市东湖区新地址1号"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    response = client.patch(
        f"/api/v1/enterprises/{own.pk}",
        {"principal_phone": "54321"},
        content_type="application/json",
    )
    assert response.status_code == 422


def _markers(response) -> list[dict]:
    match = re.search(
        r'<script id="map-data" type="application/json">(.*?)</script>', response.content.decode()
    )
    return json.loads(match.group(1))["markers"]


@pytest.mark.parametrize(
    ("url", "persona"), [("/enterprises/map/", "city"), ("/risks/map/", "township")]
)
def test_both_maps_still_draw_and_flag_a_record_with_unusable_coordinates(
    client, personas, url, persona
):
    login_as(client, personas, persona)
    drawn = {m["name"] for m in _markers(client.get(url))}
    assert OWN in drawn
    Enterprise.objects.filter(name=OWN).update(longitude=500, latitude=95)
    response = client.get(url)
    assert response.status_code == 200
    markers = _markers(response)
    assert {m["name"] for m in markers} == drawn - {OWN}  # the others are all still there
    assert all(-90 <= m["lat"] <= 90 and -180 <= m["lng"] <= 180 for m in markers)
    body = response.content.decode()
    assert 'data-testid="map-unusable"' in body and OWN in body
    assert "data-map" in body


def test_the_enterprise_page_draws_no_map_for_unusable_coordinates(client, personas):
    Enterprise.objects.filter(name=OWN).update(longitude="121.900000", latitude="30.250000")
    own = Enterprise.objects.get(name=OWN)
    login_as(client, personas, "district")
    response = client.get(f"/enterprises/{own.pk}/")
    assert response.status_code == 200 and 'id="enterprise-map"' not in response.content.decode()


def test_a_key_person_with_a_bad_phone_and_id_number_is_refused_on_both(client, personas):
    own = Enterprise.objects.get(name=OWN)
    login_as(client, personas, "ent_manager")
    body = {"name": "赵安全", "role": "safety_manager", "id_number": "110101", "phone": "12345"}
    response = client.post(
        f"/api/v1/enterprises/{own.pk}/people", body, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert {e["field"] for e in response.json()["details"]["errors"]} == {"id_number", "phone"}
    body.update(id_number="", phone="139 0000 2222")
    response = client.post(
        f"/api/v1/enterprises/{own.pk}/people", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content


def test_a_licence_issued_in_the_future_and_expiring_before_is_refused_on_both(client, personas):
    own = Enterprise.objects.get(name=OWN)
    login_as(client, personas, "ent_manager")
    today = timezone.localdate()
    body = {
        "kind": "other",
        "number": "示-001",
        "issued_on": (today + timedelta(days=10)).isoformat(),
        "expires_on": (today + timedelta(days=5)).isoformat(),
    }
    response = client.post(
        f"/api/v1/enterprises/{own.pk}/licences", body, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert {e["field"] for e in response.json()["details"]["errors"]} == {
        "issued_on",
        "expires_on",
    }


def test_the_api_names_the_length_limit_it_refuses(client, personas):
    own = Enterprise.objects.get(name=OWN)
    login_as(client, personas, "district")
    response = client.patch(
        f"/api/v1/enterprises/{own.pk}", {"address": "路" * 201}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "最多 200 字" in response.json()["details"]["errors"][0]["message"]
    own.refresh_from_db()
    assert own.address != "路" * 200
