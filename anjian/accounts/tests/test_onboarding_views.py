"""The onboarding pages: 开通账号 on the enterprise page, the public claim form, the review."""

from anjian.accounts.models import EnterpriseClaim, User
from anjian.core.models import AuditEvent
from tests.personas import login_verified

MACHINERY = 14  # 东湖机械制造有限公司, 城东街道, no accounts in the demo


def test_the_enterprise_page_offers_opening_accounts_to_the_regulator_only(client, demo, personas):
    enterprise = demo.data["enterprises"][0]
    for username, shown in (("township", True), ("ent_manager", False), ("grid", False)):
        login_verified(client, personas[username])
        page = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
        assert ('data-testid="enterprise-open-account"' in page) is shown, username


def test_the_page_opens_an_account_and_shows_the_password_once(client, demo, personas):
    enterprise = demo.data["enterprises"][MACHINERY]
    login_verified(client, personas["township"])
    url = f"/accounts/enterprises/{enterprise.pk}/accounts/new/"
    bad = client.post(url, {"name": "", "mobile": "12345", "role": "principal"})
    assert bad.status_code == 200 and "手机号" in bad.content.decode()
    assert 'data-testid="error-name"' in bad.content.decode()
    assert 'data-testid="error-mobile"' in bad.content.decode()  # every error in one round
    response = client.post(url, {"name": "钱负责", "mobile": "13912345611", "role": "principal"})
    page = response.content.decode()
    assert 'data-testid="one-time-password"' in page and "no-cache" in response["Cache-Control"]
    user = User.objects.get(phone="13912345611")
    assert list(user.roles.values_list("code", flat=True)) == ["ent_principal"]


def test_the_enterprise_cannot_open_its_own_accounts_from_the_page(client, demo, personas):
    login_verified(client, personas["ent_manager"])
    url = f"/accounts/enterprises/{demo.data['enterprises'][0].pk}/accounts/new/"
    assert client.get(url).status_code == 404


def test_anyone_claims_and_the_township_approves_in_the_dialog(client, demo, personas):
    enterprise = demo.data["enterprises"][MACHINERY]
    assert "企业认领" in client.get("/accounts/login/").content.decode()
    form = {
        "credit_code": enterprise.credit_code,
        "enterprise_name": enterprise.name,
        "applicant_name": "钱申请",
        "mobile": "13712345680",
        "role": "safety_manager",
        "password": "Qiye-Anquan-2026",
    }
    response = client.post("/accounts/claim/", form)
    assert 'data-testid="claim-username"' in response.content.decode()
    claim = EnterpriseClaim.objects.get(enterprise=enterprise)
    login_verified(client, personas["township"])
    listing = client.get("/accounts/claims/").content.decode()
    assert enterprise.name in listing
    detail = client.get(f"/accounts/claims/{claim.pk}/").content.decode()
    assert "137****5680" in detail and "13712345680" not in detail  # masked
    response = client.post(
        f"/accounts/claims/{claim.pk}/actions/approve/", {"version": claim.version}
    )
    assert response.status_code in (200, 302)
    claim.refresh_from_db()
    assert claim.status == "approved" and claim.account.is_active
    assert AuditEvent.objects.filter(event_type="enterprise_claim.approve").exists()


def test_a_claim_form_with_errors_shows_them_all(client, demo):
    enterprise = demo.data["enterprises"][MACHINERY]
    form = {
        "credit_code": enterprise.credit_code,
        "enterprise_name": "别的公司",
        "applicant_name": "钱申请",
        "mobile": "123",
        "role": "safety_manager",
        "password": "short",
    }
    page = client.post("/accounts/claim/", form).content.decode()
    for field in ("enterprise_name", "mobile", "password"):
        assert f'data-testid="error-{field}"' in page
    assert not EnterpriseClaim.objects.exists()


def test_an_empty_post_shows_every_required_field(client, demo, personas):
    page = client.post("/accounts/claim/", {}).content.decode()
    for field in ("credit_code", "enterprise_name", "applicant_name", "mobile", "password"):
        assert f'data-testid="error-{field}"' in page
    login_verified(client, personas["township"])
    url = f"/accounts/enterprises/{demo.data['enterprises'][MACHINERY].pk}/accounts/new/"
    page = client.post(url, {}).content.decode()
    assert 'data-testid="error-name"' in page and 'data-testid="error-mobile"' in page


def test_the_enterprise_page_lists_its_accounts_for_the_regulator(client, demo, personas):
    enterprise = demo.data["enterprises"][0]
    login_verified(client, personas["township"])
    page = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    panel = page[page.index('data-testid="enterprise-accounts"') :]
    assert "吴安全" in panel and "企业安全管理员" in panel and "ent_manager" in panel
    login_verified(client, personas["ent_manager"])
    page = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert 'data-testid="enterprise-accounts"' not in page
