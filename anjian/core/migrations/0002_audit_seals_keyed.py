"""Convert an existing unkeyed (SHA-256) audit chain to keyed seals.

Each old link is checked first; only the intact prefix is re-sealed (with its original sealing
time), so a forgery already in the old chain is not blessed: from the first bad link on, the old
seals stay as they are and `audit verify` names that event.
"""

import hashlib

from django.db import migrations

from anjian.core.audit import GENESIS, HASHED_FIELDS, event_digest_source, seal_mac

LEGACY_BATCH = 2000


def _legacy_hash(prev: str, values) -> str:
    source = prev + "\n" + event_digest_source(values)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def convert(apps, schema_editor):
    from anjian.core.crypto import audit_mac

    seal_model = apps.get_model("core", "AuditSeal")
    event_model = apps.get_model("core", "AuditEvent")
    if not seal_model.objects.exists():
        return
    mac = audit_mac()
    old_prev, new_prev, position, last_seq = GENESIS, GENESIS, 0, 0
    while True:
        seals = list(seal_model.objects.filter(seq__gt=last_seq).order_by("seq")[:LEGACY_BATCH])
        if not seals:
            return
        ids = [seal.event_id for seal in seals]
        events = {
            row["id"]: row for row in event_model.objects.filter(id__in=ids).values(*HASHED_FIELDS)
        }
        for seal in seals:
            values = events.get(seal.event_id)
            if values is None or seal.prev_hash != old_prev:
                return
            if _legacy_hash(old_prev, values) != seal.hash:
                return
            position += 1
            digest = seal_mac(
                mac, seq=position, prev=new_prev, sealed_at=seal.sealed_at, values=values
            )
            seal_model.objects.filter(seq=seal.seq).update(
                seq=position, prev_hash=new_prev, hash=digest
            )
            old_prev, new_prev, last_seq = seal.hash, digest, seal.seq


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop, elidable=True)]
