"""An existing unkeyed chain is converted to keyed seals, without blessing an old forgery."""

import hashlib
import importlib

from django.apps import apps
from django.db import connection
from django.utils import timezone

from anjian.core import audit, audit_verify
from anjian.core.models import AuditEvent, AuditSeal

upgrade = importlib.import_module("anjian.core.migrations.0002_audit_seals_keyed")


def _legacy_chain(seqs: list[int]) -> list[int]:
    """Seal every event the old way (SHA-256 without a key), with the given sequence numbers."""
    AuditSeal.objects.all().delete()
    events = list(AuditEvent.objects.order_by("id").values(*audit.HASHED_FIELDS))
    events = events[-len(seqs) :]
    prev = audit.GENESIS
    for seq, values in zip(seqs, events, strict=True):
        source = prev + "\n" + audit.event_digest_source(values)
        digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
        AuditSeal.objects.create(
            seq=seq, event_id=values["id"], prev_hash=prev, hash=digest, sealed_at=timezone.now()
        )
        prev = digest
    return [values["id"] for values in events]


def _only_new_events(n: int) -> None:
    AuditEvent.objects.all().delete()
    for i in range(n):
        audit.record("test.legacy", object_id=i)


def test_an_intact_legacy_chain_is_converted_and_verifies(db):
    _only_new_events(5)
    _legacy_chain([1, 2, 5, 6, 9])  # gaps left by rolled-back sealer runs
    assert not audit_verify.verify().ok
    upgrade.convert(apps, None)
    assert list(AuditSeal.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    report = audit_verify.verify()
    assert report.ok and report.checked == 5, report.message


def test_a_forgery_in_the_legacy_chain_stays_detected(db):
    _only_new_events(5)
    ids = _legacy_chain([1, 2, 3, 4, 5])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", [ids[3]])
    upgrade.convert(apps, None)
    report = audit_verify.verify()
    assert not report.ok and report.event_id == ids[3]
    assert AuditSeal.objects.get(event_id=ids[2]).seq == 3  # the intact prefix was converted
