"""Licence expiry reminders: 90, 30 and 0 days ahead, to the enterprise and its supervisors."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from anjian.accounts.selectors import User
from anjian.core.notifications import notify
from anjian.core.tick import register

from .models import Licence
from .selectors import nearest_offices

STAGES = (0, 30, 90)  # days before expiry; the most urgent stage reached is the one sent


def _stage(days_left: int) -> int | None:
    return next((s for s in STAGES if days_left <= s), None)


def _recipients(enterprise) -> list[int]:
    offices = nearest_offices(enterprise)
    org_ids = [o.pk for o in offices["territorial"] + offices["sector"]]
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(organisation__enterprise=enterprise) | Q(organisation_id__in=org_ids))
        .values_list("pk", flat=True)
    )


@register("enterprises.licence_reminders")
def licence_reminders() -> int:
    today = timezone.localdate()
    due = (
        Licence.objects.live()
        .filter(enterprise__voided_at__isnull=True, expires_on__lte=today + timedelta(days=90))
        .select_related("enterprise__sector")
    )
    sent = 0
    for licence in due.iterator(chunk_size=500):
        days_left = (licence.expires_on - today).days
        stage = _stage(days_left)
        when = "已过期" if days_left < 0 else f"将于 {days_left} 天后到期"
        with transaction.atomic():
            notify(
                _recipients(licence.enterprise),
                title=f"{licence.enterprise.name}的{licence.get_kind_display()}{when}",
                body=f"证书编号 {licence.number}，有效期至 {licence.expires_on:%Y-%m-%d}。",
                link=f"/enterprises/{licence.enterprise_id}/",
                level="danger" if stage == 0 else "warning",
                key=f"licence:{licence.pk}:{licence.expires_on:%Y%m%d}:{stage}",
            )
        sent += 1
    return sent
