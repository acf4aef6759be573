"""Who answers for a hazard: the responsible office, listing by level, delegation, notices,
the oversight view, and the enterprise's governance plan with its review (API)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.accounts.models import Organisation
from anjian.core.errors import Forbidden, Invalid
from anjian.core.models import AuditEvent, Notification
from anjian.enterprises.models import Enterprise
from anjian.hazards import selectors
from anjian.hazards.services import hazard_report, hazard_transition
from tests.matrix import login_as

from .conftest import SIGN, approve_plan, draft_plan, photo

DUE = timezone.localdate() + timedelta(days=20)


def _major(personas, chem):
    actor = personas["township"]
    hazard = hazard_report(
        actor=actor,
        enterprise=chem,
        description="液氨储罐区未设置围堰",
        location="液氨罐区",
        source="inspection",
        signature=SIGN,
        attachment_ids=[photo(actor).pk],
    )
    return hazard_transition(
        actor=actor,
        hazard=hazard,
        action="confirm",
        grade="major",
        deadline=timezone.localdate() + timedelta(days=30),
        responsible_person="郑负责",
        measures="修建围堰",
    )


def _office(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _list(personas, hazard, who, level, office):
    return hazard_transition(
        actor=personas[who], hazard=hazard, action="list", level=level, office=office.pk, due=DUE
    )


def test_the_responsible_office_is_the_station_or_the_sector_department(personas, chem):
    hazard = _major(personas, chem)
    assert hazard.responsible_office == _office("城东街道安全生产监督站")
    build = Enterprise.objects.get(name="城东建设工程有限公司")
    grid_hazard = selectors.Hazard.objects.get(enterprise=build, description="脚手架连墙件缺失")
    assert grid_hazard.responsible_office == _office("东湖区住房和城乡建设局")


def test_only_the_responsible_office_confirms(personas, chem):
    actor = personas["ent_manager"]
    hazard = hazard_report(
        actor=personas["grid"],
        enterprise=chem,
        description="灭火器过期",
        location="仓库",
        source="grid",
        signature=SIGN,
        attachment_ids=[photo(personas["grid"]).pk],
    )
    for who in ("city", "district", "ent_manager"):
        with pytest.raises(Forbidden):
            hazard_transition(
                actor=personas[who],
                hazard=hazard,
                action="confirm",
                grade="general",
                deadline=DUE,
                responsible_person="吴安全",
                measures="更换",
            )
    assert actor.pk != hazard.found_by_id
    assert hazard.pk in {h.pk for h in selectors.work_queue(personas["township"])}
    assert hazard.pk not in {h.pk for h in selectors.work_queue(personas["district"])}


def test_higher_levels_get_an_oversight_view_not_a_to_do(personas, chem):
    hazard = _major(personas, chem)
    oversight = selectors.oversight(personas["city"])
    assert hazard.pk in {h.pk for h in oversight["hazards"]}
    assert oversight["counts"]["major"] >= 1
    assert selectors.oversight(personas["ent_manager"]) is None
    assert hazard.pk not in {h.pk for h in selectors.oversight(personas["township"])["hazards"]}


def test_a_township_officer_cannot_list_above_his_level_and_an_office_is_required(personas, chem):
    hazard = _major(personas, chem)
    with pytest.raises(Invalid, match="不能挂牌市级督办"):
        _list(personas, hazard, "township", "city", _office("示范市应急管理局"))
    with pytest.raises(Invalid, match="督办单位"):
        hazard_transition(
            actor=personas["township"], hazard=hazard, action="list", level="township", due=DUE
        )
    with pytest.raises(Invalid, match="督办单位"):  # an office of another level
        _list(personas, hazard, "township", "township", _office("东湖区应急管理局"))
    hazard = _list(personas, hazard, "township", "township", _office("城东街道安全生产监督站"))
    assert hazard.listed and hazard.listing_office == "城东街道安全生产监督站"


def test_only_the_listing_level_accepts_lifts_or_delegates(
    personas, chem, django_capture_on_commit_callbacks
):
    hazard = _major(personas, chem)
    with django_capture_on_commit_callbacks(execute=True):
        hazard = _list(personas, hazard, "city", "city", _office("示范市应急管理局"))
    listed = Notification.objects.filter(title__contains="已挂牌督办")
    assert listed.filter(recipient=personas["city"]).exists()  # the supervising office
    assert listed.filter(recipient=personas["district"]).exists()  # one level above
    assert [t.action for t in selectors.actions_for(personas["township"], hazard)] == ["extend"]
    approve_plan(personas, hazard)
    hazard = hazard_transition(
        actor=personas["ent_manager"],
        hazard=hazard,
        action="submit",
        note="围堰已建成",
        signature=SIGN,
        attachments=[photo(personas["ent_manager"], (0, 200, 0)).pk],
    )
    with pytest.raises(Forbidden):
        hazard_transition(
            actor=personas["township"], hazard=hazard, action="accept", opinion="好", signature=SIGN
        )
    with pytest.raises(Forbidden):
        hazard_transition(actor=personas["district"], hazard=hazard, action="unlist", reason="x")
    hazard = hazard_transition(
        actor=personas["city"],
        hazard=hazard,
        action="delegate",
        office=_office("东湖区应急管理局").pk,
        reason="委托区局现场核查",
    )
    assert AuditEvent.objects.filter(
        event_type="hazard.delegate", object_id=str(hazard.pk)
    ).exists()
    with pytest.raises(Forbidden):  # a delegate accepts but does not lift the listing
        hazard_transition(actor=personas["district"], hazard=hazard, action="unlist", reason="x")
    with django_capture_on_commit_callbacks(execute=True):
        hazard = hazard_transition(
            actor=personas["district"],
            hazard=hazard,
            action="accept",
            opinion="同意",
            signature=SIGN,
        )
    assert hazard.status == "closed"
    closed = Notification.objects.filter(title__contains="已验收销号", recipient=personas["city"])
    assert closed.exists()


def test_unlist_is_not_offered_on_a_hazard_never_listed(personas, chem):
    hazard = _major(personas, chem)
    actions = {t.action for t in selectors.actions_for(personas["township"], hazard)}
    assert "list" in actions and "unlist" not in actions and "delegate" not in actions


def test_the_office_follows_the_enterprise_when_it_moves(personas, chem):
    from anjian.core.records.models import follow_enterprises
    from anjian.regions.models import Region

    hazard = _major(personas, chem)
    west = Region.objects.get(code="990103001000")
    Enterprise.objects.filter(pk=chem.pk).update(region=west, region_code=west.code, grid=None)
    follow_enterprises([chem.pk])
    hazard.refresh_from_db()
    assert hazard.responsible_office == _office("西城街道安全生产监督站")
    assert hazard.region_code == west.code


# ---- the governance plan through the API ---------------------------------------------------


def _api(client, method, url, body=None):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def test_the_enterprise_drafts_and_submits_and_the_office_returns_then_approves(
    client, personas, chem, django_capture_on_commit_callbacks
):
    hazard = _major(personas, chem)
    url = f"/api/v1/hazards/{hazard.pk}/plan"
    login_as(client, personas, "township")
    assert client.get(url).json()["status"] == "draft"
    assert _api(client, "put", url, {"goals": "x"}).status_code == 403  # the regulator
    login_as(client, personas, "ent_principal")
    body = {"goals": "一个月内消除", "measures": "修建围堰"}
    response = _api(client, "put", url, body)
    assert response.status_code == 200 and response.json()["goals"] == "一个月内消除"
    refused = _api(client, "post", f"{url}/transitions", {"action": "submit"})
    assert refused.status_code == 422 and "经费和物资的落实" in refused.json()["message"]
    too_long = _api(client, "put", url, {"funds_and_materials": "款" * 2001})
    assert too_long.status_code == 422
    draft_plan(personas, hazard)
    submitted = _api(client, "post", f"{url}/transitions", {"action": "submit"})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert _api(client, "put", url, {"goals": "改"}).status_code == 409
    login_as(client, personas, "district")  # oversees, does not review
    assert _api(client, "post", f"{url}/transitions", {"action": "approve"}).status_code == 403
    login_as(client, personas, "township")
    no_reason = _api(client, "post", f"{url}/transitions", {"action": "return"})
    assert no_reason.status_code == 422
    returned = _api(
        client, "post", f"{url}/transitions", {"action": "return", "reason": "经费不明"}
    )
    assert (
        returned.json()["status"] == "returned" and returned.json()["review_comment"] == "经费不明"
    )
    login_as(client, personas, "ent_principal")
    assert _api(client, "put", url, {"funds_and_materials": "专项 5 万元"}).status_code == 200
    assert _api(client, "post", f"{url}/transitions", {"action": "submit"}).status_code == 200
    login_as(client, personas, "township")
    with django_capture_on_commit_callbacks(execute=True):
        approved = _api(
            client, "post", f"{url}/transitions", {"action": "approve", "comment": "同意"}
        )
    assert approved.json()["status"] == "approved"
    assert Notification.objects.filter(
        recipient=personas["ent_principal"], title__contains="治理方案已同意"
    ).exists()


def test_the_plan_page_lets_the_enterprise_save_and_submit(client, personas, chem):
    hazard = _major(personas, chem)
    login_as(client, personas, "ent_principal")
    page = client.get(f"/hazards/{hazard.pk}/plan/")
    assert page.status_code == 200 and 'data-testid="plan-save"' in page.content.decode()
    parts = {
        "goals": "一个月内消除",
        "measures": "修建围堰",
        "funds_and_materials": "5 万元",
        "organisation_and_people": "设备部",
        "deadline_and_requirements": "30 日",
        "safety_and_emergency": "停用罐区",
    }
    refused = client.post(f"/hazards/{hazard.pk}/plan/", {**parts, "op": "submit"})
    assert refused.status_code == 422 and "治理方案文件" in refused.content.decode()
    assert "停用罐区" in refused.content.decode()  # what was typed is kept
    from .test_views import jpeg

    done = client.post(f"/hazards/{hazard.pk}/plan/", {**parts, "op": "submit", "document": jpeg()})
    assert done.status_code == 302
    hazard.plan.refresh_from_db()
    assert hazard.plan.status == "submitted"
    login_as(client, personas, "township")
    page = client.get(f"/hazards/{hazard.pk}/plan/").content.decode()
    assert 'data-testid="plan-approve"' in page and 'data-testid="plan-save"' not in page


def test_the_list_reads_the_responsible_office_without_a_query_per_hazard(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_as(client, personas, "city")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/hazards?limit=1")
    with CaptureQueriesContext(connection) as many:
        rows = client.get("/api/v1/hazards?limit=50").json()
    assert len(rows["items"]) >= 5
    assert {row["responsible_office"] for row in rows["items"]} >= {"城东街道安全生产监督站"}
    assert len(many) == len(few)
