"""Ingestion of readings: validate each, store the batch, evaluate thresholds in the same pass.

One alarm per excursion: leaving the normal band opens an alarm, a worse band upgrades it (the
upgrade notifies again), returning to normal closes it. Readings arriving out of order are stored
but do not move a point's state backwards in time. Each bad reading is reported with its index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from anjian.core.records.models import enterprise_scope

from .choices import AlarmStatus, PointState
from .models import Alarm, MonitoringPoint
from .thresholds import band, threshold_of, worse

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # no gateway in service measured before this


@dataclass
class Outcome:
    accepted: int = 0
    rejected: list[dict] = field(default_factory=list)
    opened: list[Alarm] = field(default_factory=list)
    escalated: list[Alarm] = field(default_factory=list)
    closed: list[Alarm] = field(default_factory=list)
    touched: list[Alarm] = field(default_factory=list)  # existing alarms with a new peak

    def reject(self, index: int, reason: str) -> None:
        self.rejected.append({"index": index, "reason": reason})


def _parse(index: int, item, horizon: datetime, out: Outcome):
    if not isinstance(item, dict):
        return out.reject(index, "每条数据应为对象 {point, ts, value}。")
    ref, raw_ts, value = item.get("point"), item.get("ts"), item.get("value")
    if ref is None or ref == "":
        return out.reject(index, "缺少监测点 point。")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return out.reject(index, f"数值 value 应为有限的数字，收到：{value!r}。")
    try:
        ts = datetime.fromisoformat(str(raw_ts))
    except (TypeError, ValueError):
        return out.reject(index, f"时间 ts 应为 ISO 8601 格式，收到：{raw_ts!r}。")
    if timezone.is_naive(ts):
        ts = timezone.make_aware(ts)
    if ts > horizon:
        return out.reject(index, "时间 ts 晚于服务器当前时间（超出允许误差），请校准网关时钟。")
    if ts < EARLIEST:
        return out.reject(index, "时间 ts 早于 2000 年，请校准网关时钟。")
    return (index, str(ref), ts, float(value))


def lock_enterprises(enterprise_ids) -> None:
    """One writer per enterprise at a time (its gateways may post concurrently). PostgreSQL takes
    an advisory lock — cheaper than locking hundreds of point rows; SQLite writes one at a time."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for enterprise_id in sorted(enterprise_ids):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7_302_202, enterprise_id])


def _points(refs: set[str], enterprise_ids) -> dict[str, MonitoringPoint]:
    """Points by code and by id, limited to the enterprises the sender speaks for."""
    ids = {int(r) for r in refs if r.isdigit()}
    qs = MonitoringPoint.objects.live().filter(enterprise_id__in=enterprise_ids)
    qs = qs.filter(code__in=refs) | qs.filter(pk__in=ids)
    found: dict[str, MonitoringPoint] = {}
    for point in qs.order_by("pk"):
        found[point.code] = point
        found[str(point.pk)] = point
    return found


def ingest(batch: list, *, enterprise_ids) -> Outcome:
    out = Outcome()
    conf = settings.ANJIAN
    if len(batch) > conf["READING_BATCH_MAX"]:
        out.reject(-1, f"一批最多 {conf['READING_BATCH_MAX']} 条。")
        return out
    horizon = timezone.now() + timedelta(seconds=conf["READING_FUTURE_SECONDS"])
    parsed = [p for i, item in enumerate(batch) if (p := _parse(i, item, horizon, out))]
    with transaction.atomic():
        lock_enterprises(enterprise_ids)
        points = _points({p[1] for p in parsed}, enterprise_ids)
        rows: list[tuple[int, datetime, float]] = []
        by_point: dict[int, tuple[MonitoringPoint, list[tuple[datetime, float]]]] = {}
        for index, ref, ts, value in parsed:
            point = points.get(ref)
            if point is None:
                out.reject(index, f"未知的监测点：{ref}（或不属于本企业）。")
                continue
            rows.append((point.pk, ts, value))
            by_point.setdefault(point.pk, (point, []))[1].append((ts, value))
        _store(rows)
        out.accepted = len(rows)
        _evaluate(by_point, out)
    out.rejected.sort(key=lambda r: r["index"])
    return out


def _store(rows: list[tuple]) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy("COPY monitoring_reading (point_id, ts, value) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO monitoring_reading (point_id, ts, value) VALUES (%s, %s, %s)", rows
        )


def _evaluate(by_point: dict, out: Outcome) -> None:
    open_alarms = {
        a.point_id: a
        for a in Alarm.objects.filter(point_id__in=list(by_point), status=AlarmStatus.OPEN).exclude(
            kind=PointState.OFFLINE
        )
    }
    offline = {
        a.point_id: a
        for a in Alarm.objects.filter(
            point_id__in=list(by_point), status=AlarmStatus.OPEN, kind=PointState.OFFLINE
        )
    }
    changed = []
    for point, readings in by_point.values():
        readings.sort(key=lambda r: r[0])
        fresh = [r for r in readings if point.last_ts is None or r[0] > point.last_ts]
        if not fresh:
            continue
        if point.pk in offline:
            _close(offline[point.pk], fresh[0][0], out)
        alarm = open_alarms.get(point.pk)
        for ts, value in fresh:
            alarm = _step(point, alarm, ts, value, out)
        point.last_ts, point.last_value = fresh[-1]
        if point.state == PointState.OFFLINE:
            point.state = band(point.last_value, **_limits(point))
        changed.append(point)
    if changed:
        _update_points(changed)
    if out.opened:
        _copy_scope(out.opened)
        Alarm.objects.bulk_create(out.opened)
    saved = {a.pk: a for a in out.escalated + out.closed + out.touched if a.pk}
    if saved:
        Alarm.objects.bulk_update(
            list(saved.values()), ["kind", "status", "closed_at", "peak_value", "threshold"]
        )


def _copy_scope(alarms: list[Alarm]) -> None:
    """New alarms take their enterprise's committed scope, read under the record layer's share
    lock, so an alarm opened while the enterprise moves is never left in the old jurisdiction."""
    scopes = {e: enterprise_scope(e) for e in sorted({a.enterprise_id for a in alarms})}
    for alarm in alarms:
        alarm.region_code, alarm.sector_id, alarm.grid_id = scopes[alarm.enterprise_id]


def _update_points(points: list) -> None:
    """The new state of every point in one statement (Django's bulk_update builds CASE trees)."""
    rows = [(p.pk, p.state, p.last_value, p.last_ts) for p in points]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            values = ", ".join(["(%s, %s, %s::double precision, %s::timestamptz)"] * len(rows))
            cursor.execute(
                "UPDATE monitoring_monitoringpoint AS p SET state = v.state, last_value = v.value, "  # noqa: S608
                f"last_ts = v.ts FROM (VALUES {values}) AS v(id, state, value, ts) WHERE p.id = v.id",
                [item for row in rows for item in row],
            )
            return
        cursor.executemany(
            "UPDATE monitoring_monitoringpoint SET state = %s, last_value = %s, last_ts = %s "
            "WHERE id = %s",
            [(state, value, ts, pk) for pk, state, value, ts in rows],
        )


def _limits(point) -> dict:
    return {
        "low_low": point.low_low,
        "low": point.low,
        "high": point.high,
        "high_high": point.high_high,
    }


def _step(point, alarm, ts, value, out: Outcome):
    """Move one point by one reading; returns the alarm open after it (or None)."""
    state = band(value, **_limits(point))
    point.state = state
    if alarm is not None:
        peak = _peak(alarm, value)
        if peak != alarm.peak_value and alarm.pk and alarm not in out.touched:
            out.touched.append(alarm)
        alarm.peak_value = peak
        if state == PointState.NORMAL:
            _close(alarm, ts, out)
            return None
        if worse(state, alarm.kind):
            alarm.kind, alarm.threshold = state, threshold_of(point, state)
            if alarm not in out.escalated and alarm not in out.opened:
                out.escalated.append(alarm)
        return alarm
    if state == PointState.NORMAL:
        return None
    alarm = Alarm(
        point=point,
        enterprise_id=point.enterprise_id,  # its scope is copied when saved (_copy_scope)
        kind=state,
        opened_at=ts,
        first_value=value,
        peak_value=value,
        threshold=threshold_of(point, state),
    )
    out.opened.append(alarm)
    return alarm


def _peak(alarm, value: float) -> float:
    if alarm.kind in (PointState.LOW, PointState.LOW_LOW):
        return min(alarm.peak_value, value) if alarm.peak_value is not None else value
    return max(alarm.peak_value, value) if alarm.peak_value is not None else value


def _close(alarm, ts, out: Outcome) -> None:
    alarm.status, alarm.closed_at = AlarmStatus.CLOSED, ts
    if alarm in out.opened:
        return  # opened and closed within one batch: saved once, already closed
    if alarm not in out.closed:
        out.closed.append(alarm)
