"""Monitoring pages (在线监测): the point and alarm lists (declared in `records`), one point's
chart with its threshold lines, one alarm (the link in its notification) and its acknowledgement,
issuing a data gateway token, and the enterprise-page panel.

Views parse, call a selector or a service, and render; who may acknowledge or issue a token is
decided by the services, whose refusal is a 403.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from anjian.core.errors import Forbidden
from anjian.core.permissions import permission_required_audited
from anjian.core.records.dialogs import form_dialog
from anjian.core.records.views import list_view
from anjian.enterprises.selectors import enterprise_for

from . import selectors, services
from .choices import AlarmCause, AlarmStatus
from .filters import AlarmFilters, PointFilters
from .forms import DEFAULT_RANGE, RANGES, AcknowledgeForm, GatewayTokenForm
from .records import ALARMS, POINTS
from .thresholds import THRESHOLDS, labelled

VIEW = POINTS.view_perm

point_list = list_view(POINTS)
alarm_list = list_view(ALARMS)


@login_required  # out of scope or without the view permission: 404, as for a missing one
def point_detail(request, ref: str):
    point = selectors.point_for(request.user, ref)
    key = request.GET.get("range") if request.GET.get("range") in RANGES else DEFAULT_RANGE
    _, hours, resolution = RANGES[key]
    data = selectors.series(point, timezone.now() - timedelta(hours=hours), resolution=resolution)
    labels = {name: point.State(name).label for name in THRESHOLDS}
    context = {
        "point": point,
        "chart": {
            **data,
            "unit": point.unit,
            "name": point.name,
            "labels": labels,
            "kind": point.kind,
        },
        "range": key,
        "ranges": [(k, label) for k, (label, _, _) in RANGES.items()],
        "thresholds": labelled(point),
        "alarms": selectors.alarms_for(request.user, AlarmFilters(point=point.pk))[:10],
    }
    return render(request, "monitoring/point_detail.html", context)


@login_required  # out of scope or without the view permission: 404, as for a missing one
def alarm_detail(request, pk: int):
    context = {
        "alarm": selectors.alarm_for(request.user, pk),
        "can_acknowledge": services.may_acknowledge(request.user),
    }
    return render(request, "monitoring/alarm_detail.html", context)


@login_required
def alarm_acknowledge(request, pk: int):
    """Cause (real / false / maintenance) and what was done, in the page's dialog."""
    alarm = selectors.alarm_for(request.user, pk)
    if not services.may_acknowledge(request.user):  # refused before the form is looked at
        raise Forbidden("您无权确认报警。")

    def save(data) -> str:
        services.alarm_acknowledge(actor=request.user, alarm=alarm, **data)
        return f"已确认报警：{alarm.point.name}（{AlarmCause(data['cause']).label}）。"

    opened = timezone.localtime(alarm.opened_at)
    detail = reverse("monitoring:alarm", args=[pk])
    return form_dialog(
        request,
        AcknowledgeForm(request.POST or None),
        save=save,
        label="确认报警",
        title=f"{alarm.point.name} · {alarm.get_kind_display()} {opened:%m-%d %H:%M}",
        done=detail,
        back=detail,
        fields_template="monitoring/_ack_fields.html",
    )


@require_POST
@permission_required_audited("monitoring.add_gatewaytoken")
def token_issue(request):
    """A gateway token for the user's own enterprise; the only time the token is ever shown."""
    user = request.user
    form = GatewayTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写网关名称（不超过 60 字）。")
        return redirect("monitoring:points")
    enterprise = enterprise_for(user, user.scope.enterprise_id)
    raw, token = services.gateway_token_issue(
        actor=user, enterprise=enterprise, name=form.cleaned_data["name"]
    )
    response = render(request, "monitoring/token.html", {"raw": raw, "token": token})
    add_never_cache_headers(response)
    return response


def enterprise_panel(enterprise, user):
    """The 在线监测 panel of the one-enterprise page (hidden when the enterprise has no points)."""
    if not user.has_perm(VIEW):
        return None
    points = list(selectors.points_for(user, PointFilters(enterprise=enterprise.pk)))
    if not points:
        return None
    open_alarms = AlarmFilters(enterprise=enterprise.pk, status=AlarmStatus.OPEN)
    alarms = selectors.alarms_for(user, open_alarms)
    return {
        "enterprise": enterprise,
        "points": points,
        "alarms": list(alarms[:5]),
        "open_count": alarms.count(),
    }
