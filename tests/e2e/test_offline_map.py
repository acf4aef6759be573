"""Maps without a tile server: the district, township and grid boundaries are the base map."""

import pytest

from .conftest import DESKTOP, PHONE, login, screenshot

READY = "[data-testid={}][data-ready=true]"


def boundary_count(page, level: str) -> int:
    return page.locator(f"path.boundary-{level}").count()


def visible_labels(page, level: str) -> list[str]:
    return page.locator(f".boundary-label-{level}:visible").all_inner_texts()


def no_csp_errors(page) -> None:
    assert not [e for e in page.console_errors if "Content Security Policy" in e], (
        page.console_errors
    )


@pytest.mark.django_db(transaction=True)
def test_the_city_sees_its_districts_and_townships_drawn_without_tiles(page_factory, personas):
    page = page_factory(DESKTOP)
    login(page, "city")
    page.goto("/enterprises/map/")
    page.wait_for_selector(READY.format("enterprise-map"))
    assert page.locator(".leaflet-tile").count() == 0
    assert boundary_count(page, "city") == 1
    assert boundary_count(page, "county") == 2
    assert boundary_count(page, "township") == 6
    assert boundary_count(page, "grid") == 12
    # The townships are tinted areas; the districts are outlines over them.
    assert page.locator("path.boundary-township[fill='none']").count() == 0
    assert page.locator("path.boundary-county[fill='none']").count() == 2
    note = page.locator("[data-testid=map-note]")
    assert note.is_visible()
    assert "天地图" in note.inner_text() and "管理员手册" in note.inner_text()
    screenshot(page, "offline-map-desktop")

    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(600)
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(600)
    shown = visible_labels(page, "township")
    assert shown and set(shown) <= {"城东街道", "临江镇", "青石镇", "西城街道", "枫林镇", "石桥镇"}
    screenshot(page, "offline-map-desktop-zoomed")
    no_csp_errors(page)


@pytest.mark.django_db(transaction=True)
def test_a_district_officer_on_a_phone_sees_his_district_named(page_factory, personas):
    page = page_factory(PHONE)
    login(page, "district")
    page.goto("/enterprises/map/")
    page.wait_for_selector(READY.format("enterprise-map"))
    assert boundary_count(page, "county") == 1 and boundary_count(page, "township") == 3
    assert "东湖区" in visible_labels(page, "county")
    assert page.locator("[data-testid=map-note]").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page scrolls sideways: {width} px"
    screenshot(page, "offline-map-phone")

    page.goto("/risks/map/")
    page.wait_for_selector(READY.format("risk-map"))
    assert boundary_count(page, "township") == 3
    screenshot(page, "offline-risk-map-phone")
    no_csp_errors(page)


@pytest.mark.django_db(transaction=True)
def test_with_tiles_the_boundaries_are_lines_over_them_and_no_note(
    page_factory, personas, settings
):
    tile = "/static/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}&s={s}"
    settings.ANJIAN = {**settings.ANJIAN, "MAP_TILE_URL": tile}
    page = page_factory(DESKTOP)
    login(page, "township")
    page.goto("/enterprises/map/")
    page.wait_for_selector(READY.format("enterprise-map"))
    page.wait_for_selector(".leaflet-tile")
    assert boundary_count(page, "township") == 1 and boundary_count(page, "grid") == 2
    assert page.locator("path.boundary[fill='none']").count() == 3
    assert page.locator("[data-testid=map-note]").count() == 0
    no_csp_errors(page)
