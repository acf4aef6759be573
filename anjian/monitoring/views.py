"""Monitoring pages (在线监测): points in scope with their latest values, one point's chart with
its threshold lines, the enterprise's data gateway tokens, and the enterprise-page panel.

Alarms are in `views_alarms`. Views parse, call a selector or a service, and render.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from anjian.core.pagination import query_without
from anjian.core.permissions import permission_required_audited
from anjian.enterprises.selectors import enterprise_for

from . import selectors, services
from .choices import AlarmStatus, PointState
from .forms import DEFAULT_RANGE, RANGES, GatewayTokenForm

VIEW = "monitoring.view_monitoringpoint"
PAGE_SIZE = 50
THRESHOLD_LABELS = {"low_low": "低低报", "low": "低报", "high": "高报", "high_high": "高高报"}


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def thresholds(point) -> list[tuple[str, float]]:
    """The point's set thresholds, low to high, with their Chinese names."""
    return [
        (label, getattr(point, key))
        for key, label in THRESHOLD_LABELS.items()
        if getattr(point, key) is not None
    ]


@permission_required_audited(VIEW)
def point_list(request):
    user = request.user
    enterprise_id = _int(request.GET.get("enterprise"))
    points = selectors.points_for(user, enterprise=enterprise_id)
    page = Paginator(points, PAGE_SIZE).get_page(request.GET.get("page"))
    for point in page:
        point.threshold_list = thresholds(point)
    context = {
        "page": page,
        "states": PointState,
        "query": query_without(request, "page"),
        "open_alarms": selectors.alarms_for(user, status=AlarmStatus.OPEN).count(),
        "regulator": user.scope.is_government,
        **_gateway_context(user),
    }
    return render(request, "monitoring/points.html", context)


def _may_issue(user) -> bool:
    return user.scope.kind == "enterprise" and user.has_perm("monitoring.add_gatewaytoken")


def _gateway_context(user) -> dict:
    if not _may_issue(user):
        return {"gateway": None}
    tokens = selectors.gateway_tokens(user.scope.enterprise_id)
    return {"gateway": {"tokens": tokens, "form": GatewayTokenForm()}}


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
        "alarms": selectors.alarms_for(user, point=point.pk)[:10],
        "alarm_statuses": AlarmStatus,
    }
    return render(request, "monitoring/point_detail.html", context)


@require_POST
@permission_required_audited("monitoring.add_gatewaytoken")
def token_issue(request):
    """A gateway token for the user's own enterprise; the only time the token is ever shown."""
    user = request.user
    if not _may_issue(user):
        raise PermissionDenied
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
    points = list(selectors.points_for(user, enterprise=enterprise.pk))
    if not points:
        return None
    alarms = selectors.alarms_for(user, enterprise=enterprise.pk, status=AlarmStatus.OPEN)
    return {
        "enterprise": enterprise,
        "points": points,
        "alarms": list(alarms[:5]),
        "open_count": alarms.count(),
        "states": PointState,
    }
