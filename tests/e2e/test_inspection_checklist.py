"""On a phone (390 px) the lead inspector starts the planned unannounced check at the demo
chemical plant, works through the checklist — one item 符合, two 不符合 with a photo (one
becomes a hazard, one a violation) — sees the progress, and the hazard exists afterwards."""

from playwright.sync_api import expect

from anjian.hazards.models import Hazard
from anjian.inspections.models import Finding, Inspection, Violation

from .conftest import DESKTOP, PHONE, login, screenshot
from .test_enterprises import no_csp_errors, no_sideways_scroll
from .test_hazards import dialog_screenshot, jpeg, send_dialog

CHEM = "东湖精细化工有限公司"


def test_the_lead_works_through_the_checklist_on_a_phone(page_factory, personas):
    planned = Inspection.objects.get(enterprise__name=CHEM, status="planned")
    page = page_factory(PHONE)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 30.5928, "longitude": 114.3055})
    login(page, "district")
    page.goto("/inspections/")
    page.click(f"text={planned.number}")
    expect(page.locator("[data-testid=record-fields]")).to_contain_text("四不两直")
    screenshot(page, "inspection-planned-phone")

    page.click("[data-testid=action-start]")
    page.wait_for_selector("#action-dialog [data-testid=action-form][data-action=start]")
    dialog_screenshot(page, "inspection-start-dialog-phone")
    send_dialog(page)
    expect(page.locator("[data-testid=record-fields]")).to_contain_text("检查中")
    page.click("[data-testid=open-checklist]")
    expect(page.locator("[data-testid=geo-status]")).to_contain_text("已取得定位")
    total = planned.items.count()
    expect(page.locator("[data-testid=checklist-progress]")).to_have_text(f"已查 0/{total}")

    cards = page.locator(".checklist-card[data-item]")
    first, second, third = cards.nth(0), cards.nth(1), cards.nth(2)
    first.locator("label.result-conform").click()  # saved at once
    expect(first.locator("[data-testid=card-saved]")).to_be_visible()
    expect(page.locator("[data-testid=checklist-progress]")).to_have_text(f"已查 1/{total}")

    second.locator("label.result-nonconform").click()
    second.locator("[data-testid=description]").select_option(index=1)
    second.locator("[data-testid=photos]").set_input_files(jpeg("反应釜.jpg", (176, 92, 48)))
    second.locator("[data-testid=becomes-hazard]").check()
    expect(second.locator("[data-testid=deadline]")).to_be_visible()
    no_sideways_scroll(page, PHONE)
    screenshot(page, "inspection-checklist-nonconform-phone")
    second.locator("[data-testid=save-nonconform]").click()
    expect(second.locator("[data-testid=card-hazard]")).to_contain_text("已转为隐患")
    expect(second.locator("img")).to_have_count(1)

    third.locator("label.result-nonconform").click()
    third.locator("[data-testid=text]").fill("可燃气体报警器未投入使用")
    third.locator("[data-testid=becomes-violation]").check()
    expect(third.locator("[data-testid=provision]")).not_to_have_value("")  # from the item's basis
    third.locator("[data-testid=save-nonconform]").click()
    expect(third.locator("[data-testid=card-violation]")).to_be_visible()
    expect(page.locator("[data-testid=checklist-progress]")).to_have_text(f"已查 3/{total}")
    expect(third.locator("[data-testid=card-stamp]")).to_contain_text("定位")
    no_sideways_scroll(page, PHONE)
    no_csp_errors(page)
    screenshot(page, "inspection-checklist-phone")

    hazard = Hazard.objects.get(finding__inspection=planned)
    assert hazard.source == "inspection" and planned.number in hazard.location
    assert Violation.objects.filter(inspection=planned).count() == 1
    assert Finding.objects.filter(inspection=planned, latitude__isnull=False).count() == 3


def test_the_list_detail_and_planning_pages_read_well(page_factory, personas):
    visit = Inspection.objects.get(enterprise__name=CHEM, status="rechecking")  # finished
    seen = Inspection.objects.visible_to(personas["district"]).count()
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = page_factory(viewport)
        login(page, "district")
        page.goto("/inspections/")
        expect(page.locator("table tbody tr")).to_have_count(min(seen, 30))
        expect(page.locator("table")).to_contain_text("四不两直")
        screenshot(page, f"inspection-list-{name}")
        page.goto(f"/inspections/{visit.pk}/")
        expect(page.locator("[data-testid=inspection-visit-panel]")).to_contain_text("已转为隐患")
        screenshot(page, f"inspection-detail-{name}")
        page.goto("/inspections/new/")
        expect(page.locator("[data-testid=record-form]")).to_contain_text("钱执法")
        screenshot(page, f"inspection-create-{name}")
        if viewport is PHONE:
            no_sideways_scroll(page, PHONE)
        no_csp_errors(page)
