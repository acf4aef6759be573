"""The ten ways of rewriting audit history with database access alone, each detected and named."""

import contextlib
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.utils import ProgrammingError
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from anjian.core import audit, audit_verify
from anjian.core.crypto import HmacSha256
from anjian.core.models import AuditEvent, AuditSeal


def _events(n: int) -> list[int]:
    return [
        audit.record("test.event", object_type="x", object_id=i, after={"n": i}).pk
        for i in range(n)
    ]


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def _sealed_chain(n: int = 6) -> list[int]:
    ids = _events(n)
    audit.seal_pending()
    assert audit_verify.verify().ok
    return ids


def _published() -> audit.Head:
    return audit.parse_head(audit.publish_head(audit.head()))


def _assert_names(report, event_id: int, words: str) -> None:
    assert not report.ok
    assert report.event_id == event_id, report.message
    assert f"#{event_id}" in report.findings[0].message and words in report.findings[0].message


def _rows() -> tuple[list, list]:
    events = list(AuditEvent.objects.order_by("id").values_list())
    seals = list(AuditSeal.objects.order_by("seq").values_list())
    return events, seals


def test_1_an_edited_sealed_event_is_named(db):
    ids = _sealed_chain()
    _sql("UPDATE core_auditevent SET object_repr = 'x' WHERE id = %s", [ids[2]])
    _assert_names(audit_verify.verify(), ids[2], "已被改动")


def test_2_a_deleted_sealed_event_is_named(db):
    ids = _sealed_chain()
    _sql("DELETE FROM core_auditevent WHERE id = %s", [ids[3]])
    _assert_names(audit_verify.verify(), ids[3], "已被删除")


def test_3_a_deleted_event_with_its_seal_breaks_the_chain_at_the_next_event(db):
    ids = _sealed_chain()
    seq = AuditSeal.objects.get(event_id=ids[2]).seq
    _sql("DELETE FROM core_auditseal WHERE seq = %s", [seq])
    _sql("DELETE FROM core_auditevent WHERE id = %s", [ids[2]])
    report = audit_verify.verify()
    _assert_names(report, ids[3], f"序号 {seq} 的节点被删除")
    if connection.vendor == "sqlite":  # ids without gaps name the deleted event itself
        assert any(f.event_id == ids[2] for f in report.findings)


def test_4_a_seal_recomputed_without_the_key_is_refused(db):
    ids = _sealed_chain()
    seal = AuditSeal.objects.get(event_id=ids[4])
    _sql("UPDATE core_auditevent SET reason = '伪造' WHERE id = %s", [ids[4]])
    values = AuditEvent.objects.filter(id=ids[4]).values(*audit.HASHED_FIELDS).get()
    forged = audit.seal_mac(
        HmacSha256("a-guessed-key-that-is-not-the-real-one"),
        seq=seal.seq,
        prev=seal.prev_hash,
        sealed_at=seal.sealed_at,
        values=values,
    )
    _sql("UPDATE core_auditseal SET hash = %s WHERE seq = %s", [forged, seal.seq])
    _assert_names(audit_verify.verify(), ids[4], "MAC 不符")


def test_5_deleting_the_newest_events_is_caught_by_the_published_head(db):
    ids = _sealed_chain()
    published = _published()
    _sql("DELETE FROM core_auditseal WHERE event_id >= %s", [ids[3]])
    _sql("DELETE FROM core_auditevent WHERE id >= %s", [ids[3]])
    report = audit_verify.verify(published)
    _assert_names(report, ids[3], "截断")
    assert f"#{published.event_id}" in report.findings[0].message
    if connection.vendor == "sqlite":  # even without the head, the id sequence betrays it
        _assert_names(audit_verify.verify(), ids[3], "最新的审计事件")


def test_6_a_tail_rewritten_after_deleting_its_seals_is_caught_by_the_head(db):
    ids = _sealed_chain()
    published = _published()
    _sql("DELETE FROM core_auditseal WHERE event_id >= %s", [ids[4]])
    _sql("UPDATE core_auditevent SET reason = '改写' WHERE id >= %s", [ids[4]])
    _assert_names(audit_verify.verify(published), ids[4], "截断")
    audit.seal_pending()  # the next tick seals the rewritten tail with the real key
    _assert_names(audit_verify.verify(published), ids[4], "重新封存")
    assert audit_verify.verify().ok  # without a head the re-sealed chain is self-consistent


def test_7_a_deleted_unsealed_event_is_named(db):
    _sealed_chain(3)
    fresh = _events(3)
    if connection.vendor == "postgresql":  # ids may have gaps here; the role may not delete
        denied = pytest.raises(ProgrammingError, match="permission denied")
        with _as_app_role(), denied, transaction.atomic():
            _sql("DELETE FROM core_auditevent WHERE id = %s", [fresh[1]])
        return
    _sql("DELETE FROM core_auditevent WHERE id = %s", [fresh[2]])
    _assert_names(audit_verify.verify(), fresh[2], "最新的审计事件")
    _sql("DELETE FROM core_auditevent WHERE id = %s", [fresh[0]])
    report = audit_verify.verify()
    assert any(f.event_id == fresh[0] and "编号不连续" in f.message for f in report.findings)


def test_8_a_back_dated_event_is_named_before_and_after_sealing(db):
    _sealed_chain(3)
    forged = AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=3), event_type="hazard.close", actor_username="x"
    )
    _assert_names(audit_verify.verify(), forged.pk, "超过封存时限仍未进入审计链")
    audit.seal_pending()
    _assert_names(audit_verify.verify(), forged.pk, "迟至")


def test_9_a_forged_or_foreign_head_is_refused(db):
    _sealed_chain(2)
    line = audit.publish_head(audit.head())
    forged = line.replace(f":{audit.head().seq}:", f":{audit.head().seq + 5}:", 1)
    with pytest.raises(audit.HeadError, match="签名无效"):
        audit.parse_head(forged)
    with (
        override_settings(
            ANJIAN={**_anjian(), "AUDIT_KEY": "another-installation-key-" + "z" * 20}
        ),
        pytest.raises(audit.HeadError, match="签名无效"),
    ):
        audit.parse_head(line)
    with pytest.raises(audit.HeadError, match="格式"):
        audit.parse_head("anjian-audit-head:1:x")


def _anjian():
    from django.conf import settings

    return settings.ANJIAN


@contextlib.contextmanager
def _as_app_role():
    """Act as the application's PostgreSQL role, with exactly the grants of `audit grants`."""
    from anjian.core.dbroles import grant_statements

    _sql("DROP ROLE IF EXISTS anjian_app_tamper")
    _sql("CREATE ROLE anjian_app_tamper")
    for statement in grant_statements("anjian_app_tamper"):
        _sql(statement)
    _sql("SET ROLE anjian_app_tamper")
    try:
        yield
    finally:
        _sql("RESET ROLE")


@pytest.mark.postgres
def test_10_rows_inserted_as_the_application_role_are_named(db):
    ids = _sealed_chain(3)
    seal = AuditSeal.objects.get(event_id=ids[-1])
    with _as_app_role():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO core_auditevent (at, actor_username, actor_role, actor_scope, ip,"
                " user_agent, request_id, event_type, object_type, object_id, object_repr,"
                " result, reason) VALUES (%s, 'x', '', '', '', '', '', 'hazard.close', '', '',"
                " '', 'success', '') RETURNING id",
                [timezone.now() - timedelta(days=2)],
            )
            (inserted,) = cursor.fetchone()
        _sql(
            "INSERT INTO core_auditseal (seq, event_id, prev_hash, hash, sealed_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            [seal.seq + 1, inserted, seal.hash, "0" * 64, timezone.now()],
        )
    _assert_names(audit_verify.verify(), inserted, "MAC 不符")
    _sql("DELETE FROM core_auditseal WHERE seq = %s", [seal.seq + 1])
    audit.seal_pending()  # sealed by the real sealer, the back-dated row is still named
    _assert_names(audit_verify.verify(), inserted, "迟至")


def test_an_untouched_chain_verifies_against_an_older_head(db):
    AuditSeal.objects.all().delete()
    empty = _published()
    _sealed_chain(3)
    assert empty.seq == 0 and audit_verify.verify(empty).ok
    published = _published()
    _events(4)
    audit.seal_pending()
    report = audit_verify.verify(published)
    assert report.ok and f"序号 {published.seq}" in report.message


def test_verify_writes_nothing_and_seals_nothing(db):
    _sealed_chain(3)
    _events(2)  # committed but not sealed yet
    _sql("UPDATE core_auditevent SET reason = 'x' WHERE id = (SELECT min(id) FROM core_auditevent)")
    before = _rows()
    with CaptureQueriesContext(connection) as queries:
        report = audit_verify.verify(_published())
    assert not report.ok
    assert _rows() == before
    assert report.unsealed == 2
    verbs = {q["sql"].lstrip().split()[0].upper() for q in queries.captured_queries}
    assert verbs <= {"SELECT", "WITH", "PRAGMA", "SET", "SAVEPOINT", "RELEASE"}, verbs


def test_the_read_only_guard_refuses_a_write_at_the_database(transactional_db):
    with pytest.raises(DatabaseError, match=r"(?i)read.?only"), audit_verify.read_only():
        audit.record("test.inside_verify")
    audit.record("test.after_verify")  # the guard is lifted afterwards


def test_the_commands_publish_a_head_and_verify_against_it(db, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from anjian.core import tick

    audit.seal_pending()
    ids = _events(3)
    assert {r.name: r.count for r in tick.run(["core.audit_seal"])} == {"core.audit_seal": 3}
    call_command("audit", "head")
    line = capsys.readouterr().out.strip()
    assert line.startswith("anjian-audit-head:1:") and line.endswith(
        audit.head().mac[-8:] + line[-65:]
    )
    call_command("audit", "verify", "--head", line)
    assert "审计链完整" in capsys.readouterr().out
    _sql("DELETE FROM core_auditseal WHERE event_id = %s", [ids[-1]])
    _sql("DELETE FROM core_auditevent WHERE id = %s", [ids[-1]])
    with pytest.raises(CommandError, match=f"#{ids[-1]}"):
        call_command("audit", "verify", "--head", line)
    assert "截断" in capsys.readouterr().err
    with pytest.raises(CommandError, match="签名无效"):
        call_command("audit", "verify", "--head", line[:-1] + ("0" if line[-1] != "0" else "1"))


def test_a_tail_re_sealed_long_after_its_events_is_named_even_without_a_head(db):
    from unittest import mock

    ids = _events(4)
    _sql("UPDATE core_auditevent SET at = %s", [timezone.now() - timedelta(hours=3)])
    earlier = timezone.now() - timedelta(hours=3) + timedelta(minutes=1)
    with mock.patch("anjian.core.audit.timezone.now", return_value=earlier):
        audit.seal_pending()  # sealed on time, three hours ago
    assert audit_verify.verify().ok
    _sql("DELETE FROM core_auditseal WHERE event_id >= %s", [ids[2]])
    _sql("UPDATE core_auditevent SET reason = '改写' WHERE id >= %s", [ids[2]])
    audit.seal_pending()
    _assert_names(audit_verify.verify(), ids[2], "迟至")


def test_a_deployment_without_an_audit_key_fails_the_deploy_check(settings):
    from anjian.core.checks import audit_key_configured

    assert audit_key_configured(None) == []
    settings.ANJIAN = {**settings.ANJIAN, "AUDIT_KEY": ""}
    assert [error.id for error in audit_key_configured(None)] == ["anjian.E010"]
    with pytest.raises(ImproperlyConfigured, match="ANJIAN_AUDIT_KEY"):
        audit.seal_pending()
