"""Enterprise onboarding: organisations with their enterprises, accounts opened by the regulator
in scope, self-registration by credit code approved by the office in scope."""

import pytest

from anjian.accounts.models import EnterpriseClaim, Organisation, User
from anjian.accounts.services_onboarding import enterprise_account_open
from anjian.core.errors import Forbidden, Invalid, NotFound
from anjian.core.models import AuditEvent, Notification
from anjian.enterprises.models import Enterprise
from anjian.enterprises.seeds import make_credit_code
from anjian.enterprises.services import enterprise_create, enterprise_update
from anjian.regions.models import Region, Sector
from anjian.standards.mobile import normalize_mobile
from tests.personas import login_verified

MACHINERY = 14  # 东湖机械制造有限公司, 城东街道, no accounts in the demo
WESTERN = 9  # 枫林油品经营有限公司, 西山区: outside the township's and district's scope
CONSTRUCTION = 5  # 东湖市政工程有限公司, 城东街道, supervised by the 住建 sector office


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def _bearer(client, user):
    login_verified(client, user)
    return client


# ---- organisations follow their enterprises --------------------------------------------------


def test_every_demo_enterprise_is_an_organisation(demo):
    ids = [e.pk for e in demo.data["enterprises"]]
    orgs = Organisation.objects.filter(enterprise_id__in=ids)
    assert orgs.count() == len(ids) == 30
    assert set(orgs.values_list("kind", flat=True)) == {"enterprise"}
    assert all(o.region_code == o.enterprise.region_code for o in orgs)


def test_a_new_enterprise_gets_its_organisation_and_it_follows_a_move(personas):
    district = personas["district"]
    township = Region.objects.get(code="990102001000")
    enterprise = enterprise_create(
        actor=district,
        name="城东新材料有限公司",
        credit_code=make_credit_code(township.code, 71009999),
        region=township,
        sector=Sector.objects.get(code="machinery"),
    )
    org = Organisation.objects.get(enterprise=enterprise)
    assert (org.name, org.region_id, org.kind) == ("城东新材料有限公司", township.pk, "enterprise")
    other = Region.objects.get(code="990102002000")
    enterprise_update(
        actor=district, enterprise=enterprise, region=other, name="临江新材料有限公司"
    )
    org.refresh_from_db()
    assert (org.name, org.region_id, org.region_code) == (
        "临江新材料有限公司",
        other.pk,
        other.code,
    )


# ---- accounts opened by the regulator ----------------------------------------------------------


def test_the_township_opens_a_safety_manager_account_shown_once(client, demo, personas):
    enterprise = demo.data["enterprises"][MACHINERY]
    _bearer(client, personas["township"])
    body = {"name": "钱安全", "mobile": "139 1234 5601", "role": "safety_manager"}
    response = _post(client, f"/api/v1/enterprises/{enterprise.pk}/accounts", body)
    assert response.status_code == 201, response.content
    data = response.json()
    code = enterprise.credit_code[8:17].lower()
    assert data["username"] == f"qy{code}-1" and data["role"] == "safety_manager"
    user = User.objects.get(pk=data["id"])
    assert user.check_password(data["one_time_password"]) and user.must_change_password
    assert list(user.roles.values_list("code", flat=True)) == ["ent_safety_manager"]
    assert user.scope.kind == "enterprise" and user.scope.enterprise_id == enterprise.pk
    event = AuditEvent.objects.get(event_type="account.enterprise_open", object_id=str(user.pk))
    assert event.actor_username == "township" and enterprise.name in event.reason
    assert data["one_time_password"] not in str(event.after) + event.reason


def test_every_problem_of_an_account_request_is_reported_at_once(personas, demo):
    enterprise = demo.data["enterprises"][MACHINERY]
    with pytest.raises(Invalid) as caught:
        enterprise_account_open(
            actor=personas["township"], enterprise=enterprise, name="", mobile="12345", role="x"
        )
    fields = {e["field"] for e in caught.value.details["errors"]}
    assert fields == {"name", "mobile", "role"}


@pytest.mark.parametrize("role", ["city_officer", "sysadmin", "secadmin", "grid_officer"])
def test_a_regulator_cannot_open_a_government_or_administrator_role(client, demo, personas, role):
    enterprise = demo.data["enterprises"][MACHINERY]
    _bearer(client, personas["district"])
    body = {"name": "钱安全", "mobile": "13912345602", "role": role}
    response = _post(client, f"/api/v1/enterprises/{enterprise.pk}/accounts", body)
    assert response.status_code == 422
    assert not User.objects.filter(phone="13912345602").exists()


def test_out_of_scope_is_404_and_those_without_the_right_are_refused(client, demo, personas):
    western = demo.data["enterprises"][WESTERN]
    with pytest.raises(NotFound):
        enterprise_account_open(
            actor=personas["township"],
            enterprise=western,
            name="钱安全",
            mobile="13912345603",
            role="principal",
        )
    own = demo.data["enterprises"][0]
    for username in ("ent_manager", "grid", "sysadmin", "secadmin"):
        with pytest.raises((Forbidden, NotFound)):
            enterprise_account_open(
                actor=personas[username],
                enterprise=own,
                name="钱安全",
                mobile="13912345603",
                role="principal",
            )
    assert not User.objects.filter(phone="13912345603").exists()


def test_the_sector_office_opens_accounts_only_in_its_sector(personas, demo):
    sector = personas["sector"]
    user, _ = enterprise_account_open(
        actor=sector,
        enterprise=demo.data["enterprises"][CONSTRUCTION],
        name="孙负责",
        mobile="13912345604",
        role="principal",
    )
    assert user.scope.enterprise_id == demo.data["enterprises"][CONSTRUCTION].pk
    with pytest.raises(NotFound):
        enterprise_account_open(
            actor=sector,
            enterprise=demo.data["enterprises"][MACHINERY],
            name="孙负责",
            mobile="13912345605",
            role="principal",
        )


def test_a_person_serving_two_enterprises_keeps_one_account(personas, demo):
    first, password = enterprise_account_open(
        actor=personas["district"],
        enterprise=demo.data["enterprises"][MACHINERY],
        name="钱安全",
        mobile="13912345606",
        role="safety_manager",
    )
    second, again = enterprise_account_open(
        actor=personas["district"],
        enterprise=demo.data["enterprises"][CONSTRUCTION],
        name="钱安全",
        mobile="+86 139-1234-5606",
        role="safety_manager",
    )
    assert first.pk == second.pk and password and again == ""
    served = User.objects.get(pk=first.pk).scope.enterprises
    enterprises = demo.data["enterprises"]
    assert served == {enterprises[MACHINERY].pk, enterprises[CONSTRUCTION].pk}


# ---- self-registration (认领) ------------------------------------------------------------------


def _claim(client, enterprise, **changes):
    body = {
        "credit_code": enterprise.credit_code,
        "enterprise_name": enterprise.name,
        "applicant_name": "钱申请",
        "mobile": "13712345670",
        "password": "Qiye-Anquan-2026",
        **changes,
    }
    return _post(client, "/api/v1/enterprise-claims", body)


def test_a_claim_is_approved_by_the_township_and_the_account_works(
    client, demo, personas, django_capture_on_commit_callbacks
):
    enterprise = demo.data["enterprises"][MACHINERY]
    with django_capture_on_commit_callbacks(execute=True):
        response = _claim(client, enterprise)
    assert response.status_code == 201, response.content
    claim = EnterpriseClaim.objects.get(pk=response.json()["id"])
    account = claim.account
    assert (claim.status, account.is_active) == ("pending", False)
    assert account.username == response.json()["username"] != account.phone
    assert claim.region_code == enterprise.region_code
    township = personas["township"]
    assert Notification.objects.filter(recipient=township, title__contains=enterprise.name)
    assert not Notification.objects.filter(
        recipient=personas["district_b"], title__contains=enterprise.name
    )
    # another district cannot see it; the township approves it
    _bearer(client, personas["district_b"])
    path = f"/api/v1/enterprise-claims/{claim.pk}/transitions"
    assert _post(client, path, {"action": "approve"}).status_code == 404
    _bearer(client, township)
    response = _post(client, path, {"action": "approve"})
    assert response.status_code == 200, response.content
    account.refresh_from_db()
    assert account.is_active and not account.must_change_password
    assert list(account.roles.values_list("code", flat=True)) == ["ent_safety_manager"]
    assert User.objects.get(pk=account.pk).scope.enterprise_id == enterprise.pk
    assert AuditEvent.objects.filter(event_type="enterprise_claim.approve").exists()
    # the enterprise now has an account: a second claim is refused
    client.logout()
    again = _claim(client, enterprise, mobile="13712345671")
    assert again.status_code == 422 and "已有账号" in again.json()["message"]


def test_a_rejection_needs_a_reason_and_leaves_the_account_inactive(client, demo, personas):
    enterprise = demo.data["enterprises"][MACHINERY]
    claim_id = _claim(client, enterprise).json()["id"]
    _bearer(client, personas["township"])
    path = f"/api/v1/enterprise-claims/{claim_id}/transitions"
    assert _post(client, path, {"action": "reject"}).status_code == 422
    response = _post(client, path, {"action": "reject", "reason": "申请人不是该企业员工"})
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    claim = EnterpriseClaim.objects.get(pk=claim_id)
    assert not claim.account.is_active and not claim.account.roles.exists()


def test_a_claim_with_wrong_data_names_every_problem_and_stores_nothing(client, demo):
    enterprise = demo.data["enterprises"][MACHINERY]
    response = _claim(client, enterprise, enterprise_name="别的公司", mobile="12345", password="1")
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["details"]["errors"]}
    assert fields == {"enterprise_name", "mobile", "password"}
    unknown = _claim(client, enterprise, credit_code=make_credit_code("990102001000", 71099999))
    assert unknown.status_code == 422 and "台帐中没有" in unknown.json()["message"]
    assert not EnterpriseClaim.objects.exists()
    assert AuditEvent.objects.filter(event_type="enterprise_claim.refused").count() == 2


def test_a_second_pending_claim_waits_for_the_first(client, demo):
    enterprise = demo.data["enterprises"][MACHINERY]
    assert _claim(client, enterprise).status_code == 201
    second = _claim(client, enterprise, mobile="13712345672")
    assert second.status_code == 422 and "正在审核" in second.json()["message"]


def test_claims_from_one_address_are_throttled(client, demo):
    enterprises = demo.data["enterprises"]
    statuses = [
        _claim(client, enterprises[i], mobile=f"1371234570{i % 10}").status_code
        for i in (14, 15, 16, 17, 18, 19)
    ]
    assert statuses == [201] * 5 + [429]


def test_an_enterprise_already_served_cannot_be_claimed(client, demo):
    response = _claim(client, demo.data["enterprises"][0])
    assert response.status_code == 422 and "已有账号" in response.json()["message"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("12345678901", None),
        ("1381234567", None),
        ("138123456789", None),
        ("12345", None),
        ("", None),
    ],
)
def test_mainland_mobile_numbers(raw, expected):
    assert normalize_mobile(raw) == expected


def test_the_enterprise_cannot_see_or_decide_claims(client, demo, personas):
    enterprise = demo.data["enterprises"][MACHINERY]
    claim_id = _claim(client, enterprise).json()["id"]
    _bearer(client, personas["ent_manager"])
    path = f"/api/v1/enterprise-claims/{claim_id}/transitions"
    assert _post(client, path, {"action": "approve"}).status_code == 404
    assert Enterprise.objects.filter(pk=enterprise.pk).exists()


def test_a_claim_cannot_be_approved_once_the_regulator_opened_an_account(client, demo, personas):
    enterprise = demo.data["enterprises"][MACHINERY]
    claim_id = _claim(client, enterprise).json()["id"]
    enterprise_account_open(
        actor=personas["township"],
        enterprise=enterprise,
        name="钱安全",
        mobile="13912345690",
        role="safety_manager",
    )
    _bearer(client, personas["township"])
    path = f"/api/v1/enterprise-claims/{claim_id}/transitions"
    response = _post(client, path, {"action": "approve"})
    assert response.status_code == 409 and "已有账号" in response.json()["message"]
    claim = EnterpriseClaim.objects.get(pk=claim_id)
    assert claim.status == "pending" and not claim.account.is_active
