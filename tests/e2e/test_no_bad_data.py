"""No bad data in a browser: a length limit counts instead of cutting, every error of the
enterprise form in one round, and a map that flags a record with unusable coordinates."""

import pytest

from anjian.enterprises.models import Enterprise
from anjian.regions.models import Region

from .conftest import DESKTOP, PHONE, login, screenshot

OWN = "东湖精细化工有限公司"


@pytest.mark.django_db(transaction=True)
def test_the_enterprise_form_counts_length_and_shows_every_error_at_once(page_factory, personas):
    page = page_factory(PHONE)
    login(page, "township")
    page.goto("/enterprises/new/")
    address = page.locator("#id_address")
    assert address.get_attribute("maxlength") is None  # no silent cut
    address.fill("临江路" * 70)  # 210 characters, limit 200
    counter = page.locator("#id_address + [data-testid=length-counter]")
    assert "已超出 10 字" in counter.inner_text() and "最多 200 字" in counter.inner_text()
    assert len(address.input_value()) == 210  # what was typed is all still there
    page.fill("#id_name", "一次看全错误有限公司")
    page.fill("#id_credit_code", "91990102MA00000000")
    page.select_option("#id_region", value=str(Region.objects.get(code="990102001000").pk))
    page.select_option("#id_sector", label="机械")
    page.fill("#id_principal_phone", "12345")
    page.fill("#id_longitude", "500")
    page.fill("#id_latitude", "30.25")
    page.click("form button[type=submit].btn-primary")
    page.wait_for_timeout(300)
    assert page.url.endswith("/enterprises/new/")  # refused in the browser: nothing sent
    assert page.evaluate("document.activeElement.id") == "id_address"
    address.fill("临江路 1 号")
    assert counter.is_hidden()  # far below the limit: no counter on a one-line field
    page.click("form button[type=submit].btn-primary")
    page.wait_for_selector(".invalid-feedback")
    for field in ("credit_code", "principal_phone", "longitude"):
        assert page.locator(f"#id_{field}.is-invalid").count() == 1, field
    assert page.locator("#id_principal_phone").input_value() == "12345"  # kept as typed
    screenshot(page, "enterprise-form-all-errors-phone")
    assert not Enterprise.objects.filter(name="一次看全错误有限公司").exists()


@pytest.mark.django_db(transaction=True)
def test_the_map_draws_and_flags_an_enterprise_with_unusable_coordinates(page_factory, personas):
    Enterprise.objects.filter(name=OWN).update(longitude=500, latitude=95)
    page = page_factory(DESKTOP)
    login(page, "city")
    page.goto("/enterprises/map/")
    page.wait_for_selector("[data-testid=enterprise-map][data-ready=true]")
    shown = page.locator("path.risk-marker:visible").count()
    assert shown + page.locator(".marker-cluster:visible").count() > 0
    flag = page.inner_text("[data-testid=map-unusable]")
    assert OWN in flag and "−180～180" in flag
    screenshot(page, "enterprise-map-unusable-desktop")
    assert not [e for e in page.console_errors if "Error" in e], page.console_errors
