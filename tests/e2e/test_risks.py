"""Risks and monitoring in a browser: the enterprise adds a risk point by LEC on a desktop and a
phone, sees it red and voids it; the township sees the four-colour map with its markers and the unit's
GB 18218 arithmetic and decides a grade in the page's dialog; the level point's chart draws its threshold lines; alarms are acknowledged;
the notice card prints as an A4 PDF."""

import json
import re
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.monitoring.models import Alarm, MonitoringPoint
from anjian.monitoring.services import readings_post
from anjian.risks.models import MajorHazardSource, RiskPoint

from .conftest import ARTIFACTS, DESKTOP, PHONE, login, screenshot
from .test_enterprises import no_csp_errors, no_sideways_scroll


def add_red_point(page, name: str) -> RiskPoint:
    page.goto("/risks/points/new/")
    page.fill("#id_name", name)
    page.fill("#id_location", "充装间")
    page.select_option("#id_kind", "activity")
    page.fill("#id_hazard_factors", "钢瓶阀门泄漏、超装")
    page.check("input[name=accident_types][value='19']")
    page.check("input[name=method][value=lec]")
    page.select_option("#id_lec_l", "6")
    page.select_option("#id_lec_e", "6")
    page.select_option("#id_lec_c", "15")
    result = page.locator("[data-testid=assessment-level]")
    result.wait_for()
    assert result.inner_text() == "重大风险"
    assert page.input_value("#id_control_level") == "公司"  # prefilled from the level
    page.fill("#id_responsible_person", "吴安全")
    page.fill("#id_engineering_measures", "充装台设氯气泄漏报警并联锁切断，配备碱液吸收装置。")
    page.fill("#id_management_measures", "执行充装操作规程，双人作业，充装前逐瓶检查。")
    page.fill("#id_training_measures", "充装工持证上岗，每季度开展一次泄漏处置培训。")
    page.fill("#id_ppe_measures", "佩戴防毒面具、防化手套，现场配备正压式空气呼吸器。")
    page.fill("#id_emergency_measures", "佩戴正压式空气呼吸器关闭角阀，疏散下风向人员。")
    phone = page.viewport_size["width"] < 500
    no_sideways_scroll(page, page.viewport_size)
    screenshot(page, f"risk-point-form-{'phone' if phone else 'desktop'}")
    page.click("[data-testid=point-save]")
    page.wait_for_url(re.compile(r"/risks/points/\d+/$"))
    badge = page.locator("[data-testid=point-badges] .badge").first
    assert badge.inner_text() == "重大风险" and "bg-red-lt" in badge.get_attribute("class")
    screenshot(page, f"risk-point-detail-{'phone' if phone else 'desktop'}")
    return RiskPoint.objects.get(name=name)


@pytest.mark.django_db(transaction=True)
def test_the_enterprise_adds_a_red_point_on_a_desktop_and_a_phone(page_factory, personas, tmp_path):
    for viewport, suffix, reds in ((DESKTOP, "desktop", "2"), (PHONE, "phone", "3")):
        page = page_factory(viewport)
        login(page, "ent_manager")
        point = add_red_point(page, f"液氯钢瓶充装（{suffix}）")
        assert (point.score, point.level) == (540, "major")
        page.goto("/risks/points/")
        row = page.locator("[data-testid=point-row]", has_text=point.name)
        assert "重大风险" in row.locator("[data-testid=point-level]").inner_text()
        assert (
            page.locator("[data-testid=count-major] [data-testid=count-value]").inner_text() == reds
        )
        no_sideways_scroll(page, viewport)
        screenshot(page, f"risk-points-{suffix}")
        no_csp_errors(page)
    response = page.request.get(f"/risks/points/{point.pk}/card.pdf")
    assert response.headers["content-type"] == "application/pdf"
    card = tmp_path / "card.pdf"
    card.write_bytes(response.body())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            str(card),
            str(ARTIFACTS / "risk-card-pdf"),
        ],
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", str(card), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "岗位风险告知卡" in text and "重大风险" in text and "中毒和窒息" in text
    page.goto(f"/risks/points/{point.pk}/")
    page.click("[data-testid=point-void]")
    page.wait_for_selector("#action-dialog.show [data-testid=action-form]")
    page.fill("#action-dialog textarea[name=reason]", "充装工艺已取消")
    page.click("#action-dialog [data-testid=action-submit]")
    page.wait_for_url(re.compile(r"/risks/points/$"))
    assert page.locator("[data-testid=count-major] [data-testid=count-value]").inner_text() == "2"


@pytest.mark.django_db(transaction=True)
def test_the_township_sees_the_map_and_the_unit_arithmetic(page_factory, personas):
    page = page_factory(DESKTOP)
    login(page, "township")
    page.goto("/risks/map/")
    page.wait_for_selector("[data-testid=risk-map][data-ready=true]")
    markers = page.locator("path.risk-marker, .marker-cluster")
    assert markers.count() > 0
    chem = page.locator("[data-testid=grade-row]", has_text="东湖精细化工有限公司")
    assert "重大风险" in chem.inner_text() and "液氯卸车作业" in chem.inner_text()
    screenshot(page, "risk-map-desktop")
    chem.locator("[data-testid=override-open]").click()
    form = page.wait_for_selector("#action-dialog.show [data-testid=action-form]")
    assert "当前等级：重大风险" in form.inner_text()
    page.select_option("#action-dialog select[name=level]", "low")
    page.click("#action-dialog [data-testid=action-submit]")  # no reason: refused in the dialog
    page.wait_for_selector("#action-dialog [data-testid=error-reason]")
    assert page.input_value("#action-dialog select[name=level]") == "low"
    page.fill("#action-dialog textarea[name=reason]", "已完成搬迁改造")
    with page.expect_navigation():
        page.click("#action-dialog [data-testid=action-submit]")
    assert chem.locator("[data-testid=override-badge]").count() == 1
    source = MajorHazardSource.objects.get(name="液氯储罐区")
    page.goto(f"/risks/sources/{source.pk}/")
    assert "R = α·Σβq/Q = 2.0 × (4 × 25/5) = 40" in page.inner_text("[data-testid=source-result]")
    assert "三级" in page.inner_text("[data-testid=source-grade]")
    screenshot(page, "mhs-detail-desktop")
    page.goto(f"/enterprises/{source.enterprise_id}/")
    panels = page.locator("[data-testid=panel-risks], [data-testid=panel-monitoring]")
    assert panels.count() == 2
    for index, name in enumerate(("risks", "monitoring")):
        panels.nth(index).screenshot(path=str(ARTIFACTS / f"enterprise-panel-{name}.png"))
    no_csp_errors(page)


@pytest.mark.django_db(transaction=True)
def test_the_level_chart_draws_its_thresholds(page_factory, personas):
    for viewport, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page = page_factory(viewport)
        login(page, "township")
        page.goto("/monitoring/points/DEMO-LT-01/")
        page.wait_for_selector("[data-testid=reading-chart][data-ready=true] canvas")
        data = json.loads(page.inner_text("#chart-data"))
        assert data["thresholds"]["high"] == 85 and data["thresholds"]["high_high"] == 90
        assert "高报 85" in page.inner_text("[data-testid=threshold-legend]")
        no_sideways_scroll(page, viewport)
        screenshot(page, f"monitoring-point-{suffix}")
        no_csp_errors(page)


@pytest.mark.django_db(transaction=True)
def test_an_alarm_is_acknowledged_in_its_dialog(page_factory, personas):
    point = MonitoringPoint.objects.get(code="DEMO-LT-01")
    now = timezone.now()
    batch = [
        {"point": point.code, "ts": (now - timedelta(seconds=s)).isoformat(), "value": v}
        for s, v in ((50, 88.5), (40, 91.2), (30, 92.4))
    ]
    gas = [
        {"point": "DEMO-GAS-01", "ts": (now - timedelta(seconds=s)).isoformat(), "value": v}
        for s, v in ((45, 1.6), (35, 0.3))
    ]
    readings_post(batch=batch + gas, enterprise_ids=[point.enterprise_id])
    page = page_factory(DESKTOP)
    login(page, "ent_manager")
    page.goto("/monitoring/alarms/")
    rows = page.locator("[data-testid=alarm-row]")
    # the gas alarm has closed; the demo's open pressure alarm is listed with the new one
    assert rows.count() == 2 and point.name in page.inner_text("[data-testid=alarm-table]")
    rows.filter(has_text=point.name).locator("[data-testid=ack-open]").click()
    page.wait_for_selector("#action-dialog.show [data-testid=action-form]")
    page.check("#action-dialog input[name=cause][value=real]")
    page.fill("#action-dialog textarea[name=note]", "进料阀内漏，已关闭上游阀并倒罐。")
    screenshot(page, "alarms-dialog-desktop")
    with page.expect_navigation():
        page.click("#action-dialog [data-testid=action-submit]")
    assert "已确认报警" in page.inner_text(".messages")
    alarm = Alarm.objects.filter(point=point).latest("opened_at")  # the demo's own is older
    assert alarm.cause == "real" and alarm.acknowledged_by == personas["ent_manager"]
    page.goto("/monitoring/alarms/?status=")
    assert "真实报警" in page.inner_text("[data-testid=alarm-table]")
    screenshot(page, "alarms-desktop")
    no_csp_errors(page)


def fill_unit_form(page) -> None:
    page.goto("/risks/sources/new/")
    page.fill("#id_name", "液氨罐组")
    page.select_option("#id_unit_kind", "storage")
    page.fill("#id_exposed_people_500m", "60")
    page.fill("#id_principal", "郑负责")
    page.fill("#id_technical_lead", "林国平")
    page.fill("#id_operations_lead", "吴安全")
    # Typing in a name field opens its datalist; Escape closes it as a user would.
    page.locator("[data-testid=sub-name]").nth(0).fill("液氨")
    page.keyboard.press("Escape")
    page.locator("[data-testid=sub-q]").nth(0).fill("20")
    page.click("[data-testid=add-substance]")
    page.locator("[data-testid=sub-name]").nth(1).fill("丙烯")
    page.keyboard.press("Escape")
    page.locator("[data-testid=sub-category]").nth(1).select_option("W2")
    page.locator("[data-testid=sub-q]").nth(1).fill("5")


@pytest.mark.django_db(transaction=True)
def test_the_enterprise_identifies_a_unit_on_a_phone_and_submits_it(page_factory, personas):
    page = page_factory(PHONE)
    login(page, "ent_manager")
    fill_unit_form(page)
    no_sideways_scroll(page, PHONE)
    screenshot(page, "mhs-form-phone")
    # After the full-page screenshot the phone layout settles late; a click may land beside the
    # button, so the button is pressed with the keyboard instead.
    with page.expect_navigation(url=re.compile(r"/risks/sources/\d+/$")):
        page.locator("[data-testid=source-save]").press("Enter")
    assert "S = 20/10 + 5/10 = 2.5 ≥ 1" in page.inner_text("[data-testid=source-result]")
    assert "四级" in page.inner_text("[data-testid=source-grade]")
    no_sideways_scroll(page, PHONE)
    screenshot(page, "mhs-detail-phone")
    page.click("[data-testid=source-actions] [data-testid=action-submit]")
    page.wait_for_selector("#action-dialog [data-testid=action-form][data-action=submit]")
    with page.expect_navigation():
        page.click("#action-dialog [data-testid=action-submit]")
    assert MajorHazardSource.objects.get(name="液氨罐组").status == "submitted"
    desk = page_factory(DESKTOP)
    login(desk, "township")
    desk.goto("/risks/sources/")
    assert "液氨罐组" in desk.inner_text("[data-testid=source-queue]")
    screenshot(desk, "mhs-register-desktop")
    no_csp_errors(page)
    no_csp_errors(desk)


@pytest.mark.django_db(transaction=True)
def test_the_regulator_pages_fit_a_phone(page_factory, personas):
    page = page_factory(PHONE)
    login(page, "township")
    for url, name in (
        ("/risks/points/", "risk-points-regulator-phone"),
        ("/risks/map/", "risk-map-phone"),
        ("/risks/sources/", "mhs-register-phone"),
        ("/monitoring/", "monitoring-points-phone"),
        ("/monitoring/alarms/?status=", "alarms-phone"),
    ):
        page.goto(url)
        no_sideways_scroll(page, PHONE)
        screenshot(page, name)
    no_csp_errors(page)
