"""The role matrix over every route: the table lists them all, and every cell holds."""

import warnings

import pytest

from tests.matrix import login_as
from tests.personas import ALL_PERSONAS, PUBLIC
from tests.route_discovery import app_of, how_to_add, missing_rows, where
from tests.route_matrix import walk
from tests.route_objects import ENTERPRISES, make_objects
from tests.routes import ROUTES, TABLE
from tests.scopes import BRIDGE, BUILD, CHEM, WEST


def out_of_date(table) -> list[str]:
    missing, stale = missing_rows(table)
    lines = [
        f"  {key}{where(key)} is not in tests/routes.py; add to {app_of(key).upper()} a row "
        f"such as\n{how_to_add(key)}"
        for key in missing
    ]
    lines += [f"  {key}: in tests/routes.py but no such route any more; remove it" for key in stale]
    return lines


def test_the_table_lists_every_page_and_api_operation():
    lines = out_of_date(ROUTES)
    assert not lines, (
        "The role matrix table is out of date (set ok= to who may use a new route; the walk "
        "then names every persona that gets a different answer):\n" + "\n".join(lines)
    )


def test_a_missing_route_is_named_with_a_row_to_paste():
    table = [r for r in ROUTES if r.key not in ("risks:point-card-docx", "POST /api/v1/hazards")]
    assert out_of_date(table) == [
        "  POST /api/v1/hazards is not in tests/routes.py; add to HAZARDS a row such as\n"
        '    Route("POST /api/v1/hazards", ok=()),',
        "  risks:point-card-docx (/risks/points/<int:pk>/card.docx) is not in tests/routes.py; "
        "add to RISKS a row such as\n"
        '    Route("risks:point-card-docx", ok=(), obj="risk_point", methods=("GET",)),',
    ]


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
        "claim": _claims(),
        "notification": pairs(notes),
        "session": pairs(sessions),
        "user": dict.fromkeys(ALL_PERSONAS, (account, None)),
        "role": dict.fromkeys(ALL_PERSONAS, (role, None)),
    }


def _claims() -> dict:
    """A pending self-registration at each persona's enterprise and at one outside their scope."""
    from anjian.accounts.models import EnterpriseClaim, User
    from anjian.enterprises.models import Enterprise

    claims = {}
    for n, enterprise in enumerate(Enterprise.objects.filter(name__in=[CHEM, WEST, BUILD, BRIDGE])):
        account = User.objects.create(username=f"matrix-claim-{n}", is_active=False)
        claims[enterprise.name] = EnterpriseClaim.objects.create(
            enterprise=enterprise,
            credit_code=enterprise.credit_code,
            enterprise_name=enterprise.name,
            applicant_name="矩阵",
            mobile=f"1370000000{n}",
            account=account,
        ).pk
    return {
        persona: (claims[mine] if mine else None, claims[theirs] if theirs else None)
        for persona, (mine, theirs) in ENTERPRISES.items()
    }


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("app", sorted(TABLE))
def test_the_role_matrix(app, persona, personas):
    objects = make_objects(_per_user(personas))
    problems, known = walk(TABLE[app], objects, persona, lambda c, n: login_as(c, personas, n))
    if known:
        warnings.warn(
            f"{len(known)} cell(s) of known defects (rows with known=):\n" + "\n".join(known),
            stacklevel=1,
        )
    assert not problems, f"{len(problems)} cell(s) differ from tests/routes.py:\n" + "\n".join(
        problems
    )
