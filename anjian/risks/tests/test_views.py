"""Risk pages: who sees which risk point and unit, the LEC/LS form and its errors, the unit form
with the GB 18218 arithmetic, filing by the right persona only, the register export, the notice
card, the four-colour map and the regulator's override.

Expected sets come from where the demo records are (`tests/scopes.py`: five enterprises in
three townships of both districts), never from the scoping code under test.
"""

import io

import pytest
from openpyxl import load_workbook

from anjian.core.models import AuditEvent
from anjian.enterprises.models import Enterprise
from anjian.risks import services
from anjian.risks.models import MajorHazardSource, RiskPoint
from tests.matrix import check_page_matrix, login_as
from tests.personas import ALL_PERSONAS, PUBLIC
from tests.scopes import CHEM, expected


@pytest.fixture
def chem(personas):
    return Enterprise.objects.get(name=CHEM)


def point_data(chem, **extra) -> dict:
    return {
        "enterprise": chem.pk,
        "name": "液氯钢瓶充装",
        "location": "充装间",
        "kind": "activity",
        "method": "lec",
        "lec_l": "6",
        "lec_e": "6",
        "lec_c": "15",
        "hazard_factors": "钢瓶阀门泄漏",
        "accident_types": ["19", "17"],
        "management_measures": "双人作业",
        "emergency_measures": "佩戴空气呼吸器关阀",
        "responsible_person": "吴安全",
        **extra,
    }


def unit_data(chem, **extra) -> dict:
    return {
        "enterprise": chem.pk,
        "name": "液氨罐组",
        "unit_kind": "storage",
        "exposed_people_500m": "60",
        "principal": "郑负责",
        "technical_lead": "林国平",
        "operations_lead": "吴安全",
        "sub_name": ["液氨", ""],
        "sub_category": ["", "W2"],
        "sub_q": ["20", "5"],
        **extra,
    }


def new_unit(personas, chem, name="光气单元") -> MajorHazardSource:
    source = services.source_save(
        actor=personas["ent_manager"],
        source=MajorHazardSource(
            enterprise=chem,
            name=name,
            unit_kind="production",
            exposed_people_500m=0,
            principal="甲",
            technical_lead="乙",
            operations_lead="丙",
        ),
        substances=[{"name": "光气", "q_t": 1}],
    )
    return services.source_transition(actor=personas["ent_manager"], source=source, action="submit")


# ---- who sees what ------------------------------------------------------------------------


def test_the_risk_point_page_matrix(client, personas):
    points = RiskPoint.objects.all()
    check_page_matrix(
        client,
        personas,
        url=lambda pk: f"/risks/points/{pk}/",
        expected=expected(points),
        all_keys=points.values_list("id", flat=True),
    )


def test_the_source_page_matrix(client, personas):
    sources = MajorHazardSource.objects.all()
    check_page_matrix(
        client,
        personas,
        url=lambda pk: f"/risks/sources/{pk}/",
        expected=expected(sources),
        all_keys=sources.values_list("id", flat=True),
    )


def test_the_list_shows_the_four_colour_counts_of_the_enterprise(client, personas):
    login_as(client, personas, "ent_manager")
    response = client.get("/risks/points/")
    assert response.status_code == 200
    assert len(response.context["page"].items) == 4
    counts = {c["level"].value: c["count"] for c in response.context["cards"]}
    assert counts == {"major": 1, "larger": 1, "general": 1, "low": 1}
    login_as(client, personas, "other_ent")
    page = client.get("/risks/points/").context["page"]
    assert [p.name for p in page.items] == ["回转窑点火作业"]  # its own point only


def test_administrators_get_no_risk_pages(client, personas):
    login_as(client, personas, "sysadmin")
    assert client.get("/risks/points/").status_code == 403
    assert client.get("/risks/sources/").status_code == 403
    assert client.get("/risks/map/").status_code == 403


# ---- the risk point form ------------------------------------------------------------------


def test_the_lec_form_creates_a_red_point_with_its_history(client, personas, chem):
    login_as(client, personas, "ent_manager")
    assert client.get("/risks/points/new/").status_code == 200
    response = client.post("/risks/points/new/", point_data(chem))
    point = RiskPoint.objects.get(name="液氯钢瓶充装")
    assert response.status_code == 302 and response.url == f"/risks/points/{point.pk}/"
    assert (point.score, point.level, point.control_level) == (540, "major", "公司")
    assert point.accident_types == ["19", "17"]
    html = client.get(response.url).content.decode()
    assert "重大风险" in html and "D = L × E × C = 6 × 6 × 15 = 540" in html
    assert "bg-red" in html and "中毒和窒息" in html
    client.post(
        f"/risks/points/{point.pk}/assess/", point_data(chem, lec_l="1", version=point.version)
    )
    point.refresh_from_db()
    assert (point.score, point.level, point.assessments.count()) == (90, "general", 2)


def test_an_invalid_factor_shows_a_chinese_error_and_keeps_the_inputs(client, personas, chem):
    login_as(client, personas, "ent_manager")
    response = client.post("/risks/points/new/", point_data(chem, lec_l="4"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "L 只能取表列数值" in html and 'data-testid="error-lec_l"' in html
    assert 'value="液氯钢瓶充装"' in html and "钢瓶阀门泄漏" in html
    missing = client.post("/risks/points/new/", point_data(chem, method="ls", lec_l=""))
    assert "请选择可能性 L（1–5）。" in missing.content.decode()
    assert not RiskPoint.objects.filter(name="液氯钢瓶充装").exists()


def test_the_live_result_uses_the_same_rules(client, personas):
    login_as(client, personas, "ent_manager")
    html = client.post(
        "/risks/points/assess/", {"method": "ls", "ls_l": "4", "ls_s": "4"}
    ).content.decode()
    assert "较大风险" in html and 'data-control-level="部门/车间"' in html
    bad = client.post(
        "/risks/points/assess/", {"method": "lec", "lec_l": "4", "lec_e": "6", "lec_c": "15"}
    )
    assert "只能取表列数值" in bad.content.decode()


def test_only_the_enterprise_adds_and_voids_its_points(client, personas, chem):
    login_as(client, personas, "township")
    assert client.get("/risks/points/new/").status_code == 403
    red = RiskPoint.objects.get(enterprise=chem, level="major")
    assert client.post(f"/risks/points/{red.pk}/void/", {"reason": "x"}).status_code == 403
    login_as(client, personas, "ent_manager")
    empty = client.post(f"/risks/points/{red.pk}/void/", {"reason": ""})
    assert empty.status_code == 422 and "原因" in empty.content.decode()
    assert RiskPoint.objects.get(pk=red.pk).voided_at is None
    client.post(f"/risks/points/{red.pk}/void/", {"reason": "工艺已取消"})
    assert RiskPoint.objects.get(pk=red.pk).void_reason == "工艺已取消"
    assert client.get(f"/risks/points/{red.pk}/").status_code == 404


def test_the_notice_card_is_a_pdf(client, personas, chem):
    login_as(client, personas, "grid")
    point = RiskPoint.objects.get(enterprise=chem, level="major")
    response = client.get(f"/risks/points/{point.pk}/card.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(event_type="risk_point.notice_card").exists()


# ---- major hazard sources -----------------------------------------------------------------


def test_the_unit_page_shows_the_gb18218_arithmetic(client, personas):
    login_as(client, personas, "township")
    source = MajorHazardSource.objects.get(name="液氯储罐区")
    html = client.get(f"/risks/sources/{source.pk}/").content.decode()
    assert "R = α·Σβq/Q = 2.0 × (4 × 25/5) = 40" in html
    assert "S = 25/5 = 5 ≥ 1" in html and "表1 第12项" in html and "三级" in html


def test_the_unit_form_identifies_and_grades(client, personas, chem):
    login_as(client, personas, "ent_manager")
    assert client.get("/risks/sources/new/").status_code == 200
    response = client.post("/risks/sources/new/", unit_data(chem))
    source = MajorHazardSource.objects.get(name="液氨罐组")
    assert response.status_code == 302, response.content.decode()[:2000]
    # S = 20/10 + 5/10 = 2.5; α = 1.5; R = 1.5 × (2 × 20/10 + 1.5 × 5/10) = 7.125 → 四级
    assert (source.s_value, source.alpha, source.grade) == (2.5, 1.5, "四级")
    html = client.get(response.url).content.decode()
    assert "S = 20/10 + 5/10 = 2.5 ≥ 1" in html and "表2 W2" in html


def test_a_bad_substance_row_is_named_and_the_rows_are_kept(client, personas, chem):
    login_as(client, personas, "ent_manager")
    response = client.post(
        "/risks/sources/new/",
        unit_data(chem, sub_name=["液氨", "不存在的物质"], sub_category=["", ""]),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "第2行危险化学品" in html and 'value="不存在的物质"' in html and 'value="液氨"' in html
    blank = client.post("/risks/sources/new/", unit_data(chem, sub_q=["20", ""]))
    assert "请填写设计最大量（t）。" in blank.content.decode()


def test_filing_is_done_only_by_a_regulator_in_scope(client, personas, chem):
    filed = set()
    for name in ALL_PERSONAS:
        source = new_unit(personas, chem, name=f"单元-{name}")
        login_as(client, personas, name)
        response = client.post(f"/risks/sources/{source.pk}/actions/file/")
        source.refresh_from_db()
        if source.status == "filed":
            filed.add(name)
            assert response.status_code == 302
        else:
            assert response.status_code == (
                302
                if name == PUBLIC
                else 403
                if name in ("grid", "ent_manager", "ent_principal")
                else 404
            ), name
    assert filed == {"city", "district", "township"}


def test_the_enterprise_submits_and_the_township_returns_with_a_reason(client, personas, chem):
    login_as(client, personas, "ent_manager")
    client.post("/risks/sources/new/", unit_data(chem))
    source = MajorHazardSource.objects.get(name="液氨罐组")
    page = client.get(f"/risks/sources/{source.pk}/").content.decode()
    assert 'data-testid="action-submit"' in page and 'data-testid="action-file"' not in page
    client.post(f"/risks/sources/{source.pk}/actions/submit/", {"version": source.version})
    login_as(client, personas, "township")
    queue = client.get("/risks/sources/").context["queue"]
    assert [s.name for s in queue] == ["液氨罐组"]
    missing = client.post(f"/risks/sources/{source.pk}/actions/return/", {"reason": " "})
    assert missing.status_code == 422 and "请填写原因" in missing.content.decode()
    client.post(f"/risks/sources/{source.pk}/actions/return/", {"reason": "人口数据需核实"})
    source.refresh_from_db()
    assert source.status == "returned"
    assert "人口数据需核实" in client.get(f"/risks/sources/{source.pk}/").content.decode()


def test_the_register_export_is_an_audited_xlsx(client, personas):
    login_as(client, personas, "district")
    listing = client.get("/risks/sources/")
    assert {c["grade"]: c["count"] for c in listing.context["cards"]}["三级"] == 1
    response = client.get("/risks/sources/export/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][3] == "单元名称" and rows[1][3] == "液氯储罐区" and rows[1][9] == "三级"
    assert AuditEvent.objects.filter(event_type="mhs.export", actor_username="district").exists()
    login_as(client, personas, "grid")
    assert client.get("/risks/sources/export/").status_code == 403


# ---- the four-colour map ------------------------------------------------------------------


def test_the_map_is_for_regulators_with_grades_and_highest_points(client, personas, chem):
    login_as(client, personas, "ent_manager")
    assert client.get("/risks/map/").status_code == 403
    login_as(client, personas, "township")
    response = client.get("/risks/map/?risk_grade=major")
    assert response.status_code == 200
    rows = {r["enterprise"].name: r for r in response.context["rows"]}
    assert [p.name for p in rows[CHEM]["top"]] == ["液氯卸车作业", "氯气汽化器"]
    markers = response.context["map_data"]["markers"]
    assert any(m["name"] == CHEM and m["colour"] == "red" for m in markers)
    assert 'id="map-data"' in response.content.decode()


def test_a_regulator_overrides_the_grade_and_returns_it(client, personas, chem):
    login_as(client, personas, "grid")
    assert (
        client.post(f"/risks/map/{chem.pk}/grade/", {"level": "low", "reason": "x"}).status_code
        == 403
    )
    login_as(client, personas, "township")
    empty = client.post(f"/risks/map/{chem.pk}/grade/", {"level": "low", "reason": ""})
    assert empty.status_code == 422
    client.post(f"/risks/map/{chem.pk}/grade/", {"level": "low", "reason": "已完成搬迁改造"})
    chem.refresh_from_db()
    assert (chem.risk_grade, chem.risk_grade_override) == ("low", True)
    client.post(f"/risks/map/{chem.pk}/grade/", {"level": "derived", "reason": "恢复"})
    chem.refresh_from_db()
    assert (chem.risk_grade, chem.risk_grade_override) == ("major", False)


def test_override_and_void_are_the_pages_dialog(client, personas, chem):
    hx = {"HX-Request": "true"}
    login_as(client, personas, "township")
    assert 'id="action-dialog"' in client.get("/risks/map/").content.decode()
    dialog = client.get(f"/risks/map/{chem.pk}/grade/", headers=hx).content.decode()
    assert 'data-testid="action-form"' in dialog and "当前等级：重大风险" in dialog
    refused = client.post(f"/risks/map/{chem.pk}/grade/", {"level": "low"}, headers=hx)
    assert refused.status_code == 200 and 'data-testid="error-reason"' in refused.content.decode()
    done = client.post(
        f"/risks/map/{chem.pk}/grade/", {"level": "low", "reason": "搬迁"}, headers=hx
    )
    assert done.status_code == 204 and done.headers["HX-Refresh"] == "true"
    login_as(client, personas, "ent_manager")
    red = RiskPoint.objects.get(enterprise=chem, level="major")
    url = f"/risks/points/{red.pk}/void/"
    assert 'id="action-dialog"' in client.get(f"/risks/points/{red.pk}/").content.decode()
    assert "不再计入四色统计" in client.get(url, headers=hx).content.decode()
    done = client.post(url, {"reason": "工艺已取消"}, headers=hx)
    assert done.status_code == 204 and done.headers["HX-Redirect"] == "/risks/points/"


def test_the_enterprise_page_has_the_risk_panel(client, personas, chem):
    login_as(client, personas, "township")
    html = client.get(f"/enterprises/{chem.pk}/").content.decode()
    assert 'data-testid="panel-risks"' in html and "液氯储罐区" in html
