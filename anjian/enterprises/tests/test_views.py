"""Registry pages: who sees which enterprises, self-service edits, status changes, personal data,
the import page and a fixed number of queries per list page.

Expected sets come from the demo's definitions (which township, which sector), never from the
scoping code under test.
"""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook
from PIL import Image

from anjian.core.models import Attachment, AuditEvent
from anjian.core.records import panels as record_panels
from anjian.enterprises import panels, services
from anjian.enterprises.exports import HEADERS
from anjian.enterprises.models import Enterprise, KeyPerson, Licence
from anjian.enterprises.seeds import DEMO_ENTERPRISES, make_credit_code
from anjian.standards import credit_code as credit_code_rule
from tests.matrix import check_page_matrix, login_as

NO_REGISTRY = ("sysadmin", "secadmin", "auditadmin")
OWN = "东湖精细化工有限公司"


def names_where(test) -> set[str]:
    return {
        name
        for i, (name, township, sector, grid) in enumerate(DEMO_ENTERPRISES)
        if test(i, township, sector, grid)
    }


EXPECTED = {
    "city": names_where(lambda i, t, s, g: True),
    "district": names_where(lambda i, t, s, g: t.startswith("990102")),
    "district_b": names_where(lambda i, t, s, g: t.startswith("990103")),
    "township": names_where(lambda i, t, s, g: t == "990102001"),
    "sector": names_where(lambda i, t, s, g: t.startswith("990102") and s == "construction"),
    "grid": names_where(lambda i, t, s, g: t == "990102001" and g == 1),
    "ent_manager": {OWN},
    "ent_principal": {OWN},
    "other_ent": {"西山新型建材有限公司"},
}


def own(personas=None) -> Enterprise:
    return Enterprise.objects.get(name=OWN)


def listed(client, query: str = "") -> list[str]:
    response = client.get(f"/enterprises/?per_page=100{query}")
    assert response.status_code == 200
    return [e.name for e in response.context["page"]]


def html(response) -> str:
    return response.content.decode()


# ---- who sees what ------------------------------------------------------------------------


def test_the_demo_counts_are_the_ones_the_issue_names():
    assert (len(EXPECTED["township"]), len(EXPECTED["sector"]), len(EXPECTED["ent_manager"])) == (
        9,
        4,
        1,
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_list_shows_exactly_the_enterprises_in_scope(client, personas, name):
    login_as(client, personas, name)
    assert set(listed(client)) == EXPECTED[name]


@pytest.mark.parametrize("name", NO_REGISTRY)
def test_administrators_get_no_registry_pages(client, personas, name):
    login_as(client, personas, name)
    for url in (
        "/enterprises/",
        "/enterprises/map/",
        "/enterprises/export/",
        "/enterprises/import/",
    ):
        assert client.get(url).status_code == 403, url
    assert AuditEvent.objects.filter(event_type="authz.denied", actor=personas[name]).exists()


def test_the_public_is_sent_to_the_login_page(client, personas):
    for url in ("/enterprises/", "/enterprises/map/", f"/enterprises/{own().pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_detail_pages_follow_the_role_matrix(client, personas):
    ids = dict(Enterprise.objects.values_list("name", "pk"))
    expected = {name: {ids[n] for n in names} for name, names in EXPECTED.items()}
    check_page_matrix(
        client,
        personas,
        url=lambda pk: f"/enterprises/{pk}/",
        expected=expected,
        all_keys=set(ids.values()),
    )


def test_filters_narrow_the_list_and_pages_keep_them(client, personas):
    login_as(client, personas, "city")
    assert set(listed(client, "&region=990102001")) == EXPECTED["township"]
    assert set(listed(client, "&sector=construction&region=990102")) == EXPECTED["sector"]
    assert listed(client, "&q=精细化工") == [OWN]
    assert all(n in EXPECTED["city"] for n in listed(client, "&risk_grade=major&status=normal"))
    expiring = listed(client, "&licence_expiring=30")
    assert 3 <= len(expiring) < 30  # two expiring within 30 days, one expired
    body = html(client.get("/enterprises/?sector=construction&per_page=10&risk_grade=low"))
    assert 'href="/enterprises/export/?sector=construction&amp;risk_grade=low"' in body
    second = html(client.get("/enterprises/?per_page=10&sector=&status=normal"))
    assert "per_page=10&amp;sector=&amp;status=normal&amp;page=2" in second


def test_a_bad_filter_value_gives_a_chinese_message(client, personas):
    login_as(client, personas, "township")
    response = client.get("/enterprises/?risk_grade=purple")
    assert response.status_code == 422
    assert "风险等级" in html(response) or "risk_grade" in html(response)


def test_the_list_flags_expired_and_expiring_licences_and_colours_risk(client, personas):
    login_as(client, personas, "township")
    body = html(client.get("/enterprises/?per_page=100"))
    assert "证照过期" in body and "证照将到期" in body
    assert "bg-red-lt" in body and "重大风险" in body


def test_buttons_follow_the_permissions(client, personas):
    login_as(client, personas, "township")
    body = html(client.get("/enterprises/"))
    for testid in ("enterprise-add", "enterprise-import", "enterprise-export"):
        assert f'data-testid="{testid}"' in body
    login_as(client, personas, "grid")
    body = html(client.get("/enterprises/"))
    for testid in ("enterprise-add", "enterprise-import", "enterprise-export"):
        assert f'data-testid="{testid}"' not in body
    assert client.get("/enterprises/new/").status_code == 403
    assert client.get("/enterprises/export/").status_code == 403


def test_the_list_costs_the_same_number_of_queries_for_10_and_30_rows(
    client, personas, django_assert_num_queries
):
    login_as(client, personas, "city")
    client.get("/enterprises/?per_page=10")  # warm the session and permission caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/enterprises/?per_page=10")
    assert len(response.context["page"]) == 10
    with django_assert_num_queries(len(queries)):
        response = client.get("/enterprises/?per_page=30")
    assert len(response.context["page"]) == 30
    registry = [q for q in queries if "enterprises_enterprise" in q["sql"]]
    assert len(registry) == 2  # the count and the page, with regions and sectors joined


# ---- the enterprise page ----------------------------------------------------------------------


def test_the_enterprise_page_shows_everything_about_it(client, personas):
    login_as(client, personas, "township")
    enterprise = own()
    body = html(client.get(f"/enterprises/{enterprise.pk}/"))
    for text in (
        "基本情况",
        "许可证照",
        "关键人员",
        "监管部门",
        "变更记录",
        "经营状态",
        enterprise.credit_code,
        "城东街道安全生产监督站",
        "东湖区应急管理局",
        "危险化学品经营许可证",
        "将到期",
        'id="enterprise-map"',
        'id="map-data"',
    ):
        assert text in body, text
    assert "<script>" not in body and ' style="' not in body


def test_other_apps_panels_are_shown_on_the_enterprise_page(client, personas, monkeypatch):
    monkeypatch.setattr(record_panels, "_panels", {})
    panels.register(
        "test",
        "测试面板",
        "includes/filter_select.html",
        lambda enterprise, user: {"label": f"面板内容：{enterprise.name}", "items": []},
    )
    panels.register("hidden", "隐藏面板", "includes/filter_select.html", lambda e, u: None)
    login_as(client, personas, "township")
    body = html(client.get(f"/enterprises/{own().pk}/"))
    assert "测试面板" in body and f"面板内容：{OWN}" in body and "隐藏面板" not in body


def test_phones_and_id_numbers_are_never_in_the_pages_in_full(client, personas):
    enterprise = own()
    secrets = [enterprise.principal_phone, enterprise.safety_manager_phone]
    for person in KeyPerson.objects.filter(enterprise=enterprise):
        secrets += [person.id_number, person.phone]
    assert all(secrets)
    for name in ("township", "city", "ent_manager"):
        login_as(client, personas, name)
        for url in (
            f"/enterprises/?q={OWN}",
            f"/enterprises/{enterprise.pk}/",
            f"/enterprises/{enterprise.pk}/edit/",
        ):
            body = html(client.get(url))
            for secret in secrets:
                assert secret not in body, (name, url)
        person = KeyPerson.objects.filter(enterprise=enterprise).first()
        body = html(client.get(f"/enterprises/people/{person.pk}/edit/"))
        assert person.id_number not in body and person.phone not in body


def test_a_permitted_user_reveals_a_phone_and_the_view_is_audited(client, personas):
    enterprise = own()
    login_as(client, personas, "district")
    body = html(client.get(f"/enterprises/{enterprise.pk}/"))
    assert 'data-testid="reveal-principal_phone"' in body
    response = client.post(f"/enterprises/{enterprise.pk}/reveal/principal_phone/")
    assert response.status_code == 200
    assert enterprise.principal_phone in html(response)
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(event_type="personal_data.view", object_id=str(enterprise.pk))
    assert event.actor == personas["district"] and event.after == {"field": "principal_phone"}
    person = KeyPerson.objects.filter(enterprise=enterprise).first()
    response = client.post(f"/enterprises/people/{person.pk}/reveal/id_number/")
    assert person.id_number in html(response)
    assert AuditEvent.objects.filter(event_type="personal_data.view").count() == 2


@pytest.mark.parametrize("name", ["township", "ent_manager", "grid"])
def test_reveal_is_refused_without_the_permission(client, personas, name):
    enterprise = own()
    login_as(client, personas, name)
    assert 'data-testid="reveal-' not in html(client.get(f"/enterprises/{enterprise.pk}/"))
    response = client.post(f"/enterprises/{enterprise.pk}/reveal/principal_phone/")
    assert response.status_code == 403
    assert enterprise.principal_phone not in html(response)
    assert not AuditEvent.objects.filter(event_type="personal_data.view").exists()


def test_reveal_needs_post_a_known_field_and_scope(client, personas):
    enterprise = own()
    login_as(client, personas, "district_b")  # has the permission, but not this district
    assert client.post(f"/enterprises/{enterprise.pk}/reveal/principal_phone/").status_code == 404
    login_as(client, personas, "district")
    assert client.get(f"/enterprises/{enterprise.pk}/reveal/principal_phone/").status_code == 405
    assert client.post(f"/enterprises/{enterprise.pk}/reveal/credit_code/").status_code == 404


# ---- status -----------------------------------------------------------------------------------


def test_the_township_suspends_an_enterprise_with_a_reason_and_the_history_shows_it(
    client, personas
):
    enterprise = own()
    login_as(client, personas, "township")
    body = html(client.get(f"/enterprises/{enterprise.pk}/"))
    assert f"/enterprises/{enterprise.pk}/actions/suspend/" in body
    url = f"/enterprises/{enterprise.pk}/status/"
    response = client.post(url, {"action": "suspend", "reason": "检查发现重大事故隐患"})
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.status == "suspended"
    body = html(client.get(f"/enterprises/{enterprise.pk}/"))
    assert "检查发现重大事故隐患" in body and "停产整顿" in body
    assert "状态变更：责令停产整顿" in body  # in the change history as well
    assert "/actions/resume/" in body and "/actions/suspend/" not in body


def test_the_status_dialog_asks_for_a_reason_and_reloads_the_page(client, personas):
    enterprise = own()
    login_as(client, personas, "township")
    url = f"/enterprises/{enterprise.pk}/actions/suspend/"
    dialog = html(client.get(url, headers={"HX-Request": "true"}))
    assert 'name="reason"' in dialog and 'data-testid="action-form"' in dialog
    done = client.post(url, {"reason": "检查发现重大事故隐患"}, headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    enterprise.refresh_from_db()
    assert enterprise.status == "suspended"


def test_a_status_change_without_a_reason_changes_nothing(client, personas):
    enterprise = own()
    login_as(client, personas, "township")
    response = client.post(
        f"/enterprises/{enterprise.pk}/status/", {"action": "suspend", "reason": " "}, follow=True
    )
    assert "请填写原因" in html(response)
    enterprise.refresh_from_db()
    assert enterprise.status == "normal"


@pytest.mark.parametrize("name", ["ent_manager", "grid"])
def test_non_regulators_cannot_change_the_status(client, personas, name):
    enterprise = own()
    login_as(client, personas, name)
    assert f"/enterprises/{enterprise.pk}/actions/" not in html(
        client.get(f"/enterprises/{enterprise.pk}/")
    )
    assert client.get(f"/enterprises/{enterprise.pk}/actions/close/").status_code == 403
    response = client.post(
        f"/enterprises/{enterprise.pk}/status/", {"action": "close", "reason": "x"}
    )
    assert response.status_code == 403
    empty = client.post(f"/enterprises/{enterprise.pk}/actions/close/", {})
    assert empty.status_code == 403  # refused before the form is looked at, not a 422
    enterprise.refresh_from_db()
    assert enterprise.status == "normal"


# ---- create and edit --------------------------------------------------------------------------


def form_data(response) -> dict:
    """What a browser would send back: the form's initial values."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    return data


def test_the_enterprise_manager_updates_its_contacts(client, personas):
    enterprise = own()
    login_as(client, personas, "ent_manager")
    response = client.get(f"/enterprises/{enterprise.pk}/edit/")
    assert response.status_code == 200
    fields = set(response.context["form"].fields)
    assert fields == set(services.ENTERPRISE_OWNED) | {"version"}
    assert "由监管部门维护的信息" in html(response)
    data = form_data(response)
    data.update(principal_name="吴新", safety_manager_phone="13900001111")
    assert client.post(f"/enterprises/{enterprise.pk}/edit/", data).status_code == 302
    saved = Enterprise.objects.get(pk=enterprise.pk)
    assert (saved.principal_name, saved.safety_manager_phone) == ("吴新", "13900001111")
    assert saved.principal_phone == enterprise.principal_phone  # masked value sent back: kept
    body = html(client.get(f"/enterprises/{enterprise.pk}/"))
    assert "修改资料" in body and "吴新" in body


def test_the_enterprise_manager_cannot_set_its_risk_grade(client, personas):
    enterprise = own()
    login_as(client, personas, "ent_manager")
    data = form_data(client.get(f"/enterprises/{enterprise.pk}/edit/"))
    data["risk_grade"] = "low"
    response = client.post(f"/enterprises/{enterprise.pk}/edit/", data)
    assert response.status_code == 403
    assert "风险等级" in html(response)
    assert Enterprise.objects.get(pk=enterprise.pk).risk_grade == enterprise.risk_grade


def test_users_who_may_not_edit_get_no_edit_page(client, personas):
    login_as(client, personas, "grid")
    assert client.get(f"/enterprises/{own().pk}/edit/").status_code == 403
    login_as(client, personas, "other_ent")
    assert client.get(f"/enterprises/{own().pk}/edit/").status_code == 404


def test_the_township_changes_the_risk_grade_and_the_history_shows_before_and_after(
    client, personas
):
    enterprise = own()
    login_as(client, personas, "township")
    data = form_data(client.get(f"/enterprises/{enterprise.pk}/edit/"))
    data.update(risk_grade="general", supervision_class="B")
    assert client.post(f"/enterprises/{enterprise.pk}/edit/", data).status_code == 302
    body = html(client.get(f"/enterprises/{enterprise.pk}/"))
    assert re.search(
        r"风险等级：</span><span class=\"change-before\">重大风险</span> → "
        r"<span class=\"change-after\">一般风险</span>",
        body,
    )


def test_a_stale_edit_is_refused_and_keeps_the_input(client, personas):
    enterprise = own()
    login_as(client, personas, "township")
    data = form_data(client.get(f"/enterprises/{enterprise.pk}/edit/"))
    services.enterprise_update(
        actor=personas["district"], enterprise=enterprise, address="新地址 1 号"
    )
    data["principal_name"] = "我的修改"
    response = client.post(f"/enterprises/{enterprise.pk}/edit/", data)
    assert response.status_code == 412
    body = html(response)
    assert "记录已被他人修改" in body and 'value="我的修改"' in body
    assert Enterprise.objects.get(pk=enterprise.pk).principal_name != "我的修改"
    data["version"] = response.context["form"]["version"].value()
    assert client.post(f"/enterprises/{enterprise.pk}/edit/", data).status_code == 302


def test_a_regulator_registers_an_enterprise(client, personas):
    from anjian.regions.models import Region, Sector

    login_as(client, personas, "township")
    response = client.get("/enterprises/new/")
    assert response.status_code == 200 and "risk_grade" in response.context["form"].fields
    region = Region.objects.get(code="990102001000")
    code = make_credit_code(region.code, 72000001)
    data = {
        "name": "城东新材料有限公司",
        "credit_code": code.lower(),
        "region": region.pk,
        "sector": Sector.objects.get(code="machinery").pk,
        "risk_grade": "general",
        "supervision_class": "C",
        "longitude": "120.170000",
        "latitude": "30.250000",
    }
    response = client.post("/enterprises/new/", data)
    assert response.status_code == 302
    created = Enterprise.objects.get(credit_code=code)
    assert response["Location"] == f"/enterprises/{created.pk}/"
    assert created.region_code == "990102001000"


def test_a_wrong_check_character_is_shown_on_the_credit_code_field(client, personas):
    from anjian.regions.models import Region, Sector

    login_as(client, personas, "township")
    region = Region.objects.get(code="990102001000")
    good = make_credit_code(region.code, 72000002)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    expected = credit_code_rule.check_character(good[:17]).check_character
    data = {
        "name": "校验位错误有限公司",
        "credit_code": wrong,
        "region": region.pk,
        "sector": Sector.objects.get(code="machinery").pk,
        "risk_grade": "low",
        "supervision_class": "D",
    }
    response = client.post("/enterprises/new/", data)
    assert response.status_code == 422  # the form again, with every error on its field
    errors = response.context["form"].errors["credit_code"]
    assert expected in errors[0]
    assert 'value="校验位错误有限公司"' in html(response)


# ---- licences and people ----------------------------------------------------------------------


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="PNG")
    return out.getvalue()


def test_the_enterprise_registers_a_licence_with_a_scan_and_voids_it(client, personas):
    enterprise = own()
    login_as(client, personas, "ent_manager")
    scan = SimpleUploadedFile("scan.png", png_bytes(), content_type="image/png")
    data = {
        "kind": "safety_production",
        "number": "（浙）WH安许证〔2026〕0099",
        "issuer": "示范市应急管理局",
        "issued_on": "2026-01-10",
        "scan": scan,
    }
    response = client.post(f"/enterprises/{enterprise.pk}/licences/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    licence = Licence.objects.get(number="（浙）WH安许证〔2026〕0099")
    assert licence.expires_on.year == 2029  # 3 years by law when left empty
    attachment = Attachment.objects.get(object_id=str(licence.pk), kind="licence_scan")
    body = html(client.get(f"/enterprises/{enterprise.pk}/"))
    assert f"/files/{attachment.uuid}/" in body and "0099" in body
    response = client.post(f"/enterprises/licences/{licence.pk}/void/", {"reason": "登记有误"})
    assert response.status_code == 302
    licence.refresh_from_db()
    assert licence.voided_at is not None and licence.void_reason == "登记有误"
    body = html(client.get(f"/enterprises/{enterprise.pk}/"))
    assert "已作废许可证照" in body
    assert "0099" not in body[body.index('id="licences"') : body.index('id="people"')]


def test_a_licence_expiring_before_it_was_issued_is_refused_on_the_form(client, personas):
    login_as(client, personas, "township")
    data = {
        "kind": "hazchem_use",
        "number": "X-1",
        "issued_on": "2026-01-10",
        "expires_on": "2025-01-10",
    }
    response = client.post(f"/enterprises/{own().pk}/licences/new/", data)
    assert response.status_code == 422  # the form again, with every error on its field
    assert "有效期至应晚于发证日期" in response.context["form"].errors["expires_on"][0]


def test_a_person_edit_keeps_the_masked_id_number(client, personas):
    person = KeyPerson.objects.filter(enterprise=own()).first()
    login_as(client, personas, "ent_manager")
    response = client.get(f"/enterprises/people/{person.pk}/edit/")
    data = form_data(response)
    data["certificates"] = "安全管理人员证 A-001"
    assert client.post(f"/enterprises/people/{person.pk}/edit/", data).status_code == 302
    saved = KeyPerson.objects.get(pk=person.pk)
    assert saved.id_number == person.id_number and saved.phone == person.phone
    assert saved.certificates == "安全管理人员证 A-001"


def test_a_stale_licence_edit_is_refused_and_keeps_the_input(client, personas):
    licence = Licence.objects.filter(enterprise=own()).first()
    login_as(client, personas, "ent_manager")
    data = form_data(client.get(f"/enterprises/licences/{licence.pk}/edit/"))
    services.licence_save(actor=personas["township"], licence=licence)
    data["issuer"] = "我的修改"
    response = client.post(f"/enterprises/licences/{licence.pk}/edit/", data)
    assert response.status_code == 412
    assert "记录已被他人修改" in html(response) and 'value="我的修改"' in html(response)
    data["version"] = response.context["form"]["version"].value()
    assert client.post(f"/enterprises/licences/{licence.pk}/edit/", data).status_code == 302
    assert Licence.objects.get(pk=licence.pk).issuer == "我的修改"


def test_a_wrong_id_number_is_shown_on_its_field(client, personas):
    login_as(client, personas, "township")
    data = {"name": "钱某", "role": "special_operator", "id_number": "110101199001011230"}
    response = client.post(f"/enterprises/{own().pk}/people/new/", data)
    assert response.status_code == 422  # the form again, with every error on its field
    assert "身份证号有误" in response.context["form"].errors["id_number"][0]


def test_a_void_without_a_reason_is_refused(client, personas):
    person = KeyPerson.objects.filter(enterprise=own()).first()
    login_as(client, personas, "township")
    response = client.post(f"/enterprises/people/{person.pk}/void/", {"reason": ""}, follow=True)
    assert "作废必须说明原因" in html(response)
    assert KeyPerson.objects.get(pk=person.pk).voided_at is None


def test_children_of_other_enterprises_are_not_found(client, personas):
    person = KeyPerson.objects.filter(enterprise=own()).first()
    licence = Licence.objects.filter(enterprise=own()).first()
    login_as(client, personas, "other_ent")
    assert client.get(f"/enterprises/people/{person.pk}/edit/").status_code == 404
    assert client.get(f"/enterprises/licences/{licence.pk}/edit/").status_code == 404
    assert client.post(f"/enterprises/people/{person.pk}/void/", {"reason": "x"}).status_code == 404


# ---- import, export, map, navigation --------------------------------------------------------------


def workbook(rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("企业.xlsx", out.getvalue())


def row(code: str, name: str, region: str = "990102001", sector: str = "机械") -> list:
    values = dict.fromkeys(HEADERS, "")
    values.update(
        {
            "统一社会信用代码": code,
            "单位名称": name,
            "所在乡镇（街道）代码": region,
            "监管行业": sector,
            "风险等级": "低风险",
            "监管分类": "D",
        }
    )
    return [values[h] for h in HEADERS]


def test_the_import_page_lists_every_bad_row_and_saves_nothing(client, personas):
    login_as(client, personas, "township")
    assert client.get("/enterprises/import/").status_code == 200
    good = make_credit_code("990102001000", 73000001)
    upload = workbook(
        [
            row(good, "甲有限公司"),
            row("91330100ABCDEFGH1", "乙有限公司"),
            row(make_credit_code("990103001000", 73000002), "丙有限公司", region="990103001"),
        ]
    )
    before = Enterprise.objects.count()
    response = client.post("/enterprises/import/", {"file": upload, "mode": "create"})
    assert response.status_code == 422
    body = html(response)
    assert 'data-testid="import-errors"' in body
    assert "第 3 行" in body and "第 4 行" in body and "第 2 行" not in body
    assert "统一社会信用代码" in body and "不在您的辖区内" in body
    assert Enterprise.objects.count() == before


def test_the_import_page_saves_a_good_sheet(client, personas):
    login_as(client, personas, "township")
    codes = [make_credit_code("990102001000", 73000010 + i) for i in range(2)]
    upload = workbook([row(codes[0], "甲有限公司"), row(codes[1], "乙有限公司")])
    response = client.post("/enterprises/import/", {"file": upload, "mode": "create"}, follow=True)
    assert "已保存 2 家" in html(response)
    assert Enterprise.objects.filter(credit_code__in=codes).count() == 2


def test_a_sheet_with_wrong_headers_is_refused_on_the_file_field(client, personas):
    login_as(client, personas, "township")
    book = Workbook()
    book.active.append(["名称", "代码"])
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        "/enterprises/import/",
        {"file": SimpleUploadedFile("x.xlsx", out.getvalue()), "mode": "create"},
    )
    assert "表头与模板不一致" in response.context["form"].errors["file"][0]


def test_the_template_and_the_export_download(client, personas):
    login_as(client, personas, "township")
    template = client.get("/enterprises/import/template/")
    assert template.status_code == 200 and "spreadsheetml" in template["Content-Type"]
    export = client.get("/enterprises/export/?sector=construction")
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]
    event = AuditEvent.objects.get(event_type="enterprise.export")
    assert event.after["filters"] == {"sector": "construction"} and event.after["count"] == 2


def map_markers(response) -> list[dict]:
    match = re.search(
        r'<script id="map-data" type="application/json">(.*?)</script>', html(response)
    )
    return json.loads(match.group(1))["markers"]


def test_the_map_shows_markers_in_scope_with_a_sector_filter(client, personas):
    login_as(client, personas, "township")
    markers = map_markers(client.get("/enterprises/map/"))
    assert {m["name"] for m in markers} == EXPECTED["township"]
    assert {m["colour"] for m in markers} <= {"red", "orange", "yellow", "blue"}
    assert all(m["url"] == f"/enterprises/{m['id']}/" for m in markers)
    construction = map_markers(client.get("/enterprises/map/?sector=construction"))
    assert {m["name"] for m in construction} == names_where(
        lambda i, t, s, g: t == "990102001" and s == "construction"
    )


def test_enterprises_without_coordinates_are_left_off_the_map(client, personas):
    Enterprise.objects.filter(name=OWN).update(longitude=None, latitude=None)
    login_as(client, personas, "ent_manager")
    response = client.get("/enterprises/map/")
    assert map_markers(response) == [] and 'data-testid="map-empty"' in html(response)
    assert 'id="enterprise-map"' not in html(client.get(f"/enterprises/{own().pk}/"))


def test_the_navigation_has_the_enterprise_map(client, personas):
    login_as(client, personas, "township")
    assert 'href="/enterprises/map/"' in html(client.get("/enterprises/"))
    login_as(client, personas, "sysadmin")
    body = html(client.get("/"))
    assert 'href="/enterprises/map/"' not in body and 'href="/enterprises/"' not in body
