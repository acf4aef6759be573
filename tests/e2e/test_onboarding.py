"""Enterprise onboarding in a browser (the issue's acceptance): a regulator registers an
enterprise and opens an account for its safety manager, who logs in on a phone, changes the
one-time password and reports a hazard; another enterprise claims its account by credit code and
the township approves it."""

import re

import pytest

from anjian.accounts.models import EnterpriseClaim, User
from anjian.enterprises.models import Enterprise
from anjian.enterprises.seeds import make_credit_code
from anjian.hazards.models import Hazard
from anjian.regions.models import Region, Sector

from .conftest import DESKTOP, PHONE, login, screenshot
from .test_enterprises import no_csp_errors, no_sideways_scroll
from .test_hazards import jpeg, sign_on_pad

NEW_PASSWORD = "Qiye-Anquan#2026"
CLAIMED = "东湖机械制造有限公司"  # in the demo registry, without accounts


def _register_enterprise(page) -> Enterprise:
    township = Region.objects.get(code="990102001000")
    page.goto("/enterprises/new/")
    page.fill("#id_name", "城东智能装备有限公司")
    page.fill("#id_credit_code", make_credit_code(township.code, 71008888))
    page.select_option("#id_region", value=str(township.pk))
    page.select_option("#id_sector", value=str(Sector.objects.get(code="machinery").pk))
    page.click("[data-testid=enterprise-save]")
    page.wait_for_url(re.compile(r"/enterprises/\d+/$"))
    return Enterprise.objects.get(name="城东智能装备有限公司")


def _open_account(page, enterprise: Enterprise) -> tuple[str, str]:
    page.click("[data-testid=enterprise-open-account]")
    page.wait_for_selector("[data-testid=enterprise-account-form]")
    page.fill("#id_name", "钱安全")
    page.fill("#id_mobile", "12345")  # refused with the rule, nothing stored
    page.click("[data-testid=enterprise-account-submit]")
    assert "13–19" in page.inner_text("[data-testid=error-mobile]")
    page.fill("#id_mobile", "13912340001")
    page.select_option("#id_role", value="safety_manager")
    page.click("[data-testid=enterprise-account-submit]")
    page.wait_for_selector("[data-testid=one-time-password]")
    screenshot(page, "onboarding-account-opened")
    username = page.inner_text("[data-testid=result-username]").strip()
    return username, page.inner_text("[data-testid=one-time-password]").strip()


def _report_on_a_phone(page, username: str, password: str) -> Hazard:
    login(page, username, password)
    page.wait_for_url("**/accounts/password/")
    page.fill("input[name=old_password]", password)
    page.fill("input[name=new_password]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=welcome-card]")
    page.goto("/hazards/new/")
    assert page.input_value("#id_enterprise")  # preselected: the new enterprise
    page.fill("#id_location", "装配车间行车")
    page.fill("#id_description", "行车限位器失灵，吊钩防脱装置缺失")
    page.select_option("#id_subcategory", label="生产设备设施及工艺")
    page.set_input_files("#id_photos", files=[jpeg("行车.jpg", (92, 120, 160))])
    page.wait_for_selector("[data-photo-previews] img")
    sign_on_pad(page)
    no_sideways_scroll(page, PHONE)
    page.click("[data-testid=report-submit]")
    page.wait_for_url(re.compile(r"/hazards/\d+/$"))
    screenshot(page, "onboarding-first-hazard-phone")
    return Hazard.objects.get(description="行车限位器失灵，吊钩防脱装置缺失")


@pytest.mark.django_db(transaction=True)
def test_a_regulator_opens_an_account_and_the_enterprise_reports_on_a_phone(page_factory, personas):
    desk = page_factory(DESKTOP)
    login(desk, "township")
    enterprise = _register_enterprise(desk)
    username, password = _open_account(desk, enterprise)
    user = User.objects.get(username=username)
    assert user.organisation.enterprise_id == enterprise.pk and user.must_change_password

    phone = page_factory(PHONE)
    hazard = _report_on_a_phone(phone, username, password)
    assert hazard.enterprise_id == enterprise.pk and hazard.created_by_id == user.pk
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(NEW_PASSWORD)
    no_csp_errors(desk)
    no_csp_errors(phone)


@pytest.mark.django_db(transaction=True)
def test_an_enterprise_claims_its_account_and_the_township_approves(page_factory, personas):
    enterprise = Enterprise.objects.get(name=CLAIMED)
    phone = page_factory(PHONE)
    phone.goto("/accounts/login/")
    phone.click("[data-testid=claim-link] a")
    phone.wait_for_selector("[data-testid=claim-form]")
    phone.fill("#id_credit_code", enterprise.credit_code)
    phone.fill("#id_enterprise_name", enterprise.name)
    phone.fill("#id_applicant_name", "钱申请")
    phone.fill("#id_mobile", "137 1234 0002")
    phone.fill("#id_password", NEW_PASSWORD)
    no_sideways_scroll(phone, PHONE)
    screenshot(phone, "onboarding-claim-phone")
    phone.click("[data-testid=claim-submit]")
    username = phone.inner_text("[data-testid=claim-username]").strip()
    claim = EnterpriseClaim.objects.get(enterprise=enterprise)
    assert claim.status == "pending" and not claim.account.is_active

    desk = page_factory(DESKTOP)
    login(desk, "township")
    desk.goto("/accounts/claims/")
    desk.click(f"text={enterprise.name}")
    desk.wait_for_url(re.compile(r"/accounts/claims/\d+/$"))
    desk.click("[data-testid=action-approve]")
    desk.wait_for_selector("#action-dialog [data-testid=action-form][data-action=approve]")
    screenshot(desk, "onboarding-claim-approve")
    with desk.expect_navigation():
        desk.click("#action-dialog [data-testid=action-submit]")
    claim.refresh_from_db()
    assert claim.status == "approved"

    login(phone, username, NEW_PASSWORD)  # the applicant's own password, no forced change
    phone.wait_for_selector("[data-testid=welcome-card]")
    assert User.objects.get(username=username).scope.enterprise_id == enterprise.pk
    no_csp_errors(desk)
    no_csp_errors(phone)
