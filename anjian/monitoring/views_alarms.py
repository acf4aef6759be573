"""Alarm pages (报警): open and closed alarms with the acknowledge dialog, one alarm (the link in
its notification), and statistics per enterprise (count, false share, time to acknowledge)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from anjian.core.errors import Conflict, Invalid
from anjian.core.pagination import query_without
from anjian.core.permissions import permission_required_audited

from . import selectors, services
from .choices import AlarmCause, AlarmStatus, PointState
from .forms import AcknowledgeForm

VIEW = "monitoring.view_alarm"
PAGE_SIZE = 30
TABS = [("open", "报警中"), ("closed", "已恢复"), ("", "全部")]


@permission_required_audited(VIEW)
def alarm_list(request):
    user = request.user
    status = request.GET.get("status", "open")
    status = status if status in AlarmStatus.values else ""
    alarms = selectors.alarms_for(user, status=status or None)
    page = Paginator(alarms, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "tabs": TABS,
        "kinds": PointState,
        "statuses": AlarmStatus,
        "causes": AlarmCause,
        "stats": selectors.alarm_stats(user),
        "can_acknowledge": user.has_perm("monitoring.acknowledge_alarm"),
        "form": AcknowledgeForm(),
        "query": query_without(request, "page"),
    }
    return render(request, "monitoring/alarms.html", context)


@login_required  # out of scope or without the view permission: 404, as for a missing one
def alarm_detail(request, pk: int):
    alarm = selectors.alarm_for(request.user, pk)
    context = {
        "alarm": alarm,
        "kinds": PointState,
        "statuses": AlarmStatus,
        "form": AcknowledgeForm(),
        "can_acknowledge": request.user.has_perm("monitoring.acknowledge_alarm")
        and alarm.acknowledged_at is None,
    }
    return render(request, "monitoring/alarm_detail.html", context)


@require_POST
@permission_required_audited("monitoring.acknowledge_alarm")
def alarm_acknowledge(request, pk: int):
    """Cause (real / false / maintenance) and what was done; back to where the dialog was."""
    alarm = selectors.alarm_for(request.user, pk)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择报警原因。")
    else:
        try:
            services.alarm_acknowledge(
                actor=request.user,
                alarm=alarm,
                cause=form.cleaned_data["cause"],
                note=form.cleaned_data["note"],
            )
        except (Invalid, Conflict) as exc:
            messages.error(request, exc.message)
        else:
            label = AlarmCause(form.cleaned_data["cause"]).label
            messages.success(request, f"已确认报警：{alarm.point.name}（{label}）。")
    if request.POST.get("back") == "detail":
        return redirect("monitoring:alarm", pk=pk)
    return redirect("monitoring:alarms")
