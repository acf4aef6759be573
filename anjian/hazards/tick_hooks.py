"""Deadlines: reminders 3 days and 1 day ahead; overdue warnings; escalation of major ones.

Every message carries a key, so a reminder goes to a person once however often tick runs.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from anjian.core.notifications import notify
from anjian.core.tick import register

from . import notify as people
from .choices import Grade, Status
from .models import Hazard


def _responsible(hazard):
    if hazard.responsible_user_id:
        return [hazard.responsible_user_id]
    return people.enterprise_users(hazard, ("ent_safety_manager",))


@register("hazards.deadlines")
def deadlines() -> int:
    today = timezone.localdate()
    live = Hazard.objects.live().select_related("enterprise")
    soon = [today + timedelta(days=3), today + timedelta(days=1)]
    due = live.filter(status=Status.RECTIFYING, deadline__in=soon)
    for hazard in due:
        days = (hazard.deadline - today).days
        with transaction.atomic():
            notify(
                _responsible(hazard),
                title=f"隐患 {hazard.number} 还有 {days} 天到整改期限",
                body=hazard.description[:100],
                link=people.link(hazard),
                level="warning",
                key=f"hazard:{hazard.pk}:due:{hazard.deadline:%Y%m%d}:{days}",
            )
    overdue = live.overdue(today)
    for hazard in overdue:
        _overdue(hazard)
    return len(due) + len(overdue)


def _overdue(hazard) -> None:
    key = f"hazard:{hazard.pk}:overdue:{hazard.deadline:%Y%m%d}"
    title = f"隐患 {hazard.number} 已逾期（期限 {hazard.deadline:%Y-%m-%d}）"
    principals = people.enterprise_users(hazard, ("ent_principal",))
    message = {"body": hazard.enterprise.name, "link": people.link(hazard), "level": "danger"}
    with transaction.atomic():
        notify(list(principals) + list(people.supervisors(hazard)), title=title, key=key, **message)
        if hazard.grade == Grade.MAJOR:
            targets = people.escalation_targets(hazard)
            notify(targets, title="【升级】重大" + title, key=key + ":escalated", **message)
