"""The registry in a browser: the map without tiles, the enterprise page, phones at 390 px."""

import pytest

from anjian.enterprises.models import Enterprise

from .conftest import DESKTOP, PHONE, login, open_nav, screenshot

OWN = "东湖精细化工有限公司"


def no_csp_errors(page) -> None:
    assert not [e for e in page.console_errors if "Content Security Policy" in e], (
        page.console_errors
    )


def no_sideways_scroll(page, viewport) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"page scrolls sideways: {width} px"


def open_a_marker(page):
    """Click clusters until a single enterprise's marker shows, then click that marker."""
    markers = page.locator("path.risk-marker:visible")
    clusters = page.locator(".marker-cluster:visible")
    for _ in range(8):
        if markers.count():
            break
        clusters.first.click()
        page.wait_for_timeout(500)
    markers.first.click()
    page.locator("[data-testid=popup-link]").wait_for()


@pytest.mark.django_db(transaction=True)
def test_the_township_goes_from_the_map_to_an_enterprise_and_its_licences(page_factory, personas):
    page = page_factory(DESKTOP)
    login(page, "township")
    open_nav(page, "企业", "企业地图")
    page.wait_for_selector("[data-testid=enterprise-map][data-ready=true]")
    shown = page.locator("path.risk-marker:visible").count()
    shown += page.locator(".marker-cluster:visible").count()
    assert shown > 0
    assert page.locator(".leaflet-tile").count() == 0  # no tile server: a blank background
    assert "重大风险" in page.inner_text("[data-testid=map-legend]")
    screenshot(page, "enterprise-map-desktop")

    page.select_option("#f-sector", label="危险化学品")
    page.click("[data-testid=map-filters] button[type=submit]")
    page.wait_for_selector("[data-testid=enterprise-map][data-ready=true]")
    open_a_marker(page)
    name = page.inner_text(".map-popup-name")
    page.click("[data-testid=popup-link]")
    page.wait_for_selector("[data-testid=enterprise-detail]")
    assert name in page.inner_text("[data-testid=enterprise-name]")
    assert page.locator("[data-testid=licence-row]").count() >= 1
    assert page.locator("[data-testid=licence-state]").first.is_visible()
    page.wait_for_selector("[data-testid=enterprise-map][data-ready=true]")
    screenshot(page, "enterprise-detail-desktop")
    no_csp_errors(page)


@pytest.mark.django_db(transaction=True)
def test_the_enterprise_page_and_the_list_fit_a_phone(page_factory, personas):
    enterprise = Enterprise.objects.get(name=OWN)
    page = page_factory(PHONE)
    login(page, "township")
    page.goto(f"/enterprises/{enterprise.pk}/")
    page.wait_for_selector("[data-testid=enterprise-map][data-ready=true]")
    assert page.locator("[data-testid=licence-row]").count() == 1
    no_sideways_scroll(page, PHONE)
    screenshot(page, "enterprise-detail-phone")
    page.goto("/enterprises/")
    assert page.locator("[data-testid=enterprise-row]").count() == 9
    no_sideways_scroll(page, PHONE)
    screenshot(page, "enterprise-list-phone")
    no_csp_errors(page)


@pytest.mark.django_db(transaction=True)
def test_a_district_officer_reveals_a_phone(page_factory, personas):
    enterprise = Enterprise.objects.get(name=OWN)
    page = page_factory(DESKTOP)
    login(page, "district")
    page.goto(f"/enterprises/{enterprise.pk}/")
    assert enterprise.principal_phone not in page.content()
    page.click("[data-testid=reveal-principal_phone]")
    page.wait_for_selector("[data-testid=revealed]")
    assert enterprise.principal_phone in page.inner_text("[data-testid=revealed]")
    no_csp_errors(page)


@pytest.mark.django_db(transaction=True)
def test_the_township_suspends_an_enterprise_from_the_dialog(page_factory, personas):
    enterprise = Enterprise.objects.get(name=OWN)
    page = page_factory(PHONE)
    login(page, "township")
    page.goto(f"/enterprises/{enterprise.pk}/")
    page.click("[data-testid=action-suspend]")
    page.fill(
        "[data-testid=action-form] textarea[name=reason]", "检查发现重大事故隐患，责令停产整顿"
    )
    page.click("[data-testid=action-submit]")
    page.wait_for_selector("text=已责令停产整顿")
    assert "检查发现重大事故隐患" in page.inner_text("[data-testid=status-history]")
    no_sideways_scroll(page, PHONE)
    no_csp_errors(page)
