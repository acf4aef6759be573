"""One account serving several enterprises (任职企业): it sees exactly those enterprises' records."""

import pytest
from django.urls import reverse

from anjian.accounts.models import EnterpriseMembership, User
from anjian.accounts.services_onboarding import (
    enterprise_account_open,
    enterprise_membership_end,
)
from anjian.core.errors import Conflict
from anjian.core.models import AuditEvent
from anjian.hazards.models import Hazard
from anjian.risks.models import RiskPoint

OWN = 0  # the safety manager's own enterprise in the demo
MOBILE = "13912345677"


def _fresh(user: User) -> User:
    """The account as the next request loads it (its scope is worked out once per object)."""
    return User.objects.get(pk=user.pk)


def _second_enterprise(demo):
    """An enterprise of the district's with hazards and risk points, other than the manager's."""
    own = demo.data["enterprises"][OWN]
    with_both = set(Hazard.objects.values_list("enterprise_id", flat=True)) & set(
        RiskPoint.objects.values_list("enterprise_id", flat=True)
    )
    for enterprise in demo.data["enterprises"]:
        in_district = enterprise.region_code.startswith("990102")
        if enterprise.pk != own.pk and enterprise.pk in with_both and in_district:
            return enterprise
    pytest.skip("the demo has no second enterprise with hazards and risk points")


@pytest.fixture
def serving(demo, personas):
    """The demo's safety manager, given a known mobile, then opened again for a second enterprise."""
    manager = personas["ent_manager"]
    manager.phone = MOBILE
    manager.save(update_fields=["phone"])
    second = _second_enterprise(demo)
    account, password = enterprise_account_open(
        actor=personas["district"],
        enterprise=second,
        name="吴安全",
        mobile=MOBILE,
        role="principal",
    )
    return _fresh(manager), account, password, second


def _ids(client, url):
    response = client.get(f"{url}?limit=200&with_count=true")
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def test_opening_an_account_for_a_known_mobile_adds_the_enterprise_to_that_account(serving, demo):
    manager, account, password, second = serving
    assert account.pk == manager.pk and password == ""
    assert User.objects.filter(phone=MOBILE).count() == 1
    membership = EnterpriseMembership.objects.get(user=manager)
    assert (membership.enterprise_id, membership.role, membership.is_active) == (
        second.pk,
        "principal",
        True,
    )
    assert manager.scope.enterprises == {demo.data["enterprises"][OWN].pk, second.pk}
    event = AuditEvent.objects.filter(event_type="account.enterprise_membership_add").get()
    assert second.name in event.reason


def test_opening_it_again_for_the_same_enterprise_is_refused(serving, personas, demo):
    _, _, _, second = serving
    for enterprise in (second, demo.data["enterprises"][OWN]):
        with pytest.raises(Conflict):
            enterprise_account_open(
                actor=personas["district"],
                enterprise=enterprise,
                name="吴安全",
                mobile=MOBILE,
                role="safety_manager",
            )


def test_the_account_sees_both_enterprises_records_and_nothing_of_a_third(client, serving, demo):
    manager, _, _, second = serving
    served = {demo.data["enterprises"][OWN].pk, second.pk}
    client.force_login(manager)
    for url, model in (("/api/v1/hazards", Hazard), ("/api/v1/risk-points", RiskPoint)):
        expected = set(model.objects.filter(enterprise_id__in=served).values_list("id", flat=True))
        others = model.objects.exclude(enterprise_id__in=served)
        assert expected and others.exists()
        assert _ids(client, url) == expected
        assert client.get(f"{url}/{others.first().pk}").status_code == 404
    hazard = Hazard.objects.filter(enterprise=second).first()
    third = Hazard.objects.exclude(enterprise_id__in=served).first()
    assert client.get(reverse("hazards:detail", args=[hazard.pk])).status_code == 200
    assert client.get(reverse("hazards:detail", args=[third.pk])).status_code == 404
    enterprises = _ids(client, "/api/v1/enterprises")
    assert enterprises == served
    page = client.get(reverse("hazards:list")).content.decode()
    assert second.name in page


def test_ending_the_membership_ends_the_access(client, serving, personas, demo):
    manager, _, _, second = serving
    enterprise_membership_end(actor=personas["district"], user=manager, enterprise=second)
    manager = _fresh(manager)
    assert manager.scope.enterprises == {demo.data["enterprises"][OWN].pk}
    client.force_login(manager)
    hazard = Hazard.objects.filter(enterprise=second).first()
    assert client.get(f"/api/v1/hazards/{hazard.pk}").status_code == 404
    assert client.get(reverse("enterprises:detail", args=[second.pk])).status_code == 404
    assert AuditEvent.objects.filter(event_type="account.enterprise_membership_end").exists()


def test_the_second_enterprise_lists_the_serving_account(client, serving, personas):
    manager, _, _, second = serving
    client.force_login(personas["district"])
    page = client.get(reverse("enterprises:detail", args=[second.pk])).content.decode()
    assert manager.username in page


def test_the_regulator_ends_the_service_from_the_enterprise_page(client, serving, personas):
    manager, _, _, second = serving
    client.force_login(personas["district"])
    page = client.get(reverse("enterprises:detail", args=[second.pk])).content.decode()
    assert 'data-testid="membership-end"' in page
    url = reverse("accounts:enterprise-membership-end", args=[second.pk])
    for junk in ("abc", "", "１２"):
        assert client.post(url, {"user": junk}).status_code == 302
    response = client.post(url, {"user": manager.pk})
    assert response.status_code == 302
    assert not EnterpriseMembership.objects.get(user=manager).is_active
    assert second.pk not in _fresh(manager).scope.enterprises
    client.force_login(personas["other_ent"])
    assert client.post(url, {"user": manager.pk}).status_code == 404


def test_the_account_acts_for_each_enterprise_it_serves_and_no_other(serving, demo):
    from anjian.hazards.rules import is_own_enterprise
    from anjian.hazards.services import is_own_enterprise_user

    manager, _, _, second = serving
    served = {demo.data["enterprises"][OWN].pk, second.pk}
    third = next(e for e in demo.data["enterprises"] if e.pk not in served)
    assert is_own_enterprise_user(manager, second)
    assert not is_own_enterprise_user(manager, third)
    assert is_own_enterprise(manager, Hazard.objects.filter(enterprise=second).first())
    assert not is_own_enterprise(manager, Hazard.objects.exclude(enterprise_id__in=served).first())


def test_a_member_hears_of_the_enterprises_it_serves_and_stops_when_it_ends(serving, personas):
    from anjian.accounts.selectors import enterprise_staff

    manager, _, _, second = serving
    assert manager in enterprise_staff(second.pk)
    enterprise_membership_end(actor=personas["district"], enterprise=second, user=manager)
    assert manager not in enterprise_staff(second.pk)
    assert manager in enterprise_staff(manager.organisation.enterprise_id)
