"""Monitoring pages (在线监测): points in scope with their latest values (declared in `records`),
one point's chart with its threshold lines, issuing a data gateway token, and the enterprise-page
panel.

Alarms are in `views_alarms`. Views parse, call a selector or a service, and render.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from anjian.core.permissions import permission_required_audited
from anjian.core.records.views import list_view
from anjian.enterprises.selectors import enterprise_for

from . import selectors, services
from .choices import AlarmStatus, PointState
from .filters import AlarmFilters, PointFilters
from .forms import DEFAULT_RANGE, RANGES, GatewayTokenForm
from .records import POINTS, THRESHOLD_LABELS, thresholds

VIEW = POINTS.view_perm

point_list = list_view(POINTS)


@login_required  # out of scope or without the view permission: 404, as for a missing one
def point_detail(request, ref: str):
    user = request.user
    point = selectors.point_for(user, ref)
    key = request.GET.get("range") if request.GET.get("range") in RANGES else DEFAULT_RANGE
    _, hours, resolution = RANGES[key]
    data = selectors.series(point, timezone.now() - timedelta(hours=hours), resolution=resolution)
    chart = {**data, "unit": point.unit, "name": point.name, "labels": THRESHOLD_LABELS}
    context = {
        "point": point,
        "chart": chart,
        "range": key,
        "ranges": [(k, label) for k, (label, _, _) in RANGES.items()],
        "thresholds": thresholds(point),
        "states": PointState,
        "alarms": selectors.alarms_for(user, AlarmFilters(point=point.pk))[:10],
        "alarm_statuses": AlarmStatus,
    }
    return render(request, "monitoring/point_detail.html", context)


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
        "states": PointState,
    }
