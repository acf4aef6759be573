"""Scheduled work of the inspections app (registered with `anjian.core.tick` on import):
re-check reminders to the visit's team the day before the re-check is due and on the day,
each once (`reminded_at`, `due_reminded_at`, and the notification's key)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from anjian.core.notifications import notify
from anjian.core.tick import register

from .choices import Status
from .models import InspectionMember, Recheck
from .workflow import OFFICERS


def _remind(recheck: Recheck, *, on_the_day: bool) -> bool:
    field = "due_reminded_at" if on_the_day else "reminded_at"
    with transaction.atomic():
        # The conditional UPDATE claims the reminder: two ticks never send it twice.
        claimed = Recheck.objects.filter(pk=recheck.pk, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
        if not claimed:
            return False
        inspection = recheck.inspection
        team = InspectionMember.objects.filter(inspection=inspection, role__in=OFFICERS)
        when = "今天" if on_the_day else "明天"
        notify(
            team.values_list("user_id", flat=True),
            title=f"{when}应对{inspection.enterprise.name}进行整改复查",
            body=f"检查编号 {inspection.number}，复查期限 {recheck.due_on:%Y-%m-%d}",
            link=reverse("inspections:recheck", args=[inspection.pk]),
            level="warning",
            key=f"inspection-recheck:{recheck.pk}:{'due' if on_the_day else 'before'}",
        )
    return True


@register("inspections.recheck_reminders")
def recheck_reminders() -> int:
    today = timezone.localdate()
    open_rechecks = Recheck.objects.filter(
        done_at__isnull=True, inspection__status=Status.RECHECKING
    ).select_related("inspection__enterprise")
    sent = 0
    for recheck in open_rechecks.filter(due_on=today + timedelta(days=1), reminded_at__isnull=True):
        sent += _remind(recheck, on_the_day=False)
    for recheck in open_rechecks.filter(due_on=today, due_reminded_at__isnull=True):
        sent += _remind(recheck, on_the_day=True)
    return sent
