"""The audit log: events are written with the business change, then sealed into a hash chain.

Writers only INSERT an event. A single sealer (run by `tick`) appends a seal row per event in
sequence order, each hash covering the event's content and the previous hash. Sealing after the
fact means concurrent writers never wait on one another; an event committed late (out of id
order) is simply sealed in a later pass. `verify()` recomputes the chain and reports the first
broken link: an edited event, a deleted event, a removed or altered seal.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from . import context
from .models import AuditEvent, AuditSeal

GENESIS = "0" * 64
HASHED_FIELDS = (
    "id",
    "at",
    "actor_id",
    "actor_username",
    "actor_role",
    "actor_scope",
    "ip",
    "user_agent",
    "request_id",
    "event_type",
    "object_type",
    "object_id",
    "object_repr",
    "result",
    "reason",
    "before",
    "after",
)


def _describe_actor(actor) -> tuple[str, str, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "", "", ""
    describe = getattr(actor, "audit_description", None)
    role, scope = describe() if callable(describe) else ("", "")
    return actor.get_username(), role, scope


def jsonable(value: Any) -> Any:
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def build(
    event_type: str,
    *,
    actor=None,
    obj=None,
    object_type: str = "",
    object_id: str | int = "",
    result: str = AuditEvent.Result.SUCCESS,
    reason: str = "",
    before: Any = None,
    after: Any = None,
    username: str = "",
) -> AuditEvent:
    """An unsaved audit event carrying the current request's actor, address and id."""
    meta = context.current()
    actor_username, role, scope = _describe_actor(actor)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    return AuditEvent(
        at=timezone.now(),
        actor=actor if actor_username else None,
        actor_username=actor_username or username[:150],
        actor_role=role[:200],
        actor_scope=scope[:200],
        ip=meta.ip,
        user_agent=meta.user_agent,
        request_id=meta.request_id,
        event_type=event_type,
        object_type=object_type,
        object_id=str(object_id or ""),
        object_repr=str(obj)[:200] if obj is not None else "",
        result=result,
        reason=reason[:500],
        before=jsonable(before),
        after=jsonable(after),
    )


def record(event_type: str, **kwargs) -> AuditEvent:
    """Write one audit event in the caller's transaction (a failed write rolls the change back)."""
    event = build(event_type, **kwargs)
    event.save()
    return event


def record_many(events: list[AuditEvent], batch_size: int = 2000) -> None:
    """Write many built events at once (bulk imports), in the caller's transaction."""
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)


def event_digest_source(values: Mapping[str, Any]) -> str:
    data = {name: values[name] for name in HASHED_FIELDS}
    data["at"] = values["at"].astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(data, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)


def link_hash(prev_hash: str, values: Mapping[str, Any]) -> str:
    source = prev_hash + "\n" + event_digest_source(values)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _lock_sealer() -> None:
    """One sealer at a time: an advisory lock on PostgreSQL; SQLite's IMMEDIATE mode serialises."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [7_302_201])


def seal_pending(batch: int = 5000) -> int:
    """Append seals for committed, unsealed events older than the grace period. Idempotent."""
    grace = timedelta(seconds=settings.ANJIAN["AUDIT_SEAL_GRACE_SECONDS"])
    sealed = 0
    while True:
        with transaction.atomic():
            _lock_sealer()
            last = AuditSeal.objects.order_by("-seq").only("hash").first()
            prev = last.hash if last else GENESIS
            pending = list(
                AuditEvent.objects.filter(seal__isnull=True, at__lte=timezone.now() - grace)
                .order_by("id")
                .values(*HASHED_FIELDS)[:batch]
            )
            if not pending:
                return sealed
            now = timezone.now()
            seals = []
            for values in pending:
                digest = link_hash(prev, values)
                seals.append(
                    AuditSeal(event_id=values["id"], prev_hash=prev, hash=digest, sealed_at=now)
                )
                prev = digest
            AuditSeal.objects.bulk_create(seals)
            sealed += len(seals)


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    checked: int
    unsealed: int
    message: str
    event_id: int | None = None


def verify(chunk: int = 5000) -> VerifyReport:
    """Walk the chain in seal order; the first mismatch names the event (or seal) concerned."""
    prev = GENESIS
    checked = 0
    last_seq = 0
    while True:
        seals = list(
            AuditSeal.objects.filter(seq__gt=last_seq)
            .order_by("seq")
            .values("seq", "event_id", "prev_hash", "hash")[:chunk]
        )
        if not seals:
            break
        events = {
            row["id"]: row
            for row in AuditEvent.objects.filter(id__in=[s["event_id"] for s in seals]).values(
                *HASHED_FIELDS
            )
        }
        for seal in seals:
            problem = _check_link(seal, prev, events.get(seal["event_id"]))
            if problem:
                return VerifyReport(False, checked, 0, problem, seal["event_id"])
            prev = seal["hash"]
            checked += 1
        last_seq = seals[-1]["seq"]
    return _check_unsealed(checked)


def _check_link(seal: Mapping[str, Any], prev: str, event: Mapping[str, Any] | None) -> str:
    event_id = seal["event_id"]
    if seal["prev_hash"] != prev:
        return f"审计链在事件 #{event_id} 处断裂：前一节点哈希不符（节点被删除或改动）。"
    if event is None:
        return f"审计事件 #{event_id} 已被删除。"
    if link_hash(prev, event) != seal["hash"]:
        return f"审计事件 #{event_id} 的内容已被改动（哈希不符）。"
    return ""


def _check_unsealed(checked: int) -> VerifyReport:
    grace = timedelta(seconds=settings.ANJIAN["AUDIT_SEAL_GRACE_SECONDS"] + 3600)
    unsealed = AuditEvent.objects.filter(seal__isnull=True)
    stale = unsealed.filter(at__lt=timezone.now() - grace).order_by("id").first()
    if stale is not None:
        message = f"审计事件 #{stale.pk} 未进入审计链（疑似事后插入）。"
        return VerifyReport(False, checked, unsealed.count(), message, stale.pk)
    return VerifyReport(True, checked, unsealed.count(), f"审计链完整，已校验 {checked} 条事件。")


def head() -> dict[str, Any]:
    last = AuditSeal.objects.order_by("-seq").first()
    if last is None:
        return {"seq": 0, "event_id": None, "hash": GENESIS}
    return {"seq": last.seq, "event_id": last.event_id, "hash": last.hash}
