"""The audit log: events are written with the business change, then sealed into a MAC chain.

Writers only INSERT an event. A single sealer (run by `tick`, and only by it) appends a seal row
per event in sequence order, each seal a MAC — keyed with `ANJIAN_AUDIT_KEY`, kept outside the
database — over its sequence number, the previous MAC, the sealing time and the event's content.
Sealing after the fact means concurrent writers never wait on one another; an event committed
late (out of id order) is simply sealed in a later pass. Whoever can write the database but does
not hold the key cannot make a seal that verifies. `head()` is the chain's last seal, signed for
publication; checking against a published head (`audit_verify`) catches a cut or re-sealed tail.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from . import context
from .crypto import ChainMac, audit_mac
from .models import AuditEvent, AuditSeal

GENESIS = "0" * 64
# An unsealed event older than the grace period plus this margin, or an event sealed this much
# later than it claims to have happened, was inserted behind the application's back.
SEALING_MARGIN = timedelta(hours=1)
HEAD_PREFIX = "anjian-audit-head"
HEAD_VERSION = "1"
HEAD_TIME_FORMAT = "%Y%m%dT%H%M%S.%fZ"
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


def describe(obj) -> str:
    """How the log names an object: its `audit_label()` if it has one (a number and a title)."""
    label = getattr(obj, "audit_label", None)
    return str(label()) if callable(label) else str(obj)


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
        object_repr=describe(obj)[:200] if obj is not None else "",
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


def seal_mac(
    mac: ChainMac, *, seq: int, prev: str, sealed_at: datetime, values: Mapping[str, Any]
) -> str:
    """The MAC of one link: its place, its predecessor, when it was sealed, and the event."""
    source = "\n".join(
        [
            "anjian-audit-seal",
            str(seq),
            prev,
            sealed_at.astimezone(UTC).isoformat(timespec="microseconds"),
            event_digest_source(values),
        ]
    )
    return mac.digest(source.encode("utf-8"))


def sealing_window() -> timedelta:
    """How long an event may stay unsealed: the grace period plus a margin for a late tick."""
    return timedelta(seconds=settings.ANJIAN["AUDIT_SEAL_GRACE_SECONDS"]) + SEALING_MARGIN


def _lock_sealer() -> None:
    """One sealer at a time: an advisory lock on PostgreSQL; SQLite's IMMEDIATE mode serialises."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [7_302_201])


def seal_pending(batch: int = 5000, *, grace: timedelta | None = None) -> int:
    """Append seals for committed, unsealed events older than the grace period. Idempotent.

    `tick` (and `audit seal`) call this, and `backup` just before its snapshot (grace 0, so that
    a restored copy carries as few unsealed events as possible); verifying never seals.
    """
    mac = audit_mac()
    if grace is None:
        grace = timedelta(seconds=settings.ANJIAN["AUDIT_SEAL_GRACE_SECONDS"])
    sealed = 0
    while True:
        with transaction.atomic():
            _lock_sealer()
            last = AuditSeal.objects.order_by("-seq").only("seq", "hash").first()
            seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
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
                seq += 1
                digest = seal_mac(mac, seq=seq, prev=prev, sealed_at=now, values=values)
                seals.append(
                    AuditSeal(
                        seq=seq, event_id=values["id"], prev_hash=prev, hash=digest, sealed_at=now
                    )
                )
                prev = digest
            AuditSeal.objects.bulk_create(seals)
            sealed += len(seals)


@dataclass(frozen=True)
class Head:
    """The chain's last link as published: sequence, event, sealing time and MAC."""

    seq: int
    event_id: int
    sealed_at: datetime
    mac: str

    def payload(self) -> str:
        stamp = self.sealed_at.astimezone(UTC).strftime(HEAD_TIME_FORMAT)
        return f"{HEAD_VERSION}:{self.seq}:{self.event_id}:{stamp}:{self.mac}"


EMPTY_HEAD = Head(0, 0, datetime(1970, 1, 1, tzinfo=UTC), GENESIS)


class HeadError(ValueError):
    """A published head that is malformed or was not signed with this installation's key."""


def head() -> Head:
    last = AuditSeal.objects.order_by("-seq").first()
    if last is None:
        return EMPTY_HEAD
    return Head(last.seq, last.event_id, last.sealed_at, last.hash)


def publish_head(value: Head) -> str:
    """The head as one line to publish (duty log, a letter to the supervisor): payload + signature."""
    payload = value.payload()
    signature = audit_mac().digest(f"anjian-audit-head\n{payload}".encode())
    return f"{HEAD_PREFIX}:{payload}:{signature}"


def parse_head(text: str) -> Head:
    """Read a published head back, refusing one whose signature does not match the key."""
    parts = text.strip().split(":")
    if len(parts) != 7 or parts[0] != HEAD_PREFIX or parts[1] != HEAD_VERSION:
        raise HeadError("链头格式不正确（应为 `anjian audit head` 输出的一整行）。")
    _, _, seq, event_id, stamp, mac, signature = parts
    try:
        value = Head(
            int(seq),
            int(event_id),
            datetime.strptime(stamp, HEAD_TIME_FORMAT).replace(tzinfo=UTC),
            mac,
        )
    except ValueError as exc:
        raise HeadError("链头格式不正确（序号、事件号或时间无法解析）。") from exc
    expected = audit_mac().digest(f"anjian-audit-head\n{value.payload()}".encode())
    if not hmac.compare_digest(expected, signature):
        raise HeadError("链头签名无效：不是本系统以当前审计密钥发布的链头，或已被改动。")
    return value
