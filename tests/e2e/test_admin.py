"""The system administrator in the browser: a new account for a township station, the users page
and the region tree on desktop and phone."""

import pytest

from anjian.accounts.models import User
from tests.personas import PASSWORD, otp_code

from .conftest import DESKTOP, PHONE, open_nav, screenshot


def login_sysadmin(page, user) -> None:
    """Password, then the second factor on the verify page (administrators must pass both)."""
    otp_code(user)  # enrols a confirmed authenticator on first use
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/otp/verify/**")
    page.fill("input[name=token]", otp_code(user))
    page.click("button:has-text('验证')")
    page.wait_for_url(lambda url: "/accounts/otp/" not in url)


def assert_no_sideways_scroll(page, viewport) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"page scrolls sideways at {viewport['width']} px"


def assert_no_csp_errors(page) -> None:
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


@pytest.mark.django_db(transaction=True)
def test_sysadmin_creates_an_account_and_the_security_admin_gives_its_role(page_factory, personas):
    page = page_factory(DESKTOP)
    login_sysadmin(page, personas["sysadmin"])
    open_nav(page, "系统管理", "用户管理")
    page.click("[data-testid=user-create]")
    page.fill("input[name=username]", "xiaozhao")
    page.fill("input[name=display_name]", "赵小安")
    page.fill("input[name=phone]", "13900001111")
    page.select_option("select[name=organisation]", label="城东街道安全生产监督站")
    # no role at all is offered to the system administrator (三权分立)
    assert page.get_by_label("乡镇安全站人员", exact=True).count() == 0
    page.click("button:has-text('创建账号')")
    assert "安全管理员" in page.inner_text(".messages")
    assert page.locator("[data-testid=one-time-password]").count() == 0
    user = User.objects.get(username="xiaozhao")
    assert not user.has_usable_password() and not user.roles.exists()
    assert_no_csp_errors(page)

    page = page_factory(DESKTOP)
    login_sysadmin(page, personas["secadmin"])
    page.goto(f"/accounts/security/users/{user.pk}/")
    page.get_by_label("乡镇安全站人员", exact=True).check()
    page.click("button:has-text('保存角色')")
    password = page.inner_text("[data-testid=one-time-password]").strip()
    assert "首次登录时必须先修改" in page.inner_text("[data-testid=password-result]")
    user.refresh_from_db()
    assert user.check_password(password) and user.must_change_password
    assert [r.name for r in user.roles.all()] == ["乡镇安全站人员"]
    screenshot(page, "admin-user-created-desktop")
    assert_no_csp_errors(page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_users_page_and_the_region_tree_fit_the_screen(page_factory, personas, label, viewport):
    page = page_factory(viewport)
    login_sysadmin(page, personas["sysadmin"])
    page.goto("/accounts/admin/users/")
    assert (
        page.locator("[data-testid=user-table] tbody tr").count() == 17
    )  # 12 + three enterprise accounts + a second district officer and an expert
    assert_no_sideways_scroll(page, viewport)
    screenshot(page, f"admin-users-{label}")

    page.goto("/regions/")
    page.click("[data-testid=region-990102000000] > details > summary")
    page.wait_for_selector("[data-testid=region-990102001000]")
    page.click("[data-testid=region-990102001000] > details > summary")
    page.wait_for_selector("text=望江社区")
    assert_no_sideways_scroll(page, viewport)
    screenshot(page, f"admin-regions-{label}")
    assert_no_csp_errors(page)


@pytest.mark.django_db(transaction=True)
def test_a_bad_region_sheet_lists_its_rows_on_a_phone(page_factory, personas, tmp_path):
    sheet = tmp_path / "regions.csv"
    sheet.write_text("区划代码,名称\n990102004,白沙镇\n99x,坏代码\n990109001,孤儿镇\n", "utf-8")
    page = page_factory(PHONE)
    login_sysadmin(page, personas["sysadmin"])
    page.goto("/regions/import/")
    page.set_input_files("input[name=file]", str(sheet))
    page.click("button:has-text('校验并导入')")
    errors = page.inner_text("[data-testid=import-errors]")
    assert "第 3 行" in errors and "第 4 行" in errors
    assert_no_sideways_scroll(page, PHONE)
    screenshot(page, "admin-region-import-errors-phone")


@pytest.mark.django_db(transaction=True)
def test_the_forms_fit_a_phone_and_show_errors_on_their_fields(page_factory, personas):
    page = page_factory(PHONE)
    login_sysadmin(page, personas["sysadmin"])
    page.goto("/accounts/admin/users/new/")
    page.fill("input[name=username]", "TOWNSHIP")
    page.select_option("select[name=organisation]", label="临江镇安全生产监督站")
    page.click("button:has-text('创建账号')")
    assert page.inner_text("[data-testid=error-display_name]")
    page.fill("input[name=display_name]", "重名者")
    page.select_option("select[name=grid]", label="临江镇 · 第一网格")
    page.click("button:has-text('创建账号')")
    assert "已被使用" in page.inner_text("[data-testid=error-username]")  # from the service
    assert page.input_value("input[name=display_name]") == "重名者"
    assert page.locator("select[name=grid] option:checked").inner_text() == "临江镇 · 第一网格"
    assert_no_sideways_scroll(page, PHONE)
    screenshot(page, "admin-user-form-errors-phone")
    pages = {
        "user-edit": f"/accounts/admin/users/{personas['township'].pk}/",
        "organisation-edit": f"/accounts/admin/organisations/{personas['sector'].organisation_id}/",
        "grids": "/regions/grids/",
    }
    for name, url in pages.items():
        page.goto(url)
        assert_no_sideways_scroll(page, PHONE)
        screenshot(page, f"admin-{name}-phone")
    assert_no_csp_errors(page)
