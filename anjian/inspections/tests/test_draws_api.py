"""The draws API: POST answers the commitment and never the seed; the detail shows the seed and
the result only once revealed; scoped lists and 404 outside the office's region."""

import json

import pytest

from anjian.core.models import AuditEvent
from anjian.inspections.models import Draw, Inspection
from anjian.standards import random_draw as rd
from tests.matrix import login_as

BODY = {
    "title": "建筑施工企业抽查",
    "pool_filters": {"sector": "construction"},
    "count": 2,
    "team_size": 2,
    "planned_on": "2026-10-12",
}


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_commit_answers_the_commitment_and_hides_the_seed(client, personas):
    login_as(client, personas, "district")
    response = post(client, "/api/v1/draws", BODY)
    assert response.status_code == 201, response.content
    body = response.json()
    draw = Draw.objects.get(pk=body["id"])
    assert body["status"] == "committed" and body["seed"] is None and body["result"] is None
    assert body["commitment"] == rd.commitment(draw.seed)
    assert body["inputs_digest"] == rd.inputs_digest(body["inputs"])
    assert body["algorithm"] == rd.ALGORITHM and "抽" in body["number"]
    detail = client.get(f"/api/v1/draws/{draw.pk}")
    assert detail.status_code == 200 and draw.seed not in detail.content.decode()
    listing = client.get("/api/v1/draws").content.decode()
    assert draw.number in listing and draw.seed not in listing
    audit = " ".join(str(e.after) for e in AuditEvent.objects.filter(object_id=str(draw.pk)))
    assert draw.seed not in audit

    revealed = post(client, f"/api/v1/draws/{draw.pk}/reveal")
    assert revealed.status_code == 200, revealed.content
    body = revealed.json()
    assert body["seed"] == draw.seed and body["status"] == "revealed"
    assert body["result"]["picks"] == rd.run(body["inputs"], body["seed"]).as_dict()["picks"]
    assert Inspection.objects.filter(draw=draw).count() == 2
    again = post(client, f"/api/v1/draws/{draw.pk}/reveal")
    assert again.status_code == 409 and again.json()["code"]


@pytest.mark.parametrize(
    "change, field",
    [({"count": 0}, "count"), ({"team_size": 1}, "team_size"), ({"title": ""}, "title")],
)
def test_bad_input_gets_a_chinese_422(client, personas, change, field):
    login_as(client, personas, "district")
    response = post(client, "/api/v1/draws", {**BODY, **change})
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"code", "message", "details"} and field in body["message"]


def test_an_empty_pool_is_a_422_in_words(client, personas):
    login_as(client, personas, "district")
    response = post(client, "/api/v1/draws", {**BODY, "pool_filters": {"sector": "none"}})
    assert response.status_code == 422
    assert "没有可抽取的企业" in response.json()["message"]


def test_another_district_sees_neither_the_draw_nor_may_reveal_it(client, personas, demo):
    draw = Draw.objects.get(number__startswith="东湖区应急管理局")
    login_as(client, personas, "district_b")
    assert client.get(f"/api/v1/draws/{draw.pk}").status_code == 404
    assert post(client, f"/api/v1/draws/{draw.pk}/reveal").status_code == 404
    assert draw.number not in client.get("/api/v1/draws").content.decode()
    login_as(client, personas, "ent_manager")
    assert client.get("/api/v1/draws").status_code == 403
    assert post(client, "/api/v1/draws", BODY).status_code == 403
