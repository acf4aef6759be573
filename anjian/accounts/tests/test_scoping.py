"""The role matrix over regions, organisations and enterprises for all 13 personas."""

import pytest

from anjian.accounts.seeds import DEMO_ORGANISATIONS
from anjian.enterprises.seeds import DEMO_ENTERPRISES
from anjian.regions.seeds import DEMO_REGIONS
from tests.matrix import check_api_matrix, check_page_matrix, login_as

ENTERPRISE_USERS = {"ent_manager": 0, "ent_principal": 0, "other_ent": 1}


def _enterprise_names(persona: str) -> set[str]:
    rows = DEMO_ENTERPRISES
    rule = {
        "city": lambda t, s, g: True,
        "district": lambda t, s, g: t.startswith("990102"),
        "district_b": lambda t, s, g: t.startswith("990103"),
        "township": lambda t, s, g: t == "990102001",
        "sector": lambda t, s, g: t.startswith("990102") and s == "construction",
        "grid": lambda t, s, g: t == "990102001" and g == 1,
    }
    if persona in ENTERPRISE_USERS:
        return {rows[ENTERPRISE_USERS[persona]][0]}
    if persona not in rule:
        return set()
    return {name for name, t, s, g in rows if rule[persona](t, s, g)}


@pytest.fixture
def enterprise_ids(personas):
    from anjian.enterprises.models import Enterprise

    return dict(Enterprise.objects.values_list("name", "id"))


def test_enterprise_api_matrix(client, personas, enterprise_ids):
    expected = {p: {enterprise_ids[n] for n in _enterprise_names(p)} for p in personas}
    check_api_matrix(
        client,
        personas,
        list_url="/api/v1/enterprises",
        detail_url=lambda pk: f"/api/v1/enterprises/{pk}",
        expected=expected,
        all_keys=enterprise_ids.values(),
    )


def test_enterprise_page_matrix(client, personas, enterprise_ids):
    expected = {p: {enterprise_ids[n] for n in _enterprise_names(p)} for p in personas}
    check_page_matrix(
        client,
        personas,
        url=lambda pk: f"/enterprises/{pk}/",
        expected=expected,
        all_keys=enterprise_ids.values(),
    )


def test_the_acceptance_examples(client, personas, enterprise_ids):
    assert len(_enterprise_names("township")) == 9
    assert len(_enterprise_names("sector")) == 4  # construction companies of district A only
    first = enterprise_ids[DEMO_ENTERPRISES[0][0]]
    login_as(client, personas, "other_ent")
    assert client.get(f"/enterprises/{first}/").status_code == 404
    assert client.get(f"/api/v1/enterprises/{first}").status_code == 404
    assert client.get("/enterprises/999999/").status_code == 404  # missing looks the same


def _region_codes(persona: str) -> set[str]:
    codes = {code.ljust(12, "0") for code, _, _ in DEMO_REGIONS}
    prefixes = {
        "city": "9901",
        "district": "990102",
        "district_b": "990103",
        "township": "990102001",
        "sector": "990102",
        "grid": "990102001",
    }
    if persona == "sysadmin":
        return codes
    if persona in ("ent_manager", "ent_principal"):
        return {"990102001000"}
    if persona == "other_ent":
        return {"990103001000"}
    prefix = prefixes.get(persona)
    return {c for c in codes if prefix and c.startswith(prefix)}


def test_region_api_matrix(client, personas):
    expected = {p: _region_codes(p) for p in personas}
    check_api_matrix(
        client,
        personas,
        list_url="/api/v1/regions",
        key="code",
        detail_url=lambda code: f"/api/v1/regions/{code}",
        expected=expected,
        all_keys={c.ljust(12, "0") for c, _, _ in DEMO_REGIONS},
    )


def _organisation_names(persona: str) -> set[str]:
    orgs = [(name, region) for name, _, region, _ in DEMO_ORGANISATIONS]
    orgs += [(name, region) for name, region, *_ in DEMO_ENTERPRISES]  # every enterprise is one
    if persona == "sysadmin":
        return {n for n, _ in orgs}
    if persona in ENTERPRISE_USERS:
        return {DEMO_ENTERPRISES[ENTERPRISE_USERS[persona]][0]}
    prefixes = {
        "city": "9901",
        "district": "990102",
        "district_b": "990103",
        "township": "990102001",
        "sector": "990102",
        "grid": "990102001",
    }
    prefix = prefixes.get(persona)
    return {n for n, region in orgs if prefix and region.startswith(prefix)}


def test_organisation_api_matrix(client, personas):
    from anjian.accounts.models import Organisation

    ids = dict(Organisation.objects.values_list("name", "id"))
    expected = {p: {ids[n] for n in _organisation_names(p)} for p in personas}
    check_api_matrix(
        client,
        personas,
        list_url="/api/v1/organisations",
        detail_url=lambda pk: f"/api/v1/organisations/{pk}",
        expected=expected,
        all_keys=ids.values(),
    )


@pytest.mark.parametrize(
    ("persona", "kind", "region", "industries", "has_enterprise"),
    [
        ("city", "territorial", "990100000000", [], False),
        ("township", "territorial", "990102001000", [], False),
        ("sector", "sector", "990102000000", ["construction"], False),
        ("grid", "grid", "990102001000", [], False),
        ("ent_manager", "enterprise", "990102001000", [], True),
        ("auditadmin", "admin", None, [], False),
    ],
)
def test_users_me_describes_the_scope(
    client, personas, persona, kind, region, industries, has_enterprise
):
    login_as(client, personas, persona)
    body = client.get("/api/v1/users/me").json()
    assert body["username"] == persona
    assert body["scope"]["kind"] == kind
    assert body["scope"]["region_code"] == region
    assert body["scope"]["industries"] == industries
    assert (body["scope"]["enterprise"] is not None) == has_enterprise
    assert body["organisation"]["name"]
