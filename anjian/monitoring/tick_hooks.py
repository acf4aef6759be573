"""Periodic monitoring work: offline alarms, minute/hour rollups, retention of raw readings."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncHour, TruncMinute
from django.utils import timezone

from anjian.accounts.selectors import User, enterprise_staff
from anjian.core.notifications import notify
from anjian.core.tick import register
from anjian.enterprises.selectors import nearest_offices

from .choices import AlarmStatus, PointState
from .ingest import lock_enterprises
from .models import Alarm, MonitoringPoint, Reading, Rollup

LONG_OFFLINE_FACTOR = 6  # offline this many times the point's window: the territorial office too


@register("monitoring.offline")
def offline_alarms() -> int:
    now = timezone.now()
    opened = 0
    silent = (
        MonitoringPoint.objects.live()
        .exclude(state=PointState.OFFLINE)
        .filter(last_ts__isnull=False)
    )
    for point in silent.select_related("enterprise"):
        if now - point.last_ts < timedelta(minutes=point.offline_minutes):
            continue
        with transaction.atomic():
            lock_enterprises([point.enterprise_id])  # never interleave with an ingestion
            point.refresh_from_db(fields=["last_ts", "state"])
            if now - point.last_ts < timedelta(minutes=point.offline_minutes):
                continue
            if not Alarm.objects.filter(
                point=point, status=AlarmStatus.OPEN, kind=PointState.OFFLINE
            ).exists():
                alarm = Alarm.objects.create(
                    point=point,
                    enterprise=point.enterprise,
                    kind=PointState.OFFLINE,
                    opened_at=point.last_ts + timedelta(minutes=point.offline_minutes),
                )
                notify(
                    enterprise_staff(point.enterprise_id),
                    title=f"监测点离线：{point.enterprise.name} {point.name}",
                    body=f"自 {timezone.localtime(point.last_ts):%m-%d %H:%M} 起无数据",
                    link=f"/monitoring/alarms/{alarm.pk}/",
                    level="warning",
                    key=f"alarm:{alarm.pk}:offline",
                )
                opened += 1
            MonitoringPoint.objects.filter(pk=point.pk).update(state=PointState.OFFLINE)
    _long_offline(now)
    return opened


def _long_offline(now) -> None:
    for alarm in Alarm.objects.filter(
        status=AlarmStatus.OPEN, kind=PointState.OFFLINE
    ).select_related("point", "enterprise"):
        if now - alarm.opened_at < timedelta(
            minutes=alarm.point.offline_minutes * LONG_OFFLINE_FACTOR
        ):
            continue
        offices = nearest_offices(alarm.enterprise)["territorial"]
        with transaction.atomic():
            notify(
                User.objects.filter(is_active=True, organisation__in=offices),
                title=f"监测点长时间离线：{alarm.enterprise.name} {alarm.point.name}",
                link=f"/monitoring/alarms/{alarm.pk}/",
                level="danger",
                key=f"alarm:{alarm.pk}:offline-long",
            )


def _roll(period: str, trunc, since) -> int:
    rows = (
        Reading.objects.filter(ts__gte=since)
        .annotate(bucket=trunc("ts"))
        .values("point_id", "bucket")
        .annotate(minimum=Min("value"), maximum=Max("value"), total=Sum("value"), count=Count("id"))
    )
    objs = [Rollup(period=period, **row) for row in rows]
    Rollup.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=["point", "period", "bucket"],
        update_fields=["minimum", "maximum", "total", "count"],
        batch_size=2000,
    )
    return len(objs)


@register("monitoring.rollups")
def rollups(since: timedelta | None = None) -> int:
    """Recompute the buckets touched recently (idempotent: a bucket is rewritten whole)."""
    now = timezone.now()
    minute_start = now.replace(second=0, microsecond=0) - (since or timedelta(minutes=10))
    hour_start = now.replace(minute=0, second=0, microsecond=0) - (since or timedelta(hours=1))
    return _roll("minute", TruncMinute, minute_start) + _roll("hour", TruncHour, hour_start)


@register("monitoring.retention")
def retention() -> int:
    days = settings.ANJIAN["READING_RETENTION_DAYS"]
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = Reading.objects.filter(ts__lt=cutoff).delete()
    Rollup.objects.filter(period="minute", bucket__lt=timezone.now() - timedelta(days=90)).delete()
    return deleted
