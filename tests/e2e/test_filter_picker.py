"""The enterprise filter of the list pages in a browser: a district officer on a desktop and a
township officer on a 390 px phone find an enterprise by part of its name, only within their
scope, filter the list with it, and see its name again after the page reloads."""

from anjian.enterprises.models import Enterprise
from anjian.hazards.models import Hazard
from anjian.risks.models import RiskPoint

from .conftest import DESKTOP, PHONE, login, screenshot
from .test_enterprises import no_csp_errors, no_sideways_scroll

CHEM = "东湖精细化工有限公司"  # in 城东街道, seen by both officers
WEST = "西山新型建材有限公司"  # in the other district, seen by neither


def pick(page, text: str, name: str) -> None:
    page.fill("#f-enterprise", "")
    page.type("#f-enterprise", text, delay=30)
    page.wait_for_selector("#f-enterprise_list [role=option]")
    options = page.locator("#f-enterprise_list [role=option]").all_inner_texts()
    assert any(name in o for o in options), options
    page.click(f"#f-enterprise_list [role=option][data-label='{name}']")
    assert page.input_value("#f-enterprise") == name


def test_a_district_officer_filters_risk_points_by_enterprise_on_a_desktop(page_factory, demo):
    chem = Enterprise.objects.get(name=CHEM)
    page = page_factory(DESKTOP)
    login(page, "district")
    page.goto("/risks/points/")
    assert page.locator("select[name=enterprise]").count() == 0
    page.type("#f-enterprise", "西山", delay=30)
    page.wait_for_selector("#f-enterprise_list :text('没有找到匹配的记录。')")
    assert WEST not in page.inner_text("#f-enterprise_list")
    pick(page, "精细", CHEM)
    screenshot(page, "filter-picker-desktop-choosing")
    with page.expect_navigation():
        page.click("[data-testid=point-filters] button.d-md-inline-flex[type=submit]")
    assert f"enterprise={chem.pk}" in page.url
    assert page.input_value("#f-enterprise") == CHEM
    rows = page.locator("[data-testid=point-row]")
    assert rows.count() == RiskPoint.objects.filter(enterprise=chem).count()
    for text in rows.all_inner_texts():
        assert CHEM in text
    page.reload()
    assert page.input_value("#f-enterprise") == CHEM
    screenshot(page, "filter-picker-desktop-filtered")
    no_csp_errors(page)


def test_a_township_officer_filters_hazards_by_enterprise_on_a_phone(page_factory, demo):
    chem = Enterprise.objects.get(name=CHEM)
    page = page_factory(PHONE)
    login(page, "township")
    page.goto("/hazards/")
    page.click("[data-bs-target='#more-filters']")
    page.wait_for_selector("#f-enterprise", state="visible")
    pick(page, "东湖", CHEM)
    no_sideways_scroll(page, PHONE)
    screenshot(page, "filter-picker-phone-choosing")
    with page.expect_navigation():
        page.click("[data-testid=hazard-filters] .d-md-none button[type=submit]")
    assert f"enterprise={chem.pk}" in page.url
    assert page.is_visible("#f-enterprise")  # a filtered page opens with its conditions shown
    assert page.input_value("#f-enterprise") == CHEM
    shown = page.locator("[data-testid=hazard-row]").count()
    open_at_chem = Hazard.objects.filter(enterprise=chem).count()
    assert 0 < shown <= open_at_chem
    no_sideways_scroll(page, PHONE)
    screenshot(page, "filter-picker-phone-filtered")
    no_csp_errors(page)
