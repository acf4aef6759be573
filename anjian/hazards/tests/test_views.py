"""Hazard pages: who sees which hazard, the report form, every dialog action through the page
for the right persona and refused for the wrong one, the queue, statistics and exports.

Expected sets come from where each demo hazard is (which enterprise), never from the scoping
code under test.
"""

import base64
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from anjian.core.models import Attachment, Signature, TransitionRecord
from anjian.hazards.models import Hazard
from anjian.hazards.services import hazard_transition
from anjian.hazards.workflow import hazard_photos
from tests.matrix import check_page_matrix, login_as

from .conftest import SIGN
from .test_api import _expected

HX = {"HX-Request": "true"}


def jpeg(colour=(200, 40, 40), name="现场.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), colour).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def drawn_signature() -> str:
    out = io.BytesIO()
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    for x in range(40, 260):
        image.putpixel((x, 50 + (x % 20) // 4), (24, 36, 51, 255))
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def demo(description: str) -> Hazard:
    return Hazard.objects.get(description=description)


REPORTED_SELF = "消防通道被包装物堵塞"  # chem, self-check, 待确认
REPORTED_GRID = "脚手架连墙件缺失"  # construction site, grid patrol, 待确认
RECTIFYING = "装卸作业未设置静电接地报警"  # chem, inspection, general, 整改中
MAJOR = "可燃气体报警器未投用"  # chem, inspection, major, 整改中, listed
OTHER = "除尘系统未定期清灰"  # the other enterprise, 待确认
INSPECTION_FOUND = "气体检测报警仪未按期检定"  # chem, found by an inspection, 待确认
REPORTED_BRIDGE = "沥青罐区未设置围堰"  # a construction firm in another township, 待确认
REPORTED_LABOUR = "基坑临边防护栏杆缺失"  # a construction firm in district B, 待确认


def act(client, hazard: Hazard, action: str, data: dict | None = None, **headers):
    body = {"version": hazard.version, **(data or {})}
    return client.post(f"/hazards/{hazard.pk}/actions/{action}/", body, headers=headers)


def confirm_data(**extra) -> dict:
    deadline = timezone.localdate() + timedelta(days=10)
    return {
        "grade": "general",
        "deadline": deadline.isoformat(),
        "responsible_person": "吴安全",
        "measures": "清理通道",
        **extra,
    }


def submitted(personas, description=RECTIFYING) -> Hazard:
    hazard = demo(description)
    return hazard_transition(
        actor=personas["ent_manager"],
        hazard=hazard,
        action="submit",
        note="已整改",
        signature=SIGN,
        no_photo_reason="报警器在控制柜内",
    )


# ---- who sees what ------------------------------------------------------------------------


def test_the_hazard_page_matrix(client, personas):
    names = dict(Hazard.objects.values_list("id", "enterprise__name"))
    check_page_matrix(
        client,
        personas,
        url=lambda pk: f"/hazards/{pk}/",
        expected=_expected(names),
        all_keys=names,
    )


@pytest.mark.parametrize(
    "name",
    [
        "city",
        "district",
        "district_b",
        "township",
        "sector",
        "grid",
        "ent_manager",
        "ent_principal",
        "other_ent",
    ],
)
def test_the_list_shows_exactly_the_hazards_in_scope(client, personas, name):
    expected = _expected(dict(Hazard.objects.values_list("id", "enterprise__name")))[name]
    login_as(client, personas, name)
    response = client.get("/hazards/?per_page=100")
    assert response.status_code == 200
    assert {h.pk for h in response.context["page"]} == expected
    assert f"共 {len(expected)} 条" in response.content.decode()


def test_administrators_get_no_hazard_pages(client, personas):
    login_as(client, personas, "sysadmin")
    assert client.get("/hazards/").status_code == 403
    assert client.get(f"/hazards/{demo(MAJOR).pk}/").status_code == 404


def test_the_list_filters_marks_overdue_rows_and_exports_what_it_shows(client, personas):
    login_as(client, personas, "district")
    overdue = demo(RECTIFYING)
    Hazard.objects.filter(pk=overdue.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    page = client.get("/hazards/?grade=major")
    assert [h.description for h in page.context["page"]] == [MAJOR]
    html = client.get("/hazards/?overdue=true").content.decode()
    assert html.count('data-overdue="true"') == 1 and RECTIFYING in html
    assert "/hazards/export/?grade=major" in page.content.decode()
    data = b"".join(client.get("/hazards/export/?grade=major").streaming_content)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][rows[0].index("隐患描述")] == MAJOR


def test_the_hazard_page_shows_the_plan_photos_and_a_signed_timeline(client, personas):
    login_as(client, personas, "district")
    response = client.get(f"/hazards/{demo(MAJOR).pk}/")
    html = response.content.decode()
    for text in (
        "重大事故隐患治理方案",
        "经费和物资的落实",
        "区（县）级挂牌督办",
        "整改前（1）",
        "签名：<strong>赵镇安</strong>（账号确认签名）",
        "/closeout.pdf",
    ):
        assert text in html, text
    assert [row["record"].action for row in response.context["timeline"]] == [
        "report",
        "confirm",
        "list",
    ]
    assert {b["action"] for b in response.context["buttons"]} >= {"extend", "void", "unlist"}


# ---- the report form ----------------------------------------------------------------------


def report_form(**extra) -> dict:
    from anjian.enterprises.models import Enterprise

    chem = Enterprise.objects.get(name="东湖精细化工有限公司")
    return {
        "enterprise": chem.pk,
        "location": "3号泵房",
        "description": "泵体漏油未处置",
        "category": "site",
        "source": "self_check",
        "signature_method": "account",
        "photos": [jpeg()],
        **extra,
    }


def test_an_enterprise_reports_with_a_photo_and_an_account_signature(client, personas):
    login_as(client, personas, "ent_manager")
    form = client.get("/hazards/new/")
    assert form.status_code == 200
    html = form.content.decode()
    assert 'capture="environment"' in html and 'accept="image/*"' in html and "multiple" in html
    assert form.context["form"]["enterprise"].value() == personas["ent_manager"].scope.enterprise_id
    assert [v for v, _ in form.context["form"].fields["source"].choices] == ["self_check"]
    response = client.post("/hazards/new/", report_form())
    hazard = Hazard.objects.get(description="泵体漏油未处置")
    assert response.status_code == 302 and response["Location"] == f"/hazards/{hazard.pk}/"
    assert hazard.status == "reported" and hazard.found_by == personas["ent_manager"]
    record = TransitionRecord.objects.get(object_id=str(hazard.pk), action="report")
    assert record.signature.method == "account" and record.attachments.count() == 1
    assert record.attachments.get().kind == "before"


def test_a_handwritten_signature_is_kept_as_an_image_and_shown_to_the_regulator(client, personas):
    login_as(client, personas, "ent_manager")
    response = client.post(
        "/hazards/new/",
        report_form(signature_method="handwritten", signature_image=drawn_signature()),
    )
    assert response.status_code == 302
    hazard = Hazard.objects.get(description="泵体漏油未处置")
    signature = TransitionRecord.objects.get(object_id=str(hazard.pk), action="report").signature
    assert signature.method == "handwritten" and signature.image.mime == "image/png"
    url = f"/hazards/{hazard.pk}/signatures/{signature.pk}/"
    login_as(client, personas, "township")
    assert url in client.get(f"/hazards/{hazard.pk}/").content.decode()
    image = client.get(url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    login_as(client, personas, "other_ent")
    assert client.get(url).status_code == 404
    other_signature = Signature.objects.exclude(pk=signature.pk).first()
    login_as(client, personas, "township")
    assert client.get(f"/hazards/{hazard.pk}/signatures/{other_signature.pk}/").status_code == 404


def test_a_refused_report_saves_no_hazard_and_keeps_what_was_typed_and_the_photo(client, personas):
    login_as(client, personas, "ent_manager")
    hazards, files = Hazard.objects.count(), Attachment.objects.count()
    bad = "data:image/png;base64," + base64.b64encode(b"not a picture").decode()
    response = client.post(
        "/hazards/new/", report_form(signature_method="handwritten", signature_image=bad)
    )
    assert response.status_code == 422
    assert response.context["form"].errors["signature_method"]
    assert "泵体漏油未处置" in response.content.decode()
    assert Hazard.objects.count() == hazards
    assert Attachment.objects.count() == files + 1  # the photo, staged: bound to no record
    assert 'data-testid="kept-photos"' in response.content.decode()
    kept_ids = response.context["form"].data["kept_photos"]
    # the second try needs no new photo: the kept one is reported with the hazard
    again = client.post("/hazards/new/", report_form(photos=[], kept_photos=kept_ids))
    assert again.status_code == 302
    hazard = Hazard.objects.latest("id")
    assert [a.pk for a in hazard_photos(hazard, "before")] == [int(kept_ids)]
    empty_pad = client.post("/hazards/new/", report_form(signature_method="handwritten"))
    assert "请在签名板上手写签名" in empty_pad.content.decode()
    no_photo = client.post("/hazards/new/", report_form(photos=[]))
    assert "请至少拍摄一张隐患现场照片" in no_photo.content.decode()


def test_the_source_is_limited_to_the_reporters_role(client, personas):
    login_as(client, personas, "grid")
    form = client.get("/hazards/new/").context["form"]
    assert [v for v, _ in form.fields["source"].choices] == ["grid"]
    assert "grade" not in form.fields  # grid staff leave grading to the confirmation
    response = client.post("/hazards/new/", report_form(source="self_check"))
    assert response.status_code == 422 and "source" in response.context["form"].errors


# ---- the workflow dialogs -----------------------------------------------------------------


def test_the_dialog_loads_with_htmx_and_success_refreshes_the_page(client, personas):
    hazard = demo(REPORTED_SELF)
    login_as(client, personas, "township")
    dialog = client.get(f"/hazards/{hazard.pk}/actions/confirm/", headers=HX)
    assert dialog.status_code == 200
    assert 'class="modal-content"' in dialog.content.decode()
    assert "data-plan-parts" not in dialog.content.decode()  # the enterprise writes the plan
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    invalid = act(client, hazard, "confirm", confirm_data(grade="major", deadline=past), **HX)
    assert invalid.status_code == 200  # htmx swaps the dialog with the errors in it
    assert "整改期限不能早于今天" in invalid.content.decode()
    done = act(client, hazard, "confirm", confirm_data(grade="major"), **HX)
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    hazard.refresh_from_db()
    assert hazard.status == "rectifying" and hazard.plan.status == "draft"


def test_a_grid_officer_may_not_confirm_and_another_enterprise_gets_404(client, personas):
    hazard = demo(REPORTED_SELF)
    login_as(client, personas, "grid")
    assert client.get(f"/hazards/{hazard.pk}/actions/confirm/").status_code == 403
    assert act(client, hazard, "confirm", confirm_data()).status_code == 403
    login_as(client, personas, "other_ent")
    assert act(client, hazard, "confirm", confirm_data()).status_code == 404
    hazard.refresh_from_db()
    assert hazard.status == "reported"


def test_a_stale_or_already_handled_dialog_says_so_in_the_dialog(client, personas):
    hazard = demo(REPORTED_GRID)
    login_as(client, personas, "sector")  # the construction bureau works the building site
    stale = act(client, hazard, "confirm", {**confirm_data(), "version": hazard.version - 1})
    assert stale.status_code == 412 and "记录已被他人修改" in stale.content.decode()
    assert "清理通道" in stale.content.decode()  # what was typed is kept
    assert act(client, hazard, "confirm", confirm_data()).status_code == 302
    again = act(client, demo(REPORTED_GRID), "confirm", confirm_data())
    assert again.status_code == 409 and "请刷新后重试" in again.content.decode()


def test_the_enterprise_submits_with_after_photos_and_a_handwritten_signature(client, personas):
    hazard = demo(RECTIFYING)
    login_as(client, personas, "township")
    refused = act(client, hazard, "submit", {"note": "x", "signature_method": "account"})
    assert refused.status_code == 403
    login_as(client, personas, "ent_manager")
    response = act(
        client,
        hazard,
        "submit",
        {
            "note": "已加装静电接地报警器",
            "cost": "1.5",
            "photos": [jpeg((0, 160, 0), "后.jpg")],
            "signature_method": "handwritten",
            "signature_image": drawn_signature(),
        },
    )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == "pending_acceptance" and str(hazard.cost) == "1.50"
    record = TransitionRecord.objects.get(
        workflow="hazard", object_id=str(hazard.pk), action="submit"
    )
    assert record.signature.method == "handwritten"
    assert [a.kind for a in record.attachments.all()] == ["after"]


def test_nobody_accepts_their_own_work_and_the_grid_cannot_accept(client, personas):
    hazard = submitted(personas)
    for name, status in (("ent_manager", 403), ("grid", 403), ("other_ent", 404)):
        login_as(client, personas, name)
        page = client.get(f"/hazards/{hazard.pk}/")
        if status == 403:
            assert "accept" not in {b["action"] for b in page.context["buttons"]}
        body = {"opinion": "同意", "no_photo_reason": "核查", "signature_method": "account"}
        assert act(client, hazard, "accept", body).status_code == status, name
    hazard.refresh_from_db()
    assert hazard.status == "pending_acceptance"


def test_the_township_accepts_and_sees_why_there_is_no_after_photo(client, personas):
    hazard = submitted(personas)
    login_as(client, personas, "township")
    page = client.get(f"/hazards/{hazard.pk}/").content.decode()
    assert 'data-testid="no-photo-banner"' in page and "报警器在控制柜内" in page
    form = client.get(f"/hazards/{hazard.pk}/actions/accept/").context["form"]
    assert "报警器在控制柜内" in form.fields["opinion"].help_text
    done = act(
        client, hazard, "accept", {"opinion": "现场核查已整改", "signature_method": "account"}
    )
    assert done.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == "closed" and hazard.accepted_by == personas["township"]


def test_reject_void_extend_list_and_unlist_through_their_dialogs(client, personas):
    login_as(client, personas, "township")
    pending = submitted(personas)
    assert act(client, pending, "reject", {"reason": "照片不清楚"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == "rectifying"
    page = client.get(f"/hazards/{pending.pk}/").content.decode()
    assert 'data-testid="return-banner"' in page and "照片不清楚" in page
    new_deadline = (pending.deadline + timedelta(days=5)).isoformat()
    extended = act(client, pending, "extend", {"deadline": new_deadline, "reason": "设备未到货"})
    assert extended.status_code == 302
    major = demo(MAJOR)  # listed by the district: only the district lifts it
    assert act(client, major, "unlist", {"reason": "已整改"}).status_code == 403
    login_as(client, personas, "district")
    assert act(client, major, "unlist", {"reason": "改由市级督办"}).status_code == 302
    major.refresh_from_db()
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    city_office = personas["city"].organisation_id
    body = {"level": "city", "office": city_office, "due": due}
    refused = act(client, major, "list", body)
    assert refused.status_code == 422 and "不能挂牌市级督办" in refused.content.decode()
    login_as(client, personas, "city")
    assert act(client, major, "list", body).status_code == 302
    major.refresh_from_db()
    assert major.listed and major.listing_level == "city" and major.listing_org_id == city_office
    login_as(client, personas, "sector")
    voided = demo(REPORTED_GRID)
    assert act(client, voided, "void", {"reason": ""}).status_code == 422
    assert act(client, voided, "void", {"reason": "重复上报"}).status_code == 302
    login_as(client, personas, "ent_manager")
    assert act(client, major, "unlist", {"reason": "x"}).status_code == 403
    assert act(client, demo(RECTIFYING), "void", {"reason": "x"}).status_code == 403


# ---- queue, statistics, printing ----------------------------------------------------------

# Only the responsible office works a hazard: the township station for the chemical works,
# the district's construction bureau for the builders; the West Hills hazards belong to a
# station with no persona. The city and the districts oversee (see test_responsibility).
QUEUES = {
    "city": set(),
    "district": set(),
    "district_b": set(),
    "township": {REPORTED_SELF, INSPECTION_FOUND},
    "sector": {REPORTED_GRID, REPORTED_BRIDGE},
    "grid": set(),
    "ent_manager": {REPORTED_SELF, RECTIFYING, MAJOR},
    "ent_principal": {REPORTED_SELF, RECTIFYING, MAJOR},
    "other_ent": {OTHER},
}


@pytest.mark.parametrize("name", sorted(QUEUES))
def test_the_queue_shows_what_awaits_each_persona(client, personas, name):
    login_as(client, personas, name)
    response = client.get("/hazards/queue/")
    assert response.status_code == 200
    assert {h.description for h in response.context["queue"]} == QUEUES[name]
    if QUEUES[name]:
        assert 'data-testid="queue-' in response.content.decode()
    else:
        assert "暂无待办" in response.content.decode()


def test_the_queue_puts_major_hazards_first(client, personas):
    login_as(client, personas, "ent_manager")
    queue = client.get("/hazards/queue/").context["queue"]
    assert queue[0].description == MAJOR
    assert [b["action"] for b in queue[0].buttons] == ["submit"]


def test_the_statistics_page_shows_the_rates_with_their_definitions(client, personas):
    login_as(client, personas, "district")
    response = client.get("/hazards/stats/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "整改率 = 已销号数 ÷ 已确认数" in html and "按期整改率 = " in html
    assert response.context["totals"]["total"] == 7  # with the hazard an inspection found
    assert [r["label"] for r in response.context["stats"]["by_region"]] == [
        "城东街道",
        "临江镇",
        "青石镇",
    ]
    assert 'id="hazard-charts"' in html and "vendor/echarts/echarts.min.js" in html
    quarter = response.context["filters"]
    assert quarter.found_from <= timezone.localdate() <= quarter.found_to
    report = client.get(f"/hazards/stats/export/?{response.context['query']}")
    rows = list(load_workbook(io.BytesIO(report.content)).active.iter_rows(values_only=True))
    total = next(row for row in rows if row[0] == "合计")
    assert total[1] == 3 and total[4] == 1  # general (one found by an inspection), major
    basis = [row[0] for row in rows[rows.index(total) + 1 :] if row[0]]
    assert basis[0] == "统计口径" and basis[1].startswith("1. 范围：东湖区（990102")
    assert any("已确认 × 100" in line for line in basis)
    last_year = client.get("/hazards/stats/?found_from=2000-01-01&found_to=2000-12-31")
    assert last_year.context["totals"]["total"] == 0


def test_the_closeout_sheet_prints_from_the_page(client, personas):
    closed = Hazard.objects.get(status="closed")
    login_as(client, personas, "ent_principal")
    response = client.get(f"/hazards/{closed.pk}/closeout.pdf")
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    login_as(client, personas, "other_ent")
    assert client.get(f"/hazards/{closed.pk}/closeout.pdf").status_code == 404


def test_the_navigation_and_the_enterprise_panel_link_to_the_pages(client, personas):
    login_as(client, personas, "township")
    home = client.get("/").content.decode()
    for url in ('href="/hazards/queue/"', 'href="/hazards/"', 'href="/hazards/stats/"'):
        assert url in home
    chem = demo(MAJOR).enterprise
    page = client.get(f"/enterprises/{chem.pk}/").content.decode()
    assert f'href="/hazards/?enterprise={chem.pk}"' in page
    assert f'href="/hazards/new/?enterprise={chem.pk}"' in page
    form = client.get(f"/hazards/new/?enterprise={chem.pk}").context["form"]
    assert str(form["enterprise"].value()) == str(chem.pk)
    login_as(client, personas, "sysadmin")
    assert 'href="/hazards/"' not in client.get("/").content.decode()
