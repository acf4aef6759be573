"""标准计算器 in the browser: accident grade and GB 18218 with two substances, desktop and phone."""

import pytest

from .conftest import DESKTOP, PHONE, login, screenshot

VIEWPORTS = [("desktop", DESKTOP), ("phone", PHONE)]


def pick_rule(page, rule: str, label: str) -> None:
    if label == "phone":
        page.select_option("[data-rule-picker]", rule)
    else:
        page.click(f"#tab-{rule}")
    page.wait_for_selector(f"#pane-{rule}.active.show")


def assert_no_sideways_scroll(page, viewport) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"page scrolls sideways at {viewport['width']} px"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("label", "viewport"), VIEWPORTS)
def test_the_calculator_grades_an_accident_and_a_major_hazard(
    page_factory, personas, label, viewport
):
    page = page_factory(viewport)
    login(page, "township")
    page.goto("/calculator/")
    assert page.locator("[data-testid=placeholder]").first.is_visible()

    form = page.locator("[data-testid=form-accident]")
    form.locator("input[name=deaths]").fill("3")
    form.locator("input[name=serious_injuries]").fill("12")
    form.locator("input[name=direct_loss_10k_yuan]").fill("850")
    form.locator("button[type=submit]").click()
    badge = page.locator("#result-accident [data-testid=result-badge]")
    badge.wait_for()
    assert badge.inner_text() == "较大事故"
    assert "由死亡、重伤（含急性工业中毒）决定" in page.inner_text("#result-accident")
    assert_no_sideways_scroll(page, viewport)
    screenshot(page, f"calculator-accident-{label}")

    pick_rule(page, "major-hazard", label)
    assert "rule=major-hazard" in page.url
    form = page.locator("[data-testid=form-major-hazard]")
    form.locator("[data-substance-row] input[name=name]").fill("氯")
    form.locator("[data-substance-row] input[name=q_t]").fill("25")
    form.locator("[data-action=add-substance]").click()
    second = form.locator("[data-substance-row]").nth(1)
    second.locator("input[name=name]").fill("甲醇")
    second.locator("input[name=q_t]").fill("100")
    form.locator("[data-action=add-substance]").click()
    form.locator("[data-substance-row]").nth(2).locator("[data-action=remove-substance]").click()
    assert form.locator("[data-substance-row]").count() == 2
    form.locator("input[name=exposed_people_500m]").fill("120")
    form.locator("button[type=submit]").click()

    result = page.locator("#result-major-hazard")
    result.locator("[data-testid=result-badge]").wait_for()
    assert result.locator("[data-testid=result-badge]").inner_text() == "三级重大危险源"
    assert result.locator("[data-testid=mhs-S]").inner_text() == "5.2"
    assert result.locator("[data-testid=mhs-R]").inner_text() == "40.4"
    lines = result.locator("[data-testid=mhs-lines] tbody tr")
    assert lines.count() == 2
    assert "表1 第12项" in lines.nth(0).inner_text() and "表1 第65项" in lines.nth(1).inner_text()
    assert_no_sideways_scroll(page, viewport)
    screenshot(page, f"calculator-major-hazard-{label}")
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


@pytest.mark.django_db(transaction=True)
def test_an_error_is_shown_and_the_inputs_stay(page_factory, personas):
    page = page_factory(PHONE)
    login(page, "township")
    page.goto("/calculator/?rule=major-hazard")
    form = page.locator("[data-testid=form-major-hazard]")
    form.locator("input[name=name]").fill("氯气水")
    form.locator("input[name=q_t]").fill("3")
    form.locator("button[type=submit]").click()
    error = page.locator("#result-major-hazard [data-testid=calculator-error]")
    error.wait_for()
    assert "第1行物质的物质名称" in error.inner_text()
    assert form.locator("input[name=name]").input_value() == "氯气水"
    assert form.locator("input[name=q_t]").input_value() == "3"
    assert_no_sideways_scroll(page, PHONE)
    screenshot(page, "calculator-error-phone")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("label", "viewport"), VIEWPORTS)
def test_lec_ls_and_credit_code_answer_in_place(page_factory, personas, label, viewport):
    page = page_factory(viewport)
    login(page, "township")
    page.goto("/calculator/")
    checks = [
        ("lec", {"L": "6", "E": "6", "C": "7"}, "较大风险（橙）"),
        ("ls", {"L": "4", "S": "5"}, "重大风险（红）"),
    ]
    for rule, choices, headline in checks:
        pick_rule(page, rule, label)
        form = page.locator(f"[data-testid=form-{rule}]")
        for field, value in choices.items():
            form.locator(f"select[name={field}]").select_option(value)
        form.locator("button[type=submit]").click()
        badge = page.locator(f"#result-{rule} [data-testid=result-badge]")
        badge.wait_for()
        assert badge.inner_text() == headline
        screenshot(page, f"calculator-{rule}-{label}")
    pick_rule(page, "credit-code", label)
    page.fill("#credit-code", "914403001922038217")
    page.click("[data-testid=form-credit-code] button[type=submit]")
    result = page.locator("#result-credit-code [data-testid=calculator-result]")
    result.wait_for()
    assert "第18位应为「6」" in result.inner_text()
    assert_no_sideways_scroll(page, viewport)
    screenshot(page, f"calculator-credit-code-{label}")
