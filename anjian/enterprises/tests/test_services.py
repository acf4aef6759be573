from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from anjian.core import tick
from anjian.core.errors import Forbidden, Invalid, PreconditionFailed
from anjian.core.models import AuditEvent, Notification
from anjian.core.services import record_void
from anjian.enterprises import services
from anjian.enterprises.models import Enterprise, KeyPerson, Licence
from anjian.enterprises.seeds import make_credit_code
from anjian.regions.models import Region, Sector


@pytest.fixture
def mine(personas):
    return Enterprise.objects.get(name="东湖精细化工有限公司")


def _new(personas, **extra):
    township = Region.objects.get(code="990102001000")
    fields = {
        "name": "新登记企业",
        "credit_code": make_credit_code(township.code, 99000001),
        "region": township,
        "sector": Sector.objects.get(code="commerce"),
    }
    fields.update(extra)
    return services.enterprise_create(actor=personas["township"], **fields)


def test_a_regulator_registers_an_enterprise_and_it_is_audited(personas):
    enterprise = _new(personas)
    assert enterprise.region_code == "990102001000"
    event = AuditEvent.objects.get(event_type="enterprise.create", object_id=str(enterprise.pk))
    assert event.after["name"] == "新登记企业"


def test_a_wrong_check_character_is_refused_naming_the_expected_one(personas):
    good = make_credit_code("990102001000", 99000002)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(Invalid) as info:
        _new(personas, credit_code=wrong)
    assert f"「{good[17]}」" in info.value.message
    assert info.value.details["field"] == "credit_code"


def test_a_credit_code_is_unique_among_live_records(personas, mine):
    with pytest.raises(Invalid, match="已登记"):
        _new(personas, credit_code=mine.credit_code)
    record_void(obj=mine, reason="重复登记", actor=personas["township"])
    assert _new(personas, credit_code=mine.credit_code).pk  # a voided record frees the code


def test_a_region_outside_the_jurisdiction_is_refused(personas):
    other = Region.objects.get(code="990103001000")
    with pytest.raises(Invalid, match="管辖范围"):
        _new(personas, region=other)


def test_the_enterprise_updates_its_own_contacts_but_not_regulated_fields(personas, mine):
    manager = personas["ent_manager"]
    services.enterprise_update(actor=manager, enterprise=mine, safety_manager_name="新安全员")
    with pytest.raises(Forbidden, match="只能由监管部门修改"):
        services.enterprise_update(actor=manager, enterprise=mine, risk_grade="low")
    with pytest.raises(Forbidden):
        services.enterprise_update(actor=personas["other_ent"], enterprise=mine, address="x")


def test_a_stale_edit_is_refused(personas, mine):
    services.enterprise_update(actor=personas["township"], enterprise=mine, address="新地址1")
    with pytest.raises(PreconditionFailed):
        services.enterprise_update(
            actor=personas["district"],
            enterprise=mine,
            address="新地址2",
            expected_version=mine.version,
        )


def test_the_audit_never_holds_a_phone_number(personas, mine):
    services.enterprise_update(
        actor=personas["ent_manager"], enterprise=mine, principal_phone="13912345678"
    )
    event = AuditEvent.objects.filter(event_type="enterprise.update").latest("id")
    assert "13912345678" not in str(event.before) + str(event.after)


def test_status_changes_need_a_reason_and_keep_history(personas, mine):
    services.enterprise_set_status(
        actor=personas["township"], enterprise=mine, action="suspend", reason="重大隐患未整改"
    )
    mine.refresh_from_db()
    assert mine.status == "suspended"
    with pytest.raises(Invalid):
        services.enterprise_set_status(
            actor=personas["township"], enterprise=mine, action="resume", reason=" "
        )
    with pytest.raises(Forbidden):
        services.enterprise_set_status(
            actor=personas["ent_manager"], enterprise=mine, action="resume", reason="整改完成"
        )


def test_revealing_personal_data_needs_the_permission_and_is_audited(personas, mine):
    with pytest.raises(Forbidden):
        services.personal_data_reveal(actor=personas["township"], obj=mine, field="principal_phone")
    value = services.personal_data_reveal(
        actor=personas["district"], obj=mine, field="principal_phone"
    )
    assert len(value) == 11
    assert AuditEvent.objects.filter(
        event_type="personal_data.view", actor_username="district"
    ).exists()


def test_a_safety_licence_defaults_to_three_years(personas, mine):
    licence = services.licence_save(
        actor=personas["ent_manager"],
        licence=Licence(
            enterprise=mine, kind="safety_production", number="X-1", issued_on=date(2024, 2, 29)
        ),
    )
    assert licence.expires_on == date(2027, 2, 28)


def test_id_numbers_are_checked_and_stored_encrypted(personas, mine):
    from django.db import connection

    with pytest.raises(Invalid, match="身份证号"):
        services.person_save(
            actor=personas["ent_manager"],
            person=KeyPerson(
                enterprise=mine, name="甲", role="other", id_number="110105194912310021"
            ),
        )
    person = services.person_save(
        actor=personas["ent_manager"],
        person=KeyPerson(enterprise=mine, name="乙", role="other", id_number="11010519491231002x"),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM enterprises_keyperson WHERE id = %s", [person.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc1:") and "11010519491231002X" not in stored
    assert KeyPerson.objects.get(pk=person.pk).id_number == "11010519491231002X"


def test_licence_reminders_go_out_once_per_stage(
    personas, mine, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()  # only what the tick sends counts here
    Licence.objects.filter(enterprise=mine).update(
        expires_on=timezone.localdate() + timedelta(days=25)
    )
    with django_capture_on_commit_callbacks(execute=True):
        tick.run(["enterprises.licence_reminders"])
        tick.run(["enterprises.licence_reminders"])
    manager = personas["ent_manager"]
    titles = list(
        Notification.objects.filter(recipient=manager, title__contains="许可证").values_list(
            "title", flat=True
        )
    )
    assert titles == [f"{mine.name}的危险化学品经营许可证将于 25 天后到期"]
    township = Notification.objects.filter(
        recipient=personas["township"], title__contains=mine.name
    )
    assert township.count() == 1  # the territorial station is told too
    assert not Notification.objects.filter(
        recipient=personas["other_ent"], title__contains=mine.name
    )
    with (
        time_machine.travel(timezone.now() + timedelta(days=26)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tick.run(["enterprises.licence_reminders"])
    assert Notification.objects.filter(recipient=manager, title__contains="已过期").count() == 1
