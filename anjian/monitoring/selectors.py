"""Reads on monitoring: points, series for charts, alarms and their statistics."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from .choices import AlarmCause, AlarmStatus
from .filters import AlarmFilters, PointFilters
from .models import Alarm, GatewayToken, MonitoringPoint, Reading, Rollup
from .thresholds import limits


def points_for(user, filters: PointFilters | None = None) -> QuerySet:
    """The live points in scope, by enterprise and code (the API orders by its filters)."""
    qs = MonitoringPoint.objects.visible_to(user).live().select_related("enterprise", "source")
    return (filters or PointFilters()).apply(qs)


def point_for(user, ref: str) -> MonitoringPoint:
    lookup = {"pk": int(ref)} if str(ref).isdigit() else {"code": ref}
    return MonitoringPoint.objects.select_related("enterprise").get_visible(user, **lookup)


def series(
    point: MonitoringPoint, since: datetime, until: datetime | None = None, resolution: str = "auto"
) -> dict:
    """Raw readings for short spans, minute or hour rollups for longer ones (flat cost)."""
    until = until or timezone.now()
    span = until - since
    if resolution == "auto":
        resolution = (
            "raw"
            if span <= timedelta(hours=6)
            else "minute"
            if span <= timedelta(days=7)
            else "hour"
        )
    if resolution == "raw":
        readings = Reading.objects.filter(point=point, ts__gte=since, ts__lte=until).order_by("ts")
        data = [[r.ts.isoformat(), r.value] for r in readings[:20000]]
    else:
        rollups = Rollup.objects.filter(
            point=point, period=resolution, bucket__gte=since, bucket__lte=until
        ).order_by("bucket")
        data = [[r.bucket.isoformat(), round(r.average, 4), r.minimum, r.maximum] for r in rollups]
    return {
        "resolution": resolution,
        "data": data,
        "thresholds": limits(point),
    }


def alarms_for(user, filters: AlarmFilters | None = None) -> QuerySet:
    filters = filters or AlarmFilters()
    qs = Alarm.objects.visible_to(user).select_related("point", "enterprise", "acknowledged_by")
    return filters.apply(qs).order_by(*filters.ordering(), "-id")


def alarm_for(user, pk: int) -> Alarm:
    return Alarm.objects.select_related("point", "enterprise").get_visible(user, pk=pk)


def alarm_stats(user, *, enterprise: int | None = None) -> list[dict]:
    """Per enterprise: alarm count, share of false alarms, mean time to acknowledge."""
    qs = alarms_for(user, AlarmFilters(enterprise=enterprise))
    wait = ExpressionWrapper(F("acknowledged_at") - F("opened_at"), output_field=DurationField())
    rows = (
        qs.values("enterprise_id", "enterprise__name")
        .annotate(
            count=Count("id"),
            open=Count("id", filter=Q(status=AlarmStatus.OPEN)),
            acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False)),
            false=Count("id", filter=Q(cause=AlarmCause.FALSE)),
            mtta=Avg(wait, filter=Q(acknowledged_at__isnull=False)),
        )
        .order_by("-count")
    )
    return [
        {
            "enterprise": r["enterprise_id"],
            "name": r["enterprise__name"],
            "count": r["count"],
            "open": r["open"],
            "false_share": round(r["false"] * 100 / r["acknowledged"], 1)
            if r["acknowledged"]
            else None,
            "mean_minutes_to_acknowledge": round(r["mtta"].total_seconds() / 60, 1)
            if r["mtta"]
            else None,
        }
        for r in rows
    ]


def gateway_tokens(enterprise_id: int):
    """The live gateway tokens of one enterprise (prefix and name only; the key is never kept)."""
    return GatewayToken.objects.filter(
        enterprise_id=enterprise_id, revoked_at__isnull=True
    ).order_by("-created_at")
