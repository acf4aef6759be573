"""The searchable enterprise picker in a browser: a township officer on a desktop and a district
officer on a phone find an enterprise by part of its name, only within their scope, and the choice
survives a validation error; without the script the full name typed alone still chooses it."""

from anjian.enterprises.models import Enterprise
from tests.personas import PASSWORD

from .conftest import DESKTOP, PHONE, login, screenshot
from .test_enterprises import no_csp_errors, no_sideways_scroll

OWN = "城东建设工程有限公司"  # in the township officer's 城东街道
ELSEWHERE = "临江路桥建设集团有限公司"  # in another township of the same district


def type_and_wait(page, text: str) -> None:
    page.fill("#id_enterprise", "")
    page.type("#id_enterprise", text, delay=30)
    page.wait_for_selector("#id_enterprise_list [role=option]")


def submit_incomplete(page) -> None:
    """Send the report without photo or signature: the page comes back with its errors."""
    with page.expect_navigation():
        page.click("[data-testid=report-submit]")
    assert page.locator(".invalid-feedback").count() > 0


def test_a_township_officer_picks_an_enterprise_in_scope_on_a_desktop(page_factory, demo):
    page = page_factory(DESKTOP)
    login(page, "township")
    page.goto("/hazards/new/")
    assert "从列表中选择" in page.inner_text("[data-picker-hint]")
    type_and_wait(page, "建设")
    options = page.locator("#id_enterprise_list [role=option]").all_inner_texts()
    assert any(OWN in o for o in options)
    assert not any(ELSEWHERE in o for o in options)
    screenshot(page, "picker-desktop")
    page.keyboard.press("ArrowDown")
    option = page.locator("#id_enterprise_list [role=option].active")
    chosen = option.get_attribute("data-label")
    page.keyboard.press("Enter")
    assert page.input_value("#id_enterprise") == chosen
    picked = Enterprise.objects.get(name=chosen)
    assert page.input_value("input[type=hidden][name=enterprise]") == str(picked.pk)
    submit_incomplete(page)
    assert page.input_value("#id_enterprise") == chosen
    assert not page.locator("[data-testid=error-enterprise]").count()
    no_csp_errors(page)


def test_a_district_officer_picks_by_tapping_on_a_phone(page_factory, demo):
    page = page_factory(PHONE)
    login(page, "district")
    page.goto("/hazards/new/")
    type_and_wait(page, "液化气")
    no_sideways_scroll(page, PHONE)
    screenshot(page, "picker-phone")
    page.click("#id_enterprise_list [role=option] >> nth=0")
    assert page.input_value("#id_enterprise") == "城东液化气储配站有限公司"
    assert page.is_hidden("#id_enterprise_list")
    page.fill("#id_enterprise", "查无此企业")
    page.wait_for_selector("#id_enterprise_list :text('没有找到匹配的记录。')")
    assert page.input_value("input[type=hidden][name=enterprise]") == ""
    no_csp_errors(page)


def test_without_the_script_the_full_name_chooses_the_enterprise(browser, live_server, demo):
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", base_url=live_server.url, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("input[name=username]", "township")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.goto("/hazards/new/")
        assert "完整名称或统一社会信用代码" in page.inner_text("[data-picker-hint]")
        page.fill("#id_enterprise", OWN)
        submit_incomplete(page)
        own = Enterprise.objects.get(name=OWN)
        assert page.input_value("input[type=hidden][name=enterprise]") == str(own.pk)
        page.fill("#id_enterprise", ELSEWHERE)
        submit_incomplete(page)
        assert page.locator("[data-testid=error-enterprise]").count() == 1
        screenshot(page, "picker-no-script")
    finally:
        context.close()
