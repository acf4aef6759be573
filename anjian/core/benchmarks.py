"""Benchmarks of the shared machinery: the audit-log list and bulk writing of audit events."""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.utils import timezone

from .bench import BenchContext, Figure, client_for, latency, scenario
from .models import AuditEvent

LIST_SQL = (
    "SELECT id, at, actor_username, actor_role, ip, request_id, event_type, object_type, "
    "object_id, object_repr, result, reason FROM core_auditevent {where} ORDER BY id DESC LIMIT 51"
)


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()


@scenario("audit.list")
def audit_list(ctx: BenchContext) -> list[Figure]:
    client = client_for("auditadmin")
    total = AuditEvent.objects.count()
    middle = AuditEvent.objects.order_by("-id").values_list("id", flat=True)[total // 2]
    first = client.get("/api/v1/audit/events?limit=50")
    assert first.status_code == 200, first.content
    deep_cursor = _cursor_for(middle)

    def api_first():
        client.get("/api/v1/audit/events?limit=50")

    def api_deep():
        client.get(f"/api/v1/audit/events?limit=50&cursor={deep_cursor}")

    detail = f"{total} 条审计事件"
    return [
        latency(
            "审计日志 API 第一页（50 条）",
            api_first,
            lambda: _raw(LIST_SQL.format(where=""), []),
            ctx.repeat,
            detail,
        ),
        latency(
            "审计日志 API 深翻页（游标在中部）",
            api_deep,
            lambda: _raw(LIST_SQL.format(where="WHERE id < %s"), [middle]),
            ctx.repeat,
            detail,
        ),
    ]


def _cursor_for(event_id: int) -> str:
    from .pagination import _encode

    return _encode([event_id])


@scenario("audit.write")
def audit_write(ctx: BenchContext) -> list[Figure]:
    """Bulk writing of audit rows as the scale generator does it, against raw executemany."""
    n = 20_000
    now = timezone.now()
    rows = [
        AuditEvent(at=now, actor_username="bench", event_type="bench.write", object_id=str(i))
        for i in range(n)
    ]
    with transaction.atomic():
        started = time.perf_counter()
        AuditEvent.objects.bulk_create(rows, batch_size=5000)
        orm = n / (time.perf_counter() - started)
        transaction.set_rollback(True)
    columns = (
        "at, actor_username, actor_role, actor_scope, ip, user_agent, request_id, "
        "event_type, object_type, object_id, object_repr, result, reason"
    )
    values = [
        (now, "bench", "", "", "", "", "", "bench.write", "", str(i), "", "success", "")
        for i in range(n)
    ]
    placeholders = ", ".join(["%s"] * 13)
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.executemany(
            f"INSERT INTO core_auditevent ({columns}) VALUES ({placeholders})",  # noqa: S608
            values,
        )
        raw = n / (time.perf_counter() - started)
        transaction.set_rollback(True)
    return [Figure("审计事件批量写入", "rows/s", round(orm), round(orm), round(raw), f"{n} 行")]
