"""The plans part's API and pages: usage answers {"year", "cap", "used"}, plans are created as
drafts with Chinese refusals, the override is the named authority's, the public page shows no
personal data."""

import json

from django.utils import timezone

from anjian.core.models import AuditEvent
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import CapOverride, InspectionPlan
from tests.matrix import login_as

YEAR = timezone.localdate().year
CHEM = "东湖精细化工有限公司"
WEST = "西山新型建材有限公司"


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_usage_answers_year_cap_and_used(client, personas):
    chem = Enterprise.objects.get(name=CHEM)
    login_as(client, personas, "district")
    answer = client.get(f"/api/v1/enterprises/{chem.pk}/inspection-usage").json()
    assert {k: answer[k] for k in ("year", "cap")} == {"year": YEAR, "cap": 8}
    assert isinstance(answer["used"], int) and answer["category"] == "level3"
    old = client.get(f"/api/v1/enterprises/{chem.pk}/inspection-usage?year=2020").json()
    assert old["year"] == 2020 and old["used"] == 0 and old["category"] == ""
    west = Enterprise.objects.get(name=WEST)
    assert client.get(f"/api/v1/enterprises/{west.pk}/inspection-usage").status_code == 404
    login_as(client, personas, "ent_manager")
    assert client.get(f"/api/v1/enterprises/{chem.pk}/inspection-usage").status_code == 403


def test_a_plan_is_created_as_a_draft_and_refusals_are_chinese(client, personas):
    login_as(client, personas, "district")
    bad = _post(
        client, "/api/v1/inspection-plans", {"title": "x", "year": 2031, "monthly_quotas": [1]}
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid" and "12 个数字" in bad.json()["message"]
    made = _post(
        client,
        "/api/v1/inspection-plans",
        {"title": "2031年度计划", "year": 2031, "monthly_quotas": [2] * 12},
    )
    assert made.status_code == 201, made.content
    plan = made.json()
    assert plan["status"] == "draft" and plan["actions"] == ["submit"]
    assert plan["office_name"] == "东湖区应急管理局"
    changed = client.patch(
        f"/api/v1/inspection-plans/{plan['id']}",
        json.dumps({"special_checks": "危化品专项"}),
        content_type="application/json",
        headers={"If-Match": str(plan["version"])},
    )
    assert changed.status_code == 200 and changed.json()["special_checks"] == "危化品专项"
    assert changed.json()["title"] == "2031年度计划"
    sent = _post(client, f"/api/v1/inspection-plans/{plan['id']}/transitions", {"action": "submit"})
    assert sent.json()["status"] == "submitted"
    own = _post(client, f"/api/v1/inspection-plans/{plan['id']}/transitions", {"action": "approve"})
    assert own.status_code == 403  # not by its author
    login_as(client, personas, "city")
    approved = _post(
        client, f"/api/v1/inspection-plans/{plan['id']}/transitions", {"action": "approve"}
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"


def test_plans_are_listed_in_scope_with_a_cursor(client, personas):
    login_as(client, personas, "district_b")
    page = client.get("/api/v1/inspection-plans?limit=1").json()
    assert [p["office_name"] for p in page["items"]] == ["西山区应急管理局"]
    login_as(client, personas, "city")
    first = client.get("/api/v1/inspection-plans?limit=1").json()
    second = client.get(f"/api/v1/inspection-plans?limit=1&cursor={first['next_cursor']}").json()
    assert {first["items"][0]["id"], second["items"][0]["id"]} == set(
        InspectionPlan.objects.values_list("id", flat=True)
    )


def test_an_override_over_the_api_is_the_named_authoritys_and_audited(client, personas):
    chem = Enterprise.objects.get(name=CHEM)
    url = f"/api/v1/enterprises/{chem.pk}/inspection-cap-overrides"
    login_as(client, personas, "district")
    assert _post(client, url, {"year": YEAR, "reason": "群众举报核查"}).status_code == 403
    login_as(client, personas, "city")
    short = _post(client, url, {"year": YEAR, "reason": "查"})
    assert short.status_code == 422 and "理由" in short.json()["message"]
    made = _post(client, url, {"year": YEAR, "reason": "群众举报核查"})
    assert made.status_code == 201 and made.json()["authorised_by"] == "陈市安"
    assert CapOverride.objects.filter(enterprise=chem, reason="群众举报核查").exists()
    assert AuditEvent.objects.filter(event_type="inspection.cap_override").exists()


def test_the_enterprise_page_shows_the_usage_meter(client, personas):
    chem = Enterprise.objects.get(name=CHEM)
    login_as(client, personas, "city")
    page = client.get(f"/enterprises/{chem.pk}/").content.decode()
    assert "本年度已检查" in page and "上限 <strong>8</strong>" in page
    assert "批准超上限检查" in page  # the city holds the override right
    login_as(client, personas, "district")
    page = client.get(f"/enterprises/{chem.pk}/").content.decode()
    assert "本年度已检查" in page and "批准超上限检查" not in page


def test_the_override_page_asks_for_a_reason(client, personas):
    chem = Enterprise.objects.get(name=CHEM)
    login_as(client, personas, "city")
    url = f"/inspections/enterprises/{chem.pk}/cap-override/"
    refused = client.post(url, {"year": YEAR, "reason": ""})
    assert refused.status_code == 422 and "这个字段是必填项" in refused.content.decode()
    done = client.post(url, {"year": YEAR, "reason": "事故调查需要"})
    assert done.status_code == 302
    assert "事故调查需要" in client.get(f"/enterprises/{chem.pk}/").content.decode()


def test_the_public_page_shows_the_published_plan_without_personal_data(client, personas):
    plan = InspectionPlan.objects.get(status="published")
    page = client.get(f"/inspections/public/plans/{plan.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert plan.title in text and CHEM in text and "专项检查" in text
    for person in ("李区安", "陈市安", plan.created_by.username, "city", "district"):
        assert person not in text.replace("districts", "")
    draft = InspectionPlan.objects.get(status="draft")
    assert client.get(f"/inspections/public/plans/{draft.pk}/").status_code == 404


def test_the_plan_page_shows_progress_and_refuses_a_full_key_enterprise(client, personas):
    plan = InspectionPlan.objects.get(status="draft")  # district B's
    login_as(client, personas, "district_b")
    page = client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert "计划执行进度" in page and "列入重点检查企业" in page
    west = Enterprise.objects.get(name=WEST)
    added = client.post(f"/inspections/plans/{plan.pk}/key-enterprises/", {"enterprise": west.pk})
    assert added.status_code == 302
    assert west in plan.key_enterprises.all()


def test_the_class_list_filters_by_class(client, personas):
    login_as(client, personas, "district")
    page = client.get("/inspections/classes/?category=level3").content.decode()
    assert CHEM in page and "东湖机械制造有限公司" not in page  # 二级
    assert "8 次" in page


def test_the_class_list_and_the_plan_page_take_a_fixed_number_of_queries(
    client, personas, django_assert_max_num_queries
):
    login_as(client, personas, "city")
    client.get("/inspections/classes/")  # warm the session and the caches
    with django_assert_max_num_queries(25):
        page = client.get("/inspections/classes/?per_page=100")
    assert page.content.decode().count("/ 12 次") >= 3  # every row with its usage, one page
    plan = InspectionPlan.objects.get(status="published")
    with django_assert_max_num_queries(35):
        assert client.get(f"/inspections/plans/{plan.pk}/").status_code == 200
