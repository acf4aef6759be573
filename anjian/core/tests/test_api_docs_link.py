"""The API docs link is in the menu of the administrators and of integrators only."""

import pytest
from django.contrib.auth.models import Permission

from anjian.accounts.models import Role, User, UserRole
from tests.personas import login_verified

LINK = 'data-testid="api-docs-link"'


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditadmin"])
def test_the_administrators_see_the_link(client, personas, username):
    login_verified(client, personas[username])
    assert LINK in client.get("/accounts/me/").content.decode()


@pytest.mark.parametrize("username", ["city", "township", "grid", "ent_manager"])
def test_everyone_else_does_not(client, personas, username):
    login_verified(client, personas[username])
    assert LINK not in client.get("/").content.decode()


def test_an_integrator_holds_the_permission(client, personas):
    role = Role.objects.create(code="integrator", name="系统对接人员")
    role.permissions.add(Permission.objects.get(codename="use_api"))
    UserRole(user=personas["city"], role=role).save()
    user = User.objects.get(pk=personas["city"].pk)
    login_verified(client, user)
    assert LINK in client.get("/").content.decode()


def test_the_docs_page_itself_stays_open_for_integrations(client, db):
    assert client.get("/api/docs").status_code == 200
