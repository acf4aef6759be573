"""The hazards panel on the one-enterprise page, and the home page's two hazard cards."""

from __future__ import annotations

from django.urls import reverse

from anjian.core import cards
from anjian.enterprises import panels

VIEW = "hazards.view_hazard"


def _context(enterprise, user):
    from .selectors import enterprise_summary

    return enterprise_summary(user, enterprise) if user.has_perm(VIEW) else None


def _queue_card(user):
    from .selectors import work_queue

    if not user.has_perm(VIEW):
        return None
    waiting = len(work_queue(user))
    return {
        "value": waiting,
        "note": "待确认、待整改或待验收的隐患",
        "url": reverse("hazards:queue"),
        "colour": "orange" if waiting else "",
    }


def _overdue_card(user):
    from .models import Hazard

    if not user.has_perm(VIEW):
        return None
    count = Hazard.objects.visible_to(user).overdue().count()
    return {
        "value": count,
        "note": "已过整改期限未销号",
        "colour": "red" if count else "",
        "url": reverse("hazards:list") + "?overdue=true&sort=overdue",
    }


panels.register("hazards", "隐患排查治理", "hazards/_enterprise_panel.html", _context, order=10)
cards.register("hazard-queue", "待我处理", _queue_card, order=10)
cards.register("hazard-overdue", "逾期隐患", _overdue_card, order=11)
