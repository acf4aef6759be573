"""The visits pages: planning (with the joint proposal), the detail page and its panel, and the
phone checklist whose cards save one at a time."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from anjian.accounts.models import User
from anjian.core.models import Attachment
from anjian.enterprises.models import Enterprise
from anjian.inspections import services_visits
from anjian.inspections.models import Finding, Inspection, InspectorProfile
from anjian.inspections.seeds_visits import demo_items
from tests.matrix import login_as

CHEM = "东湖精细化工有限公司"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def visit(personas):
    return Inspection.objects.get(enterprise__name=CHEM, status="in_progress")


@pytest.fixture
def fresh(personas):
    """A started inspection with an empty checklist."""
    chem = Enterprise.objects.get(name=CHEM)
    made = services_visits.inspection_create(
        actor=personas["district"],
        enterprise=chem,
        planned_on=timezone.localdate() + timedelta(days=30),
        team=[personas["district"], User.objects.get(username="inspector2")],
        items=demo_items(),
        kind="higher_special",
    )
    return services_visits.inspection_transition(
        actor=personas["district"], inspection=made, action="start"
    )


def png(name="现场.png"):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def test_the_detail_page_shows_team_findings_and_the_checklist_link(client, personas, visit):
    login_as(client, personas, "district")
    finished = Inspection.objects.get(enterprise__name=CHEM, status="rechecking")
    html = client.get(f"/inspections/{finished.pk}/").content.decode()
    assert "检查组与检查结果" in html and "钱执法" in html and "孔专家" in html
    assert "已转为隐患" in html and "违法行为线索" in html
    html = client.get(f"/inspections/{visit.pk}/").content.decode()
    assert f"/inspections/{visit.pk}/checklist/" in html
    login_as(client, personas, "city")
    html = client.get(f"/inspections/{visit.pk}/").content.decode()
    assert f"/inspections/{visit.pk}/checklist/" not in html  # not on the team


def test_the_checklist_is_for_the_team_only(client, personas, visit):
    login_as(client, personas, "district")
    html = client.get(f"/inspections/{visit.pk}/checklist/").content.decode()
    assert "已查" in html and 'capture="environment"' in html and "符合" in html
    login_as(client, personas, "township")
    assert client.get(f"/inspections/{visit.pk}/checklist/").status_code == 403


def test_a_card_saves_at_once_and_rerenders(client, personas, fresh):
    login_as(client, personas, "district")
    item = demo_items()[0]
    url = f"/inspections/{fresh.pk}/checklist/findings/"
    answer = client.post(
        url, {"item": item.pk, "result": "conform", "lat": "30.5", "lon": "114.3"}, **HX
    )
    assert answer.status_code == 200 and "已保存" in answer.content.decode()
    assert answer["HX-Trigger"] == "inspection-progress"
    finding = Finding.objects.get(inspection=fresh, item=item)
    assert finding.result == "conform" and finding.latitude is not None
    progress = client.get(f"/inspections/{fresh.pk}/checklist/progress/").content.decode()
    assert f"已查 1/{len(demo_items())}" in progress


def test_a_refused_card_keeps_its_photo(client, personas, fresh):
    login_as(client, personas, "district")
    item = demo_items()[1]
    url = f"/inspections/{fresh.pk}/checklist/findings/"
    refused = client.post(
        url, {"item": item.pk, "result": "nonconform", "becomes": "hazard", "photos": png()}, **HX
    )
    html = refused.content.decode()
    assert refused.status_code == 200 and "请选择标准隐患描述或填写问题描述" in html
    kept = Attachment.objects.get(uploaded_by=personas["district"], content_type__isnull=True)
    assert f'name="staged" value="{kept.pk}"' in html
    saved = client.post(
        url,
        {
            "item": item.pk,
            "result": "nonconform",
            "becomes": "hazard",
            "text": "反应釜联锁未投用",
            "staged": str(kept.pk),
        },
        **HX,
    )
    assert "已转为隐患" in saved.content.decode()
    finding = Finding.objects.get(inspection=fresh, item=item)
    kept.refresh_from_db()
    assert kept.object_id == str(finding.hazard_id)


def test_an_ad_hoc_finding_needs_words(client, personas, fresh):
    login_as(client, personas, "district")
    url = f"/inspections/{fresh.pk}/checklist/findings/"
    assert "请填写问题描述" in client.post(url, {"result": "nonconform"}, **HX).content.decode()
    saved = client.post(url, {"result": "nonconform", "text": "配电箱无门"}, **HX)
    assert "配电箱无门" in saved.content.decode()
    assert Finding.objects.filter(inspection=fresh, item__isnull=True).count() == 1


def test_the_create_page_proposes_a_joint_inspection_first(client, personas):
    chem = Enterprise.objects.get(name=CHEM)
    township = personas["township"]
    colleague = User.objects.create_user(
        username="township2", password="x-Passw0rd!", organisation=township.organisation
    )
    colleague.roles.set(township.roles.all())
    InspectorProfile.objects.create(user=colleague, certificate_number="1")
    day = timezone.localdate() + timedelta(days=40)
    theirs = services_visits.inspection_create(
        actor=township,
        enterprise=chem,
        planned_on=day,
        team=[township, colleague],
        kind="higher_special",
    )
    login_as(client, personas, "district")
    second = User.objects.get(username="inspector2")
    form = {
        "enterprise": chem.pk,
        "planned_on": (day + timedelta(days=3)).isoformat(),
        "origin": "ad_hoc",
        "kind": "higher_special",
        "team": [personas["district"].pk, second.pk],
        "lead": personas["district"].pk,
    }
    first = client.post("/inspections/new/", form)
    html = first.content.decode()
    assert first.status_code == 422
    assert (
        f"{township.organisation.name} 已安排 {day.month}月{day.day}日 检查该企业，建议联合检查"
        in html
    )
    assert f'value="{theirs.pk}"' in html
    done = client.post(
        "/inspections/new/", {**form, "joint": [theirs.pk], "joint_seen": str(theirs.pk)}
    )
    assert done.status_code == 302
    theirs.refresh_from_db()
    assert theirs.joint_with is not None


def test_starting_at_the_cap_in_the_dialog_shows_the_reason_and_is_audited(client, personas):
    from anjian.core.models import AuditEvent
    from anjian.inspections.models import EnterpriseClass

    chem = Enterprise.objects.get(name=CHEM)
    team = [personas["district"], User.objects.get(username="inspector2")]
    day = timezone.localdate().replace(year=timezone.localdate().year + 1, month=3, day=2)
    first, second = (
        services_visits.inspection_create(
            actor=personas["district"], enterprise=chem, planned_on=day, team=team
        )
        for _ in range(2)
    )
    EnterpriseClass.objects.create(
        enterprise=chem, year=day.year, scheme="demo", category="一级", cap=1
    )
    services_visits.inspection_transition(
        actor=personas["district"], inspection=first, action="start"
    )
    login_as(client, personas, "district")
    answer = client.post(
        f"/inspections/{second.pk}/actions/start/", {"version": second.version}, **HX
    )
    assert "达到年度检查次数上限 1 次" in answer.content.decode()
    second.refresh_from_db()
    assert second.status == "planned"
    assert AuditEvent.objects.filter(
        event_type="inspection.cap_refused", object_id=str(chem.pk)
    ).exists()


def test_the_page_offers_no_signing_button_of_its_own(client, personas, visit):
    login_as(client, personas, "district")
    html = client.get(f"/inspections/{visit.pk}/").content.decode()
    assert 'data-testid="action-sign"' not in html
    refused = client.post(
        f"/inspections/{visit.pk}/actions/sign/", {"version": visit.version}, **HX
    )
    assert "一次签名完成" in refused.content.decode()
