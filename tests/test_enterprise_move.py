"""Jurisdiction follows the enterprise: moving an enterprise to another township, grid or sector
takes every record that carries its scope along, in the same transaction, audited as one event.

Who should see what is written from where the demo data puts things (the chemical enterprise
in 城东街道, 东湖区, grid 990102001G01, hazardous chemicals), never from the scoping code.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from anjian.accounts.models import Organisation, Role, User, UserRole
from anjian.core.models import AuditEvent
from anjian.core.records.models import ENTERPRISE_SCOPE, scope_copies
from anjian.core.services import record_void
from anjian.enterprises import services
from anjian.enterprises.exports import HEADERS
from anjian.enterprises.models import Enterprise
from anjian.hazards.models import Hazard
from anjian.inspections.models import EnterpriseClass, Inspection, Violation
from anjian.monitoring.models import Alarm, MonitoringPoint
from anjian.regions.models import Grid, Region, Sector
from anjian.risks.models import MajorHazardSource, RiskPoint
from tests.matrix import login_as
from tests.personas import PUBLIC
from tests.scopes import CHEM

# kind -> (model, API list, API detail, page detail); the monitoring point is addressed by code
KINDS = {
    "隐患": (Hazard, "/api/v1/hazards", "/api/v1/hazards/{}", "/hazards/{}/"),
    "风险点": (RiskPoint, "/api/v1/risk-points", "/api/v1/risk-points/{}", "/risks/points/{}/"),
    "重大危险源": (
        MajorHazardSource,
        "/api/v1/major-hazard-sources",
        "/api/v1/major-hazard-sources/{}",
        "/risks/sources/{}/",
    ),
    "监测点": (
        MonitoringPoint,
        "/api/v1/monitoring/points",
        "/api/v1/monitoring/points/{}",
        "/monitoring/points/{}/",
    ),
    "报警": (
        Alarm,
        "/api/v1/monitoring/alarms",
        "/api/v1/monitoring/alarms/{}",
        "/monitoring/alarms/{}/",
    ),
}
LIST_PAGES = [
    "/hazards/",
    "/risks/points/",
    "/risks/sources/",
    "/monitoring/",
    "/monitoring/alarms/",
]
WEST_TOWNSHIP = "990103001000"  # 西城街道, 西山区
WEST_GRID = "990103001G02"


def _user(username: str, role: str, organisation: Organisation, grid: Grid | None = None) -> User:
    user = User.objects.create(username=username, organisation=organisation, grid=grid)
    UserRole(user=user, role=Role.objects.get(code=role)).save()
    return user


def _department(name: str, district: str, sector: str) -> Organisation:
    region = Region.objects.get(code=district)
    org = Organisation.objects.create(
        name=name, kind="government", region=region, region_code=region.code
    )
    org.sectors.set([Sector.objects.get(code=sector)])
    return org


@pytest.fixture
def people(personas) -> dict:
    """The demo personas plus officers of the new township, grid and of the chemical sector."""
    west_station = Organisation.objects.get(name="西城街道安全生产监督站")
    found = dict(personas)
    found["west_township"] = _user("west_township", "township_officer", west_station)
    found["west_grid"] = _user(
        "west_grid", "grid_officer", west_station, Grid.objects.get(code=WEST_GRID)
    )
    found["east_chemicals"] = _user(
        "east_chemicals",
        "sector_officer",
        _department("东湖区危化品监管科", "990102000000", "hazardous_chemicals"),
    )
    return found


@pytest.fixture
def chem(people) -> Enterprise:
    """The chemical enterprise, with one of its hazards voided (voided records move too)."""
    enterprise = Enterprise.objects.get(name=CHEM)
    record_void(
        obj=Hazard.objects.filter(enterprise=enterprise).order_by("pk").first(),
        reason="重复登记",
        actor=people["city"],
    )
    return enterprise


def _records(enterprise: Enterprise) -> dict[str, list]:
    """Every record of the enterprise by kind: (API key, page key) per record."""
    out = {}
    for kind, (model, *_) in KINDS.items():
        rows = model._base_manager.filter(enterprise=enterprise).order_by("pk")
        if model is MonitoringPoint:
            out[kind] = [(p.pk, p.code) for p in rows]
        else:
            out[kind] = [(r.pk, r.pk) for r in rows]
        assert out[kind], f"演示数据中该企业应有{kind}"
    return out


def _sight(client, people: dict, name: str, records: dict[str, list]) -> dict[str, set]:
    """Per kind: which of the records the persona finds in the API list (live ones) and opens
    through the API detail and the page detail; a mismatch between the three is a failure."""
    login_as(client, people, name)
    seen: dict[str, set] = {}
    for kind, (model, list_url, api_url, page_url) in KINDS.items():
        live = set(model.objects.live().values_list("pk", flat=True))
        listed = set()
        if name != PUBLIC:
            response = client.get(f"{list_url}?limit=200")
            assert response.status_code == 200, (name, list_url, response.status_code)
            listed = {item["id"] for item in response.json()["items"]}
        opened = set()
        for pk, ref in records[kind]:
            api = client.get(api_url.format(ref)).status_code
            page = client.get(page_url.format(ref)).status_code
            assert api in (200, 401, 404) and page in (200, 302, 404), (name, kind, api, page)
            if api == 200:
                opened.add(pk)
            assert (api == 200) == (page == 200) or name == PUBLIC, (name, kind, api, page)
            # listed only if it opens; every live record that opens is listed (lists may
            # leave voided ones out)
            assert pk not in listed or api == 200, (name, kind, pk)
            assert api != 200 or pk in listed or pk not in live, (name, kind, pk)
        seen[kind] = opened
    return seen


def _all(records: dict[str, list]) -> dict[str, set]:
    return {kind: {pk for pk, _ in rows} for kind, rows in records.items()}


NOTHING = {kind: set() for kind in KINDS}


def _check(client, people: dict, records: dict, sees: set[str], blind: set[str]) -> None:
    everything = _all(records)
    wrong = []
    for name in sorted(sees | blind):
        want = everything if name in sees else NOTHING
        got = _sight(client, people, name, records)
        if got != want:
            wrong.append(f"{name}: 应为 {'全部' if name in sees else '无'}，实际 {got}")
    assert not wrong, "\n".join(wrong)


def _major_open(client, people: dict) -> dict[str, int]:
    """Open major hazards in each district's statistics."""
    counts = {}
    for name in ("district", "district_b"):
        login_as(client, people, name)
        counts[name] = client.get("/api/v1/hazards/stats").json()["totals"]["major_open"]
    return counts


def _patch(client, enterprise: Enterprise, body: dict):
    return client.patch(
        f"/api/v1/enterprises/{enterprise.pk}",
        json.dumps(body),
        content_type="application/json",
        headers={"If-Match": str(enterprise.version)},
    )


def test_a_move_to_another_district_takes_every_record_along(client, people, chem):
    records = _records(chem)
    old_side = {"district", "township", "grid", "east_chemicals"}
    new_side = {"district_b", "west_township", "west_grid"}
    always = {"city", "ent_manager", "ent_principal"}
    _check(client, people, records, sees=always | old_side, blind=new_side | {"other_ent"})

    major_open = Hazard.objects.open().filter(enterprise=chem, grade="major").count()
    assert major_open, "演示数据中该企业应有未销号的重大隐患"
    stats_before = _major_open(client, people)

    login_as(client, people, "city")
    response = _patch(client, chem, {"region": WEST_TOWNSHIP, "grid": WEST_GRID})
    assert response.status_code == 200, response.content

    _check(
        client,
        people,
        records,
        sees=always | new_side,
        blind=old_side | {"other_ent", "sector", "sysadmin", PUBLIC},
    )
    stats_after = _major_open(client, people)
    assert stats_after["district"] == stats_before["district"] - major_open
    assert stats_after["district_b"] == stats_before["district_b"] + major_open
    west = Region.objects.get(code=WEST_TOWNSHIP)
    grid = Grid.objects.get(code=WEST_GRID)
    for model, *_ in KINDS.values():
        rows = model._base_manager.filter(enterprise=chem)
        assert set(rows.values_list("region_code", "grid_id")) == {(west.code, grid.pk)}


def test_only_the_new_responsible_office_can_void_a_moved_hazard(client, people, chem):
    hazard = Hazard.objects.filter(enterprise=chem, status="reported").first()
    services.enterprise_update(
        actor=people["city"],
        enterprise=chem,
        region=Region.objects.get(code=WEST_TOWNSHIP),
        grid=None,
    )
    url = f"/api/v1/hazards/{hazard.pk}/transitions"
    body = json.dumps({"action": "void", "reason": "重复登记"})
    login_as(client, people, "district")
    assert client.post(url, body, content_type="application/json").status_code == 404
    hazard.refresh_from_db()
    assert hazard.status == "reported"
    login_as(client, people, "district_b")  # oversees the new township, does not work it
    assert client.post(url, body, content_type="application/json").status_code == 403
    login_as(client, people, "west_township")  # the hazard's new responsible office
    assert client.post(url, body, content_type="application/json").status_code == 200
    hazard.refresh_from_db()
    assert hazard.status == "voided"


def test_the_move_is_one_audit_event_naming_the_counts(people, chem):
    before = AuditEvent.objects.count()
    counts = {
        kind: model._base_manager.filter(enterprise=chem).count()
        for kind, (model, *_) in KINDS.items()
    }
    services.enterprise_update(
        actor=people["city"],
        enterprise=chem,
        region=Region.objects.get(code=WEST_TOWNSHIP),
        grid=Grid.objects.get(code=WEST_GRID),
    )
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.event_type for e in events] == ["enterprise.move"]
    event = events[0]
    # the inspections and violation leads of the plant move with it as well
    counts["监督检查"] = Inspection.objects.filter(enterprise=chem).count()
    counts["违法行为线索"] = Violation.objects.filter(enterprise=chem).count()
    counts["企业监管类别"] = EnterpriseClass.objects.filter(enterprise=chem).count()
    assert event.after["records"] == counts
    assert event.after["region"] != event.before["region"]
    for kind, n in counts.items():
        assert f"{kind} {n} 条" in event.reason


def test_the_enterprise_page_shows_the_move_in_its_history(client, people, chem):
    services.enterprise_update(
        actor=people["city"],
        enterprise=chem,
        region=Region.objects.get(code=WEST_TOWNSHIP),
        grid=None,
    )
    login_as(client, people, "city")
    body = client.get(f"/enterprises/{chem.pk}/").content.decode()
    assert "迁移（所在区划、网格或监管行业变更）" in body
    assert "随迁记录：" in body and "隐患 5 条" in body  # one found by an inspection


def test_an_edit_that_keeps_the_jurisdiction_moves_nothing(people, chem):
    before = AuditEvent.objects.count()
    services.enterprise_update(actor=people["township"], enterprise=chem, address="新地址 8 号")
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.event_type for e in events] == ["enterprise.update"]
    assert "records" not in events[0].after


def test_a_change_of_sector_hands_the_records_to_the_other_department(client, people, chem):
    records = _records(chem)
    services.enterprise_update(
        actor=people["district"], enterprise=chem, sector=Sector.objects.get(code="construction")
    )
    _check(
        client, people, records, sees={"sector", "district", "township"}, blind={"east_chemicals"}
    )


def test_a_change_of_grid_within_the_township_hands_the_records_over(client, people, chem):
    records = _records(chem)
    login_as(client, people, "township")
    from anjian.enterprises.tests.test_views import form_data

    data = form_data(client.get(f"/enterprises/{chem.pk}/edit/"))
    data["grid"] = Grid.objects.get(code="990102001G02").pk
    response = client.post(f"/enterprises/{chem.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    _check(client, people, records, sees={"township", "district"}, blind={"grid"})
    grid_two = _user(
        "east_grid_two",
        "grid_officer",
        Organisation.objects.get(name="城东街道安全生产监督站"),
        Grid.objects.get(code="990102001G02"),
    )
    _check(
        client, {**people, "east_grid_two": grid_two}, records, sees={"east_grid_two"}, blind=set()
    )


def test_an_update_import_moves_the_records_too(client, people, chem):
    records = _records(chem)
    login_as(client, people, "city")
    data = b"".join(client.get("/api/v1/enterprises/export").streaming_content)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    codes = HEADERS.index("统一社会信用代码") + 1
    row = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(r, codes).value == chem.credit_code
    )
    sheet.cell(row, HEADERS.index("所在乡镇（街道）代码") + 1, value=WEST_TOWNSHIP[:9])
    sheet.cell(row, HEADERS.index("网格编码") + 1, value=WEST_GRID)
    out = io.BytesIO()
    workbook.save(out)
    response = client.post(
        "/api/v1/enterprises/import",
        {"file": SimpleUploadedFile("企业.xlsx", out.getvalue()), "mode": "update"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["saved"] == 1
    move = AuditEvent.objects.get(event_type="enterprise.move", object_id=str(chem.pk))
    assert move.after["records"]["隐患"] == len(records["隐患"])
    _check(client, people, records, sees={"district_b", "west_grid"}, blind={"district", "grid"})


def test_hazards_reported_after_a_move_land_in_the_new_jurisdiction(people, chem):
    stale = Enterprise.objects.get(pk=chem.pk)  # loaded before the move, as by a slow request
    services.enterprise_update(
        actor=people["city"],
        enterprise=chem,
        region=Region.objects.get(code=WEST_TOWNSHIP),
        grid=None,
    )
    point = RiskPoint(
        enterprise=stale,
        name="新风险点",
        kind="activity",
        hazard_factors="x",
        method="lec",
        l_value=1,
        score=1,
        level="low",
        explanation="x",
        control_level="班组",
        responsible_person="甲",
    )
    point.save()
    assert point.region_code == WEST_TOWNSHIP and point.grid_id is None


def test_every_model_that_copies_an_enterprise_scope_is_known_to_the_record_layer():
    from django.apps import apps

    copies = set(scope_copies())
    assert {Hazard, RiskPoint, MajorHazardSource, MonitoringPoint, Alarm} <= copies
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        rule = getattr(model, "scope", None)
        # a table of its own scope columns that also belongs to an enterprise
        copying = {"region_code", "sector", "grid", "enterprise"} <= names
        if copying and model is not Enterprise:
            assert model in copies and rule is ENTERPRISE_SCOPE, model


def test_the_migration_brings_back_records_left_behind_by_earlier_moves(people, chem):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("anjian.enterprises.migrations.0003_records_follow_their_enterprise")
    # an earlier move, made before records followed: the enterprise alone changed
    west = Region.objects.get(code=WEST_TOWNSHIP)
    Enterprise.objects.filter(pk=chem.pk).update(
        region=west, region_code=west.code, grid=Grid.objects.get(code=WEST_GRID)
    )
    left = {model: migration.stale(model).count() for model, *_ in KINDS.values()}
    assert left == {
        model: model._base_manager.filter(enterprise=chem).count() for model, *_ in KINDS.values()
    }
    migration.follow(apps, None)
    assert all(migration.stale(model).count() == 0 for model, *_ in KINDS.values())
    chem.refresh_from_db()
    for model, *_ in KINDS.values():
        rows = model._base_manager.filter(enterprise=chem)
        assert set(rows.values_list("region_code", "grid_id")) == {(west.code, chem.grid_id)}


def _new_point(enterprise: Enterprise, name: str) -> RiskPoint:
    return RiskPoint(
        enterprise=enterprise,
        name=name,
        kind="activity",
        hazard_factors="x",
        method="lec",
        l_value=1,
        score=1,
        level="low",
        explanation="x",
        control_level="班组",
        responsible_person="甲",
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", ["record", "move"])
def test_a_record_saved_while_its_enterprise_moves_ends_up_in_the_new_jurisdiction(first):
    """Whichever transaction takes the enterprise's row first, the other waits for it: a record
    committed during a move is re-scoped by it, or copies the scope the move committed."""
    import threading
    import time

    from django.db import connection, transaction

    from tests.personas import make_personas

    people = make_personas()
    chem = Enterprise.objects.get(name=CHEM)
    stale = Enterprise.objects.get(pk=chem.pk)
    west = Region.objects.get(code=WEST_TOWNSHIP)
    holding = threading.Event()
    errors: list[BaseException] = []

    def record():
        try:
            with transaction.atomic():
                if first == "move":
                    holding.wait(5)
                _new_point(stale, "并发风险点").save()
                holding.set()
                time.sleep(0.5)  # the move, if second, waits here for this commit
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def move():
        try:
            with transaction.atomic():
                if first == "record":
                    holding.wait(5)
                services.enterprise_update(
                    actor=people["city"], enterprise=chem, region=west, grid=None
                )
                holding.set()
                time.sleep(0.5)  # the record, if second, waits here for this commit
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=record), threading.Thread(target=move)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert not errors, errors
    point = RiskPoint.objects.get(name="并发风险点")
    assert (point.region_code, point.grid_id) == (west.code, None)


def test_an_alarm_opened_by_a_reading_takes_the_enterprise_scope(people, chem):
    from django.utils import timezone

    from anjian.monitoring.ingest import ingest

    point = MonitoringPoint.objects.get(code="DEMO-LT-01", enterprise=chem)
    services.enterprise_update(
        actor=people["city"],
        enterprise=chem,
        region=Region.objects.get(code=WEST_TOWNSHIP),
        grid=None,
    )
    Alarm.objects.filter(point=point, status="open").update(status="closed")
    MonitoringPoint.objects.filter(pk=point.pk).update(region_code="990102001000")  # a stale copy
    out = ingest(
        [{"point": point.code, "ts": timezone.now().isoformat(), "value": 99.0}],
        enterprise_ids=[chem.pk],
    )
    assert len(out.opened) == 1
    alarm = Alarm.objects.get(pk=out.opened[0].pk)
    assert (alarm.region_code, alarm.grid_id) == (WEST_TOWNSHIP, None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_registrations_of_one_credit_code_at_once_give_one_enterprise_and_a_409(monkeypatch):
    """Both pass the duplicate check before either commits; the database's unique index then
    refuses the second, which answers 409 with a message, never a server error."""
    import threading

    from django.db import connection

    from tests.personas import make_personas

    people = make_personas()
    region = Region.objects.get(code="990102001000")
    sector = Sector.objects.get(code="commerce")
    both_checked = threading.Barrier(2, timeout=10)
    real_validate = services.enterprise_validate

    def validate_then_wait(**kwargs):
        result = real_validate(**kwargs)
        both_checked.wait()
        return result

    monkeypatch.setattr(services, "enterprise_validate", validate_then_wait)
    outcomes: list[object] = []

    def register():
        try:
            services.enterprise_create(
                actor=people["district"],
                name="同时登记的商贸公司",
                credit_code="91990102MA0000001D",
                region=region,
                sector=sector,
            )
            outcomes.append("saved")
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    from anjian.core.errors import Conflict

    assert outcomes.count("saved") == 1, outcomes
    refused = next(o for o in outcomes if o != "saved")
    assert isinstance(refused, Conflict) and "刚被他人登记" in refused.message
    assert Enterprise.objects.filter(credit_code="91990102MA0000001D").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_move_and_a_record_edit_that_updates_the_enterprise_do_not_deadlock():
    """A risk point's void locks the point, then updates its enterprise's grade; a move locks
    the records before the enterprise, so the two queue instead of deadlocking."""
    import threading
    import time

    from django.db import connection, transaction

    from tests.personas import make_personas

    people = make_personas()
    chem = Enterprise.objects.get(name=CHEM)
    point = RiskPoint.objects.filter(enterprise=chem).order_by("pk").first()
    west = Region.objects.get(code=WEST_TOWNSHIP)
    point_locked = threading.Event()
    errors: list[BaseException] = []

    def edit_point_then_enterprise():
        try:
            with transaction.atomic():
                RiskPoint.objects.select_for_update().get(pk=point.pk)
                point_locked.set()
                time.sleep(0.5)  # the move starts meanwhile
                Enterprise.objects.filter(pk=chem.pk).update(risk_grade="major")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def move():
        try:
            point_locked.wait(5)
            services.enterprise_update(
                actor=people["city"], enterprise=chem, region=west, grid=None
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit_point_then_enterprise), threading.Thread(target=move)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert not errors, errors
    point.refresh_from_db()
    assert point.region_code == west.code
