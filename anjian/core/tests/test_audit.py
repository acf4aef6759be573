import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from anjian.core import audit, audit_verify
from anjian.core.models import AuditEvent, AuditSeal


def _events(n):
    for i in range(n):
        audit.record("test.event", object_type="x", object_id=i, after={"n": i, "名称": "甲"})


def test_a_sealed_untouched_chain_verifies(db):
    audit.seal_pending()
    already = AuditSeal.objects.count()
    _events(5)
    assert audit.seal_pending() == 5
    assert audit.seal_pending() == 0  # idempotent
    report = audit_verify.verify()
    assert report.ok and report.checked == already + 5


def test_events_written_after_a_seal_extend_the_chain(db):
    _events(2)
    audit.seal_pending()
    first_head = audit.head()
    before = AuditSeal.objects.count()
    _events(3)
    audit.seal_pending()
    assert AuditSeal.objects.count() == before + 3
    assert audit.head().seq > first_head.seq
    assert audit_verify.verify().ok


def test_editing_an_event_in_the_database_is_detected_and_named(db):
    _events(4)
    audit.seal_pending()
    target = AuditEvent.objects.order_by("id")[2]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", [target.pk])
    report = audit_verify.verify()
    assert not report.ok
    assert report.event_id == target.pk
    assert f"#{target.pk}" in report.message


def test_deleting_an_event_in_the_database_is_detected_and_named(db):
    _events(4)
    audit.seal_pending()
    target = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [target.pk])
    report = audit_verify.verify()
    assert not report.ok and report.event_id == target.pk


def test_deleting_a_seal_breaks_the_chain(db):
    _events(3)
    audit.seal_pending()
    middle = AuditSeal.objects.order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditseal WHERE seq = %s", [middle.seq])
    assert not audit_verify.verify().ok


def test_the_verify_command_fails_and_names_the_row(db, capsys):
    _events(3)
    target = AuditEvent.objects.order_by("id")[0]
    call_command("audit", "seal")  # `tick` seals; `verify` only reads
    call_command("audit", "verify")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET event_type = 'y' WHERE id = %s", [target.pk])
    with pytest.raises(CommandError, match=f"#{target.pk}"):
        call_command("audit", "verify")


def test_a_failed_business_write_rolls_back_its_audit_event(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record("test.rollback")
        raise RuntimeError
    assert not AuditEvent.objects.filter(event_type="test.rollback").exists()


@pytest.mark.postgres
def test_the_application_role_cannot_update_or_delete_audit_rows(db):
    from django.db.utils import ProgrammingError

    from anjian.core.dbroles import grant_statements

    _events(1)
    existing = AuditEvent.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("DROP ROLE IF EXISTS anjian_app_test")
        cursor.execute("CREATE ROLE anjian_app_test")
        for statement in grant_statements("anjian_app_test"):
            cursor.execute(statement)
        cursor.execute("SET ROLE anjian_app_test")
        try:
            cursor.execute("SELECT count(*) FROM core_auditevent")
            assert cursor.fetchone()[0] == existing  # reading is allowed
            cursor.execute("SAVEPOINT s1")
            with pytest.raises(ProgrammingError, match="permission denied"):
                cursor.execute("UPDATE core_auditevent SET reason = 'x'")
            cursor.execute("ROLLBACK TO SAVEPOINT s1")
            with pytest.raises(ProgrammingError, match="permission denied"):
                cursor.execute("DELETE FROM core_auditevent")
            cursor.execute("ROLLBACK TO SAVEPOINT s1")
            with pytest.raises(ProgrammingError, match="permission denied"):
                cursor.execute("DELETE FROM core_auditseal")
            cursor.execute("ROLLBACK TO SAVEPOINT s1")
            audit.record("test.as_app_role")  # inserting is allowed
        finally:
            cursor.execute("RESET ROLE")
