import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anjian.core.models import AuditEvent
from anjian.enterprises.models import Enterprise
from anjian.enterprises.seeds import make_credit_code
from tests.matrix import check_action_matrix, login_as


@pytest.fixture
def mine(personas):
    return Enterprise.objects.get(name="东湖精细化工有限公司")


def _json(client, method, url, body, **headers):
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", headers=headers
    )


def test_who_may_register_an_enterprise(client, personas):
    counter = iter(range(100))

    def act(c, name):
        n = next(counter)
        return _json(
            c,
            "post",
            "/api/v1/enterprises",
            {
                "name": f"新企业{n}",
                "credit_code": make_credit_code("990102001000", 98000000 + n),
                "region": "990102001",
                "sector": "construction",
            },
        )

    check_action_matrix(
        client, personas, act=act, allowed={"city", "district", "township", "sector"}
    )


def test_who_may_edit_contacts_of_the_chemical_enterprise(client, personas, mine):
    def act(c, name):
        return _json(c, "patch", f"/api/v1/enterprises/{mine.pk}", {"safety_manager_name": name})

    check_action_matrix(
        client,
        personas,
        act=act,
        allowed={
            "city",
            "district",
            "township",
            "ent_manager",
            "ent_principal",
        },
    )


def test_a_sector_department_registers_only_its_sectors(client, personas):
    login_as(client, personas, "sector")
    response = _json(
        client,
        "post",
        "/api/v1/enterprises",
        {
            "name": "商贸公司",
            "credit_code": make_credit_code("990102001000", 96000001),
            "region": "990102001",
            "sector": "commerce",
        },
    )
    assert response.status_code == 422 and response.json()["details"]["field"] == "sector"


def test_regulated_fields_are_refused_to_the_enterprise_with_403(client, personas, mine):
    login_as(client, personas, "ent_manager")
    response = _json(client, "patch", f"/api/v1/enterprises/{mine.pk}", {"risk_grade": "low"})
    assert response.status_code == 403 and "监管部门" in response.json()["message"]


def test_if_match_guards_against_a_stale_edit(client, personas, mine):
    login_as(client, personas, "township")
    ok = _json(
        client,
        "patch",
        f"/api/v1/enterprises/{mine.pk}",
        {"address": "甲"},
        **{"If-Match": str(mine.version)},
    )
    assert ok.status_code == 200 and ok.json()["version"] == mine.version + 1
    stale = _json(
        client,
        "patch",
        f"/api/v1/enterprises/{mine.pk}",
        {"address": "乙"},
        **{"If-Match": str(mine.version)},
    )
    assert stale.status_code == 412 and stale.json()["code"] == "stale"


def test_a_bad_credit_code_is_422_with_the_expected_character(client, personas):
    login_as(client, personas, "township")
    good = make_credit_code("990102001000", 97000001)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = _json(
        client,
        "post",
        "/api/v1/enterprises",
        {"name": "甲", "credit_code": bad, "region": "990102001", "sector": "commerce"},
    )
    assert response.status_code == 422
    assert f"「{good[17]}」" in response.json()["message"]


def test_phones_and_id_numbers_are_masked_unless_revealed(client, personas, mine):
    login_as(client, personas, "district")
    body = client.get(f"/api/v1/enterprises/{mine.pk}").json()
    assert "****" in body["principal_phone"]
    people = client.get(f"/api/v1/enterprises/{mine.pk}/people").json()
    assert all("*" in p["id_number"] and "****" in p["phone"] for p in people)
    listing = client.get("/api/v1/enterprises?limit=200").content.decode()
    assert mine.principal_phone not in listing
    shown = _json(
        client, "post", f"/api/v1/enterprises/{mine.pk}/reveal", {"field": "principal_phone"}
    )
    assert shown.json()["value"] == mine.principal_phone
    person_id = people[0]["id"]
    full = _json(client, "post", f"/api/v1/people/{person_id}/reveal", {"field": "id_number"})
    assert len(full.json()["value"]) == 18
    assert AuditEvent.objects.filter(event_type="personal_data.view").count() == 2
    login_as(client, personas, "township")  # no "view personal data" permission
    refused = _json(
        client, "post", f"/api/v1/enterprises/{mine.pk}/reveal", {"field": "principal_phone"}
    )
    assert refused.status_code == 403


def test_a_reveal_is_refused_before_the_field_is_looked_at(client, personas, mine):
    login_as(client, personas, "township")  # no "view personal data" permission
    refused = _json(client, "post", f"/api/v1/enterprises/{mine.pk}/reveal", {"field": "x"})
    assert refused.status_code == 403
    login_as(client, personas, "district_b")  # has it, but the enterprise is out of scope
    hidden = _json(client, "post", f"/api/v1/enterprises/{mine.pk}/reveal", {"field": "x"})
    assert hidden.status_code == 404
    login_as(client, personas, "district")
    wrong = _json(client, "post", f"/api/v1/enterprises/{mine.pk}/reveal", {"field": "x"})
    assert wrong.status_code == 422 and wrong.json()["details"]["field"] == "field"
    person = mine.people.live().first()
    wrong = _json(client, "post", f"/api/v1/people/{person.pk}/reveal", {"field": "name"})
    assert wrong.status_code == 422 and "id_number 或 phone" in wrong.json()["message"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("people", {"name": "张三", "role": "no-such-role"}),
        (
            "licences",
            {
                "kind": "no-such-kind",
                "number": "1",
                "issued_on": "2026-01-01",
                "expires_on": "2027-01-01",
            },
        ),
    ],
)
def test_a_record_the_model_refuses_is_a_422_naming_the_field(client, personas, mine, path, body):
    login_as(client, personas, "township")
    response = _json(client, "post", f"/api/v1/enterprises/{mine.pk}/{path}", body)
    assert response.status_code == 422, response.content
    assert response.json()["details"]["field"] in ("role", "kind")


def test_the_import_template_is_for_those_who_may_import(client, personas):
    login_as(client, personas, "ent_manager")
    assert client.get("/api/v1/enterprises/import-template").status_code == 403
    login_as(client, personas, "township")
    response = client.get("/api/v1/enterprises/import-template")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]


def test_status_change_via_the_api(client, personas, mine):
    login_as(client, personas, "township")
    response = _json(
        client,
        "post",
        f"/api/v1/enterprises/{mine.pk}/status",
        {"action": "suspend", "reason": "重大隐患"},
    )
    assert response.status_code == 200 and response.json()["status"] == "suspended"
    again = _json(
        client,
        "post",
        f"/api/v1/enterprises/{mine.pk}/status",
        {"action": "suspend", "reason": "重大隐患"},
    )
    assert again.status_code == 409


def test_the_detail_lists_the_status_actions_and_transitions_apply_them(client, personas, mine):
    login_as(client, personas, "township")
    url = f"/api/v1/enterprises/{mine.pk}"
    assert client.get(url).json()["actions"] == ["suspend", "close", "deregister"]
    body = {"action": "suspend", "reason": "重大隐患"}
    stale = _json(client, "post", f"{url}/transitions", body, **{"If-Match": str(mine.version - 1)})
    assert stale.status_code == 412
    done = _json(client, "post", f"{url}/transitions", body, **{"If-Match": str(mine.version)})
    assert done.status_code == 200 and done.json()["status"] == "suspended"
    assert done.json()["actions"] == ["resume", "close", "deregister"]
    refused = _json(client, "post", f"{url}/transitions", {"action": "fly", "reason": "x"})
    assert refused.status_code == 422
    login_as(client, personas, "ent_manager")
    assert client.get(url).json()["actions"] == []
    denied = _json(client, "post", f"{url}/transitions", {"action": "resume", "reason": "x"})
    assert denied.status_code == 403


def test_filters_match_the_registry(client, personas):
    login_as(client, personas, "city")

    def count(query):
        return client.get(f"/api/v1/enterprises?with_count=true&{query}").json()["count"]

    assert count("sector=construction") == 5
    assert count("region=990102") == 19
    assert count("region=990102001000") == 9
    assert count("licence_expiring=30") == 3  # two expiring within 30 days, one expired
    assert count("risk_grade=major") == Enterprise.objects.filter(risk_grade="major").count()
    assert client.get("/api/v1/enterprises?risk_grade=purple").status_code == 422


def test_the_list_costs_the_same_queries_for_any_page_size(client, personas):
    login_as(client, personas, "city")
    client.get("/api/v1/enterprises?limit=5")
    counts = []
    for limit in (5, 30):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/enterprises?limit={limit}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_stale_licence_edit_is_412(client, personas, mine):
    login_as(client, personas, "township")
    licence = mine.licences.first()
    body = {
        "kind": licence.kind,
        "number": "新编号",
        "issued_on": str(licence.issued_on),
        "expires_on": str(licence.expires_on),
    }
    ok = client.patch(
        f"/api/v1/licences/{licence.pk}",
        json.dumps(body),
        content_type="application/json",
        headers={"If-Match": str(licence.version)},
    )
    assert ok.status_code == 200 and ok.json()["version"] == licence.version + 1
    stale = client.patch(
        f"/api/v1/licences/{licence.pk}",
        json.dumps(body),
        content_type="application/json",
        headers={"If-Match": str(licence.version)},
    )
    assert stale.status_code == 412


@pytest.mark.parametrize(
    ("issued_on", "expires_on", "field", "words"),
    [
        ("1975-06-01", "1978-06-01", "issued_on", "早于 1980 年"),
        ("2099-01-01", "2100-01-01", "issued_on", "不能晚于今天"),
        ("2020-01-01", "2019-12-31", "expires_on", "应晚于发证日期"),
        ("2020-01-01", "2080-01-01", "expires_on", "超过 30 年"),
    ],
)
def test_implausible_licence_dates_are_refused_by_field(
    client, personas, mine, issued_on, expires_on, field, words
):
    login_as(client, personas, "township")
    before = mine.licences.count()
    body = {"kind": "safety_production", "number": "X-9", "issued_on": issued_on}
    body["expires_on"] = expires_on
    response = _json(client, "post", f"/api/v1/enterprises/{mine.pk}/licences", body)
    assert response.status_code == 422, response.content
    assert response.json()["details"]["field"] == field and words in response.json()["message"]
    assert mine.licences.count() == before


def test_a_licence_and_a_person_carry_their_version(client, personas, mine):
    login_as(client, personas, "township")
    licences = client.get(f"/api/v1/enterprises/{mine.pk}/licences").json()
    people = client.get(f"/api/v1/enterprises/{mine.pk}/people").json()
    assert licences and all(isinstance(row["version"], int) for row in licences)
    assert people and all(isinstance(row["version"], int) for row in people)
