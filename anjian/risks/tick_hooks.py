"""Major hazard sources: a reminder when the 3-yearly re-assessment falls due (40号令第十一条)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from anjian.core.notifications import notify
from anjian.core.tick import register
from anjian.enterprises.selectors import nearest_offices


@register("risks.reassessment")
def reassessment_reminders() -> int:
    from anjian.accounts.selectors import User, enterprise_staff

    from .services import reassessment_window

    sent = 0
    today = timezone.localdate()
    for source in reassessment_window(today).select_related("enterprise"):
        offices = nearest_offices(source.enterprise)
        people = enterprise_staff(source.enterprise_id)
        people = list(people) + list(
            User.objects.filter(
                is_active=True, organisation__in=offices["territorial"] + offices["sector"]
            )
        )
        overdue = source.reassessment_due < today
        with transaction.atomic():
            notify(
                people,
                title=f"重大危险源“{source.name}”{'已超过' if overdue else '临近'}重新评估期限",
                body=f"{source.enterprise.name}，应于 {source.reassessment_due:%Y-%m-%d} 前重新评估。",
                link=f"/risks/sources/{source.pk}/",
                level="danger" if overdue else "warning",
                key=f"mhs:{source.pk}:reassess:{source.reassessment_due:%Y%m%d}:{int(overdue)}",
            )
        sent += 1
    return sent
