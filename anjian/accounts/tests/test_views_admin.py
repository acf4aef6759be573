"""The system administrator's account and organisation pages: who may open them, what they do."""

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from anjian.accounts.models import Organisation, Role, User
from anjian.core import nav
from anjian.core.models import AuditEvent, Notification
from anjian.regions.models import Grid, Region, Sector
from tests.personas import login_verified

OUTSIDERS = ["secadmin", "auditadmin", "city", "ent_manager"]


def log_in(client, user):
    if user.admin_kind:
        login_verified(client, user)
    else:
        client.force_login(user)
    return client


@pytest.fixture
def admin(client, personas):
    return log_in(client, personas["sysadmin"])


def pages(personas) -> list[str]:
    township = personas["township"].pk
    org = personas["township"].organisation_id
    return [
        "/accounts/admin/users/",
        "/accounts/admin/users/new/",
        f"/accounts/admin/users/{township}/",
        "/accounts/admin/organisations/",
        "/accounts/admin/organisations/new/",
        f"/accounts/admin/organisations/{org}/",
    ]


def test_every_page_opens_for_the_system_administrator(admin, personas):
    for url in pages(personas):
        assert admin.get(url).status_code == 200, url


@pytest.mark.parametrize("username", OUTSIDERS)
def test_no_page_opens_for_anyone_else(client, personas, username):
    log_in(client, personas[username])
    for url in pages(personas):
        assert client.get(url).status_code in (403, 404), url
    posted = client.post(
        f"/accounts/admin/users/{personas['township'].pk}/active/", {"active": "0", "reason": "x"}
    )
    assert posted.status_code in (403, 404)
    assert User.objects.get(username="township").is_active


def test_the_public_is_sent_to_the_login_page(client, personas):
    response = client.get("/accounts/admin/users/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_menu_shows_the_pages_only_to_the_system_administrator(personas):
    def keys(user):
        return {e.key for e in nav.entries_for(user)}

    expected = {"admin-users", "admin-organisations", "admin-regions"}
    assert expected <= keys(personas["sysadmin"])
    for username in OUTSIDERS:
        assert not expected & keys(personas[username]), username


# ---- the user list ------------------------------------------------------------------------


def test_the_list_searches_by_name_and_filters_by_organisation(admin, personas):
    body = admin.get("/accounts/admin/users/", {"q": "赵镇"}).content.decode()
    assert "township" in body and "district" not in body
    station = personas["township"].organisation_id
    body = admin.get("/accounts/admin/users/", {"organisation": station}).content.decode()
    assert "赵镇安" in body and "周网格" in body and "陈市安" not in body
    assert "共 2 个账号" in body


def test_the_list_shows_roles_and_disabled_and_locked_accounts(admin, personas):
    User.objects.filter(username="district").update(is_active=False)
    AccessAttempt.objects.create(
        username="sector",
        ip_address="10.0.0.1",
        user_agent="t",
        failures_since_start=5,
        attempt_time=timezone.now(),
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
    )
    body = admin.get("/accounts/admin/users/").content.decode()
    assert "乡镇安全站人员" in body and "已停用" in body and "已锁定" in body


# ---- creating, editing, disabling, resetting ------------------------------------------------


def create_form(personas, **changes):
    data = {
        "username": "xiaowang",
        "display_name": "王小安",
        "phone": "13900001111",
        "organisation": personas["township"].organisation_id,
        "grid": "",
    }
    return {**data, **changes}


def test_a_new_account_has_no_role_nor_password_and_the_security_admin_is_told(
    admin, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post("/accounts/admin/users/new/", create_form(personas))
    user = User.objects.get(username="xiaowang")
    assert response.status_code == 302 and response["Location"].endswith(f"/users/{user.pk}/")
    assert not user.roles.exists() and not user.has_usable_password()
    assert user.must_change_password
    page = admin.get(response["Location"]).content.decode()
    assert "安全管理员" in page and "一次性密码" not in page
    assert "待分配角色" in admin.get("/accounts/admin/users/", {"q": "xiaowang"}).content.decode()
    event = AuditEvent.objects.get(event_type="account.create")
    assert event.actor_username == "sysadmin" and event.after["roles"] == []
    note = Notification.objects.get(recipient=personas["secadmin"], title__contains="xiaowang")
    assert note.link == f"/accounts/security/users/{user.pk}/"
    assert not Notification.objects.filter(
        recipient=personas["sysadmin"], title__contains="xiaowang"
    )


def test_the_system_administrator_gives_no_role_even_by_a_forged_post(admin, personas):
    assert "roles" not in admin.get("/accounts/admin/users/new/").context["form"].fields
    city = Role.objects.get(code="city_officer").pk
    admin.post("/accounts/admin/users/new/", create_form(personas, roles=[city]))
    assert not User.objects.get(username="xiaowang").roles.exists()
    township = personas["township"]
    data = {**create_form(personas), "roles": [city], "display_name": "赵镇安"}
    data.pop("username")
    assert admin.post(f"/accounts/admin/users/{township.pk}/", data).status_code == 302
    assert [r.code for r in township.roles.all()] == ["township_officer"]


def test_a_taken_username_is_shown_on_its_field_and_the_inputs_are_kept(admin, personas):
    response = admin.post("/accounts/admin/users/new/", create_form(personas, username="TownShip"))
    form = response.context["form"]
    assert "已被使用" in form.errors["username"][0]
    body = response.content.decode()
    assert 'value="王小安"' in body and "is-invalid" in body
    assert not AuditEvent.objects.filter(event_type="account.create").exists()


def test_a_grid_officer_keeps_a_grid(admin, personas):
    grid = personas["grid"]
    data = {**create_form(personas), "display_name": "周网格"}
    data.pop("username")
    response = admin.post(f"/accounts/admin/users/{grid.pk}/", data)
    assert "网格员须选择负责网格" in response.context["form"].errors["grid"][0]
    grid.refresh_from_db()
    assert grid.grid_id is not None


def test_an_edit_saves_and_is_audited(admin, personas):
    user = personas["township"]
    data = create_form(
        personas, display_name="赵新名", grid=Grid.objects.get(code="990102001G02").pk
    )
    data.pop("username")
    response = admin.post(f"/accounts/admin/users/{user.pk}/", data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "赵新名" and user.username == "township"
    assert [r.code for r in user.roles.all()] == ["township_officer"]
    event = AuditEvent.objects.get(event_type="account.update")
    assert event.before["display_name"] == "赵镇安" and event.after["display_name"] == "赵新名"


def test_disabling_needs_a_reason_and_is_audited(admin, personas):
    url = f"/accounts/admin/users/{personas['township'].pk}/active/"
    response = admin.post(url, {"active": "0", "reason": ""})
    assert response.status_code == 200 and "请填写原因" in response.content.decode()
    assert User.objects.get(username="township").is_active
    assert admin.post(url, {"active": "0", "reason": "调离岗位"}).status_code == 302
    assert not User.objects.get(username="township").is_active
    assert AuditEvent.objects.get(event_type="account.disable").reason == "调离岗位"
    admin.post(url, {"active": "1", "reason": "返岗"})
    assert User.objects.get(username="township").is_active
    assert AuditEvent.objects.filter(event_type="account.enable").exists()


def test_administrator_accounts_are_read_only_for_the_system_administrator(admin, personas):
    secadmin = personas["secadmin"]
    page = admin.get(f"/accounts/admin/users/{secadmin.pk}/")
    assert page.status_code == 200 and "由安全管理员管理" in page.content.decode()
    assert "active-form" not in page.content.decode()
    base = f"/accounts/admin/users/{secadmin.pk}/"
    assert admin.post(base, {"display_name": "x"}).status_code == 403
    assert admin.post(base + "active/", {"active": "0", "reason": "x"}).status_code == 403
    secadmin.refresh_from_db()
    assert secadmin.is_active and [r.code for r in secadmin.roles.all()] == ["secadmin"]


def test_an_unknown_account_is_not_found(admin):
    assert admin.get("/accounts/admin/users/999999/").status_code == 404


# ---- organisations ------------------------------------------------------------------------


def test_the_organisation_list_filters_by_kind_and_region(admin):
    body = admin.get("/accounts/admin/organisations/", {"kind": "station"}).content.decode()
    assert "城东街道安全生产监督站" in body and "东湖区应急管理局" not in body
    body = admin.get("/accounts/admin/organisations/", {"region": "990103000000"}).content.decode()
    assert "西山区应急管理局" in body and "东湖区应急管理局" not in body
    assert "全部行业" in body


def test_an_organisation_is_created_with_its_sectors_and_audited(admin):
    construction = Sector.objects.get(code="construction")
    data = {
        "name": "西山区交通运输局",
        "kind": "government",
        "region": Region.objects.get(code="990103000000").pk,
        "sectors": [construction.pk],
        "is_active": "on",
    }
    assert admin.post("/accounts/admin/organisations/new/", data).status_code == 302
    org = Organisation.objects.get(name="西山区交通运输局")
    assert org.region_code == "990103000000" and list(org.sectors.all()) == [construction]
    event = AuditEvent.objects.get(event_type="organisation.create")
    assert event.after["sectors"] == ["construction"]


def test_enterprises_are_not_offered_as_a_kind_to_create(admin):
    form = admin.get("/accounts/admin/organisations/new/").context["form"]
    kinds = dict(form.fields["kind"].choices)
    assert "enterprise" not in kinds and "station" in kinds


def test_a_duplicate_organisation_name_in_a_region_is_shown_on_the_form(admin):
    data = {
        "name": "东湖区应急管理局",
        "kind": "government",
        "region": Region.objects.get(code="990102000000").pk,
        "is_active": "on",
    }
    response = admin.post("/accounts/admin/organisations/new/", data)
    assert response.status_code == 200 and response.context["form"].errors
    assert Organisation.objects.filter(name="东湖区应急管理局").count() == 1


def test_an_organisation_edit_is_audited(admin, personas):
    org = personas["sector"].organisation
    data = {"name": org.name, "kind": org.kind, "region": org.region_id, "sectors": []}
    assert admin.post(f"/accounts/admin/organisations/{org.pk}/", data).status_code == 302
    org.refresh_from_db()
    assert not org.is_active and not org.sectors.exists()
    assert AuditEvent.objects.get(event_type="organisation.update").after["sectors"] == []


def test_the_user_list_costs_the_same_queries_however_many_users(admin, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin.get("/accounts/admin/users/").status_code == 200
        return len(captured)

    before = queries()
    role = Role.objects.get(code="township_officer")
    org = personas["township"].organisation
    for i in range(10):
        User.objects.create(username=f"extra{i}", organisation=org).roles.add(role)
    assert queries() == before
