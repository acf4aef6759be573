"""Alarm pages (报警): open and closed alarms with the acknowledge dialog (declared in `records`),
one alarm (the link in its notification), and the acknowledgement itself.

Who may acknowledge is decided by `services.alarm_acknowledge`; a refusal is its 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from anjian.core.errors import Conflict, Forbidden, Invalid
from anjian.core.records.views import list_view

from . import selectors, services
from .choices import AlarmCause, AlarmStatus, PointState
from .forms import AcknowledgeForm
from .records import ALARMS

alarm_list = list_view(ALARMS)


@login_required  # out of scope or without the view permission: 404, as for a missing one
def alarm_detail(request, pk: int):
    alarm = selectors.alarm_for(request.user, pk)
    context = {
        "alarm": alarm,
        "kinds": PointState,
        "statuses": AlarmStatus,
        "form": AcknowledgeForm(),
        "can_acknowledge": services.may_acknowledge(request.user),
    }
    return render(request, "monitoring/alarm_detail.html", context)


@require_POST
@login_required
def alarm_acknowledge(request, pk: int):
    """Cause (real / false / maintenance) and what was done; back to where the dialog was."""
    alarm = selectors.alarm_for(request.user, pk)
    if not services.may_acknowledge(request.user):  # refused before the form is looked at
        raise Forbidden("您无权确认报警。")
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
