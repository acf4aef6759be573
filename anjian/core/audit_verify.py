"""Verifying the audit chain, strictly read-only.

`verify()` never seals and never writes: on SQLite it runs with `PRAGMA query_only`, on
PostgreSQL in a READ ONLY, REPEATABLE READ transaction (one consistent snapshot). It walks the
seals in sequence order and names the first bad event:

- a seal whose MAC does not match its event (an edited event, an edited or forged seal);
- a seal whose event is gone, a missing sequence number or a broken link (deleted rows);
- against a published head: a seal re-made after the head was published (a rewritten tail), or a
  chain that stops before the head (deleted newest events);
- an event sealed much later than it claims to have happened, or still unsealed past the sealing
  window (inserted behind the application's back, e.g. back-dated);
- on SQLite, whose ids never have gaps, a missing id (a deleted unsealed event).
"""

from __future__ import annotations

import contextlib
import hmac
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .audit import GENESIS, HASHED_FIELDS, Head, seal_mac, sealing_window
from .crypto import ChainMac, audit_mac
from .models import AuditEvent, AuditSeal

MAX_FINDINGS = 20
SEAL_FIELDS = ("seq", "event_id", "prev_hash", "hash", "sealed_at")


@dataclass(frozen=True)
class Finding:
    event_id: int | None
    message: str


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    checked: int
    unsealed: int
    message: str
    event_id: int | None = None
    findings: tuple[Finding, ...] = ()


@dataclass
class _Walk:
    """State of one walk along the chain."""

    mac: ChainMac
    published: Head | None
    prev: str = GENESIS
    last_seq: int = 0
    last_event_id: int = 0
    checked: int = 0
    broken: bool = False
    reached_head: bool = False
    findings: list[Finding] = field(default_factory=list)
    omitted: int = 0

    def add(self, event_id: int | None, message: str, *, breaks: bool = False) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(Finding(event_id, message))
        else:
            self.omitted += 1
        self.broken = self.broken or breaks


@contextlib.contextmanager
def read_only() -> Iterator[None]:
    """Make any write attempted inside fail at the database, not merely by convention."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")
    elif connection.in_atomic_block:
        yield  # inside the caller's transaction the mode can no longer be changed
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield


def verify(published: Head | None = None, chunk: int = 5000) -> VerifyReport:
    """Check the whole chain (and, given a published head, its tail) without writing anything."""
    with read_only():
        walk = _Walk(
            audit_mac(), published, reached_head=published is not None and not published.seq
        )
        _walk_chain(walk, chunk)
        if published is not None and not walk.broken and not walk.reached_head:
            _report_truncation(walk, published)
        unsealed = _check_unsealed(walk)
        if connection.vendor == "sqlite":
            _check_id_gaps(walk)
    if walk.findings:
        first = walk.findings[0]
        message = "\n".join(finding.message for finding in walk.findings)
        if walk.omitted:
            message += f"\n另有 {walk.omitted} 处问题未列出。"
        return VerifyReport(
            False, walk.checked, unsealed, message, first.event_id, tuple(walk.findings)
        )
    scope = f"，与已发布链头（序号 {published.seq}）一致" if published else ""
    message = f"审计链完整，已校验 {walk.checked} 条事件{scope}；未封存 {unsealed} 条。"
    return VerifyReport(True, walk.checked, unsealed, message)


def _walk_chain(walk: _Walk, chunk: int) -> None:
    while not walk.broken:
        seals = list(
            AuditSeal.objects.filter(seq__gt=walk.last_seq)
            .order_by("seq")
            .values(*SEAL_FIELDS)[:chunk]
        )
        if not seals:
            return
        ids = [seal["event_id"] for seal in seals]
        events = {
            row["id"]: row for row in AuditEvent.objects.filter(id__in=ids).values(*HASHED_FIELDS)
        }
        for seal in seals:
            _check_link(walk, seal, events.get(seal["event_id"]))
            if walk.broken:
                return
            walk.prev, walk.last_seq = seal["hash"], seal["seq"]
            walk.last_event_id = seal["event_id"]
            walk.checked += 1


def _check_link(walk: _Walk, seal: Mapping[str, Any], event: Mapping[str, Any] | None) -> None:
    problem = _link_problem(walk, seal, event)
    if problem or event is None:  # a missing event is always a problem
        walk.add(seal["event_id"], problem, breaks=True)
        return
    _check_against_head(walk, seal)
    if not walk.broken and seal["sealed_at"] - event["at"] > sealing_window():
        at = timezone.localtime(event["at"]).strftime("%Y-%m-%d %H:%M")
        sealed = timezone.localtime(seal["sealed_at"]).strftime("%Y-%m-%d %H:%M")
        walk.add(
            seal["event_id"],
            f"审计事件 #{seal['event_id']} 自称发生于 {at}，"
            f"却迟至 {sealed} 才封存（疑似事后插入或倒签时间）。",
        )


def _link_problem(walk: _Walk, seal: Mapping[str, Any], event: Mapping[str, Any] | None) -> str:
    event_id, seq = seal["event_id"], seal["seq"]
    if seq != walk.last_seq + 1:
        gap = f"{walk.last_seq + 1}" + (f"–{seq - 1}" if seq - 1 > walk.last_seq + 1 else "")
        return f"审计链在事件 #{event_id} 之前断裂：序号 {gap} 的节点被删除。"
    if seal["prev_hash"] != walk.prev:
        return f"审计链在事件 #{event_id} 处断裂：前一节点不符（节点被删除或改动）。"
    if event is None:
        return f"审计事件 #{event_id} 已被删除（其链节点序号 {seq} 仍在）。"
    expected = seal_mac(
        walk.mac, seq=seq, prev=walk.prev, sealed_at=seal["sealed_at"], values=event
    )
    if not hmac.compare_digest(expected, seal["hash"]):
        return f"审计事件 #{event_id} 的内容或其链节点已被改动（MAC 不符）。"
    return ""


def _check_against_head(walk: _Walk, seal: Mapping[str, Any]) -> None:
    published = walk.published
    if published is None or seal["seq"] > published.seq:
        return
    event_id = seal["event_id"]
    if seal["sealed_at"] > published.sealed_at:
        walk.add(
            event_id,
            f"审计事件 #{event_id} 在已发布链头（序号 {published.seq}）之后被重新封存：链尾已被改写。",
            breaks=True,
        )
    elif seal["seq"] == published.seq:
        if seal["hash"] != published.mac or event_id != published.event_id:
            walk.add(event_id, f"已发布链头（序号 {published.seq}）的节点已被改写。", breaks=True)
        walk.reached_head = True


def _report_truncation(walk: _Walk, published: Head) -> None:
    """The chain stops before the published head: name the first event no longer in it."""
    first = _first_event_after(walk.last_event_id, walk.last_seq)
    walk.add(
        first,
        f"审计链被截断：已发布链头为序号 {published.seq}（事件 #{published.event_id}），"
        f"现存链只到序号 {walk.last_seq}；自事件 #{first} 起的记录被删除或改写。",
        breaks=True,
    )


def _first_event_after(event_id: int, last_seq: int) -> int:
    """The lowest id after `event_id` that is missing, or present but not in the intact chain."""
    expected = event_id + 1
    rows = (
        AuditEvent.objects.filter(id__gt=event_id)
        .order_by("id")
        .values_list("id", "seal__seq")
        .iterator(chunk_size=2000)
    )
    for row_id, seq in rows:
        if row_id != expected or seq is None or seq > last_seq:
            return min(row_id, expected)
        expected += 1
    return expected


def _check_unsealed(walk: _Walk) -> int:
    unsealed = AuditEvent.objects.filter(seal__isnull=True)
    stale = unsealed.filter(at__lt=timezone.now() - sealing_window()).order_by("id").first()
    if stale is not None:
        walk.add(stale.pk, f"审计事件 #{stale.pk} 超过封存时限仍未进入审计链（疑似事后插入）。")
    return unsealed.count()


GAP_SQL = (
    "SELECT id, next_id FROM (SELECT id, LEAD(id) OVER (ORDER BY id) AS next_id "
    "FROM core_auditevent) AS ordered WHERE next_id > id + 1 ORDER BY id LIMIT 1"
)


def _check_id_gaps(walk: _Walk) -> None:
    """SQLite hands out ids without gaps (AUTOINCREMENT, rolled back with the transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(GAP_SQL)
        gap = cursor.fetchone()
        cursor.execute("SELECT max(id) FROM core_auditevent")
        (highest,) = cursor.fetchone()
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = 'core_auditevent'")
        issued = cursor.fetchone()
    if gap is not None:
        first, after = gap[0] + 1, gap[1] - 1
        span = f"#{first}" + (f"–#{after}" if after > first else "")
        walk.add(first, f"审计事件 {span} 已被删除（事件编号不连续）。")
    if highest is not None and issued is not None and issued[0] > highest:
        walk.add(highest + 1, f"最新的审计事件（自 #{highest + 1} 起）已被删除。")
