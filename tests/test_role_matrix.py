"""The role matrix over every route: the table lists them all, and every cell holds."""

import pytest

from tests.matrix import login_as
from tests.personas import ALL_PERSONAS, PUBLIC
from tests.route_matrix import how_to_add, missing_rows, walk
from tests.route_objects import make_objects
from tests.routes import ROUTES, TABLE


def test_the_table_lists_every_page_and_api_operation():
    missing, stale = missing_rows(ROUTES)
    lines = [
        f"  {key}: not in tests/routes.py; add a row such as\n{how_to_add(key)}" for key in missing
    ]
    lines += [f"  {key}: in tests/routes.py but no such route any more; remove it" for key in stale]
    assert not lines, "The role matrix table is out of date:\n" + "\n".join(lines)


def test_each_route_is_listed_once():
    keys = [r.key for r in ROUTES]
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def _per_user(personas) -> dict:
    """Objects that belong to one user: their notification and their other signed-in browser."""
    from anjian.accounts.models import Role, UserSession
    from anjian.core.models import Notification

    users = {n: u for n, u in personas.items() if n != PUBLIC}
    notes = {n: Notification.objects.create(recipient=u, title="矩阵").pk for n, u in users.items()}
    sessions = {
        n: UserSession.objects.create(user=u, session_key=f"matrix-{u.pk:032d}").pk
        for n, u in users.items()
    }

    def pairs(own: dict) -> dict:
        # theirs: the city officer's, or the district officer's for the city officer
        other = {n: own["district" if n == "city" else "city"] for n in ALL_PERSONAS}
        return {n: (own.get(n, own["city"]), other[n]) for n in ALL_PERSONAS}

    account = personas["district"].pk
    role = Role.objects.get(code="city_officer").pk
    return {
        "notification": pairs(notes),
        "session": pairs(sessions),
        "user": dict.fromkeys(ALL_PERSONAS, (account, None)),
        "role": dict.fromkeys(ALL_PERSONAS, (role, None)),
    }


@pytest.mark.parametrize("app", sorted(TABLE))
def test_the_role_matrix(app, personas):
    objects = make_objects(_per_user(personas))
    problems = walk(TABLE[app], objects, lambda c, name: login_as(c, personas, name))
    assert not problems, f"{len(problems)} cell(s) differ from tests/routes.py:\n" + "\n".join(
        problems
    )
