"""The visits API: shapes, the scoped list, the create and its Chinese refusals, transitions
and findings."""

import io
import json

import pytest
from PIL import Image

from anjian.accounts.models import User
from anjian.core.models import AuditEvent
from anjian.enterprises.models import Enterprise
from anjian.hazards.models import Hazard
from anjian.inspections.models import EnterpriseClass, Inspection
from anjian.inspections.seeds_visits import demo_items
from tests.matrix import login_as

CHEM = "东湖精细化工有限公司"


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def chem(personas):
    return Enterprise.objects.get(name=CHEM)


@pytest.fixture
def body(personas, chem):
    return {
        "enterprise": chem.pk,
        "planned_on": "2027-04-01",
        "team": [personas["district"].pk, User.objects.get(username="inspector2").pk],
        "items": [i.pk for i in demo_items()],
    }


def test_the_list_is_scoped_and_hides_unannounced_checks_from_the_enterprise(client, personas):
    district = personas["district"]
    login_as(client, personas, "district")
    seen = {row["number"] for row in client.get("/api/v1/inspections?limit=50").json()["items"]}
    visible = Inspection.objects.visible_to(district)
    assert seen == set(visible.values_list("number", flat=True))
    assert not Inspection.objects.exclude(pk__in=visible.values("pk")).filter(
        region_code__startswith=district.organisation.region_code[:6]
    )  # the whole district, and nothing of the other district
    assert Inspection.objects.exclude(pk__in=visible.values("pk")).exists()
    login_as(client, personas, "ent_manager")
    rows = client.get("/api/v1/inspections?limit=50").json()["items"]
    own = Inspection.objects.filter(enterprise__name=CHEM)
    assert {r["number"] for r in rows} == set(
        own.filter(unannounced=False).values_list("number", flat=True)
    )  # the unannounced planned one is hidden
    hidden = Inspection.objects.get(enterprise__name=CHEM, unannounced=True)
    assert client.get(f"/api/v1/inspections/{hidden.pk}").status_code == 404
    login_as(client, personas, "other_ent")
    assert client.get("/api/v1/inspections").json()["items"] == []


def test_the_detail_carries_team_items_findings_and_actions(client, personas):
    visit = Inspection.objects.get(enterprise__name=CHEM, status="rechecking")
    login_as(client, personas, "district")
    data = client.get(f"/api/v1/inspections/{visit.pk}").json()
    assert {m["role"] for m in data["team"]} == {"lead", "member", "expert"}
    assert len(data["items"]) == len(data["findings"]) > 2
    hazard = next(f for f in data["findings"] if f["becomes"] == "hazard")
    assert hazard["hazard_number"].startswith("YH") and hazard["deadline"]
    assert any(f["violation"] for f in data["findings"])
    assert "start" not in data["actions"]


def test_create_answers_201_and_refuses_in_chinese(client, personas, body, chem):
    login_as(client, personas, "district")
    made = _post(client, "/api/v1/inspections", body)
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "planned" and len(made.json()["team"]) == 2
    bad = _post(
        client,
        "/api/v1/inspections",
        {**body, "team": [personas["district"].pk, personas["grid"].pk]},
    )
    assert bad.status_code == 422 and "持有效行政执法证" in bad.json()["message"]
    EnterpriseClass.objects.create(
        enterprise=chem, year=2027, scheme="demo", category="一级", cap=1
    )
    capped = _post(client, "/api/v1/inspections", {**body, "planned_on": "2027-05-01"})
    assert capped.status_code == 422 and "达到年度检查次数上限" in capped.json()["message"]
    assert AuditEvent.objects.filter(event_type="inspection.cap_refused").exists()
    login_as(client, personas, "ent_manager")
    assert _post(client, "/api/v1/inspections", body).status_code == 403


def test_transitions_start_and_refuse_sign(client, personas, body):
    login_as(client, personas, "district")
    pk = _post(client, "/api/v1/inspections", body).json()["id"]
    url = f"/api/v1/inspections/{pk}/transitions"
    started = _post(client, url, {"action": "start", "lat": "30.51", "lon": "114.31"})
    assert started.status_code == 200 and started.json()["status"] == "in_progress"
    signed = _post(client, url, {"action": "sign"})
    assert signed.status_code == 422 and "现场签字" in signed.json()["message"]
    closed = _post(client, url, {"action": "close"})  # only a passed re-check closes a visit
    assert closed.status_code == 422 and "整改复查" in closed.json()["message"]
    login_as(client, personas, "city")
    assert _post(client, url, {"action": "close"}).status_code == 403


def _png():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(out, format="PNG")
    out.seek(0)
    out.name = "现场.png"
    return out


def test_findings_become_hazards_with_photos(client, personas, body):
    login_as(client, personas, "district")
    pk = _post(client, "/api/v1/inspections", body).json()["id"]
    _post(client, f"/api/v1/inspections/{pk}/transitions", {"action": "start"})
    photo = client.post("/api/v1/attachments", {"file": _png()})
    assert photo.status_code in (200, 201), photo.content
    item = demo_items()[3]
    answer = _post(
        client,
        f"/api/v1/inspections/{pk}/findings",
        {
            "item": item.pk,
            "result": "nonconform",
            "text": "动火作业无作业票",
            "becomes": "hazard",
            "photos": [photo.json()["id"]],
        },
    )
    assert answer.status_code == 201, answer.content
    data = answer.json()
    hazard = Hazard.objects.get(pk=data["hazard"])
    assert hazard.source == "inspection" and data["photos"] == [photo.json()["id"]]
    again = _post(
        client,
        f"/api/v1/inspections/{pk}/findings",
        {
            "item": item.pk,
            "result": "nonconform",
            "text": "x",
            "becomes": "violation",
            "version": data["version"],
        },
    )
    assert again.status_code == 422 and "不能再更改处理方式" in again.json()["message"]
    stale = _post(
        client,
        f"/api/v1/inspections/{pk}/findings",
        {"item": item.pk, "result": "nonconform", "text": "x", "becomes": "hazard", "version": 99},
    )
    assert stale.status_code == 412
