"""Pages of the draws part: the office's officers (执法人员库), conflicts (回避), draws, and the
public pages of revealed draws (一公开). Views parse, call a service or selector, and render."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.core.errors import DomainError
from anjian.core.permissions import deny, permission_required_audited

from . import selectors_draws, services_draws
from .choices import DrawStatus
from .forms_draws import ConflictForm, DrawForm, ProfileForm
from .models import Draw

VIEW_OFFICERS = "inspections.view_inspectorprofile"
EDIT_OFFICERS = "inspections.change_inspectorprofile"
DECLARE = "inspections.add_inspectorconflict"
VIEW_DRAWS = "inspections.view_draw"
ADD_DRAW = "inspections.add_draw"
ALGORITHM_DOC = Path(settings.BASE_DIR) / "docs" / "random-draw.md"


def _failed(form, error: DomainError) -> None:
    field = error.details.get("field")
    form.add_error(field if field in form.fields else None, error.message)


def _profile_initial(office, user_id: str) -> dict:
    """The edit form filled from the chosen officer's profile (own office only)."""
    profile = selectors_draws.profile_in_office(office, user_id)
    if profile is None:
        return {}
    return {
        "user": profile.user_id,
        "certificate_number": profile.certificate_number,
        "certificate_expires_on": profile.certificate_expires_on,
        "is_active": profile.is_active,
    }


@permission_required_audited(VIEW_OFFICERS)
def officers(request):
    """执法人员库: the office's officers, their certificates and the conflicts they declared."""
    office = request.user.organisation_id
    users = selectors_draws.office_users(office)
    can_edit = request.user.has_perm(EDIT_OFFICERS)
    initial = _profile_initial(office, request.GET.get("user", ""))
    form = ProfileForm(request.POST or None, users=users, initial=initial)
    status = 200
    if request.method == "POST":
        if not can_edit:
            deny(request, f"缺少权限 {EDIT_OFFICERS}")
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                services_draws.profile_save(
                    actor=request.user,
                    user=data["user"],
                    certificate_number=data["certificate_number"],
                    expires_on=data["certificate_expires_on"],
                    is_active=data["is_active"],
                )
            except DomainError as error:
                _failed(form, error)
            else:
                messages.success(request, "执法人员信息已保存。")
                return redirect("inspections:officers")
    today = timezone.localdate()
    profiles = selectors_draws.officers_of(office) if office else []
    rows = [
        {"profile": p, "expires_soon": selectors_draws.expires_soon(p, today)} for p in profiles
    ]
    context = {
        "rows": rows,
        "conflicts": selectors_draws.conflicts_of_office(office) if office else [],
        "form": form if can_edit else None,
        "warning_days": selectors_draws.EXPIRY_WARNING_DAYS,
        "today": today,
    }
    return render(request, "inspections/draws/officers.html", context, status=status)


@permission_required_audited(DECLARE)
def conflicts(request):
    """申报回避: the officer's own conflicts, and the form to declare one."""
    form = ConflictForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services_draws.conflict_declare(
                    actor=request.user,
                    enterprise=form.cleaned_data["enterprise"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                _failed(form, error)
            else:
                messages.success(request, "回避申报已登记，今后的抽取不会派您去该企业。")
                return redirect("inspections:conflicts")
    context = {"form": form, "rows": selectors_draws.conflicts_of_user(request.user.pk)}
    return render(request, "inspections/draws/conflicts.html", context, status=status)


@permission_required_audited(VIEW_DRAWS)
def draw_list(request):
    rows = selectors_draws.draws_visible_to(request.user)[:100]
    context = {"rows": rows, "can_add": request.user.has_perm(ADD_DRAW)}
    return render(request, "inspections/draws/list.html", context)


@permission_required_audited(ADD_DRAW)
def draw_new(request):
    """发起抽取: the pool's filters and sizes; the commitment is published on saving."""
    initial = {"planned_on": timezone.localdate(), "team_size": 2, "experts_per_team": 0}
    form = DrawForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                draw = services_draws.draw_commit(
                    actor=request.user,
                    title=data["title"],
                    pool_filters=form.pool_filters(),
                    count=data["count"],
                    team_size=data["team_size"],
                    experts_per_team=data["experts_per_team"] or 0,
                    plan=data["plan"],
                    planned_on=data["planned_on"],
                )
            except DomainError as error:
                _failed(form, error)
            else:
                messages.success(request, "已发起抽取，种子承诺已公布；请在确认后开奖。")
                return redirect("inspections:draw", pk=draw.pk)
    return render(request, "inspections/draws/new.html", {"form": form}, status=status)


@permission_required_audited(VIEW_DRAWS)
def draw_detail(request, pk: int):
    draw = Draw.objects.get_visible(request.user, pk=pk)
    context = {
        "draw": draw,
        "rows": selectors_draws.draw_rows(draw),
        "inspections": selectors_draws.inspections_of(draw),
        "can_reveal": request.user.has_perm(ADD_DRAW)
        and request.user.organisation_id == draw.office_id
        and draw.status == DrawStatus.COMMITTED,
    }
    return render(request, "inspections/draws/detail.html", context)


@require_POST
@permission_required_audited(ADD_DRAW)
def draw_reveal(request, pk: int):
    draw = Draw.objects.get_visible(request.user, pk=pk)
    try:
        services_draws.draw_reveal(actor=request.user, draw=draw)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已开奖并公开，被抽中企业的检查已安排。")
    return redirect("inspections:draw", pk=draw.pk)


def public_list(request):
    """一公开: every draw, for anyone; seeds and results once revealed."""
    rows = selectors_draws.public_draws()[:100]
    return render(request, "inspections/draws/public_list.html", {"rows": rows})


def _public(key: str) -> Draw:
    draw = selectors_draws.public_draw(key)
    if draw is None:
        raise Http404("没有这次抽取。")
    return draw


def public_detail(request, key: str):
    """One published draw; "在本页验证" re-runs it here and shows the outcome."""
    draw = _public(key)
    outcome = None
    if request.GET.get("verify") and draw.status == DrawStatus.REVEALED:
        outcome = selectors_draws.verify_published(selectors_draws.public_record(draw))
    context = {"draw": draw, "rows": selectors_draws.draw_rows(draw), "outcome": outcome}
    return render(request, "inspections/draws/public_detail.html", context)


def public_json(request, key: str):
    """下载抽取数据: what `anjian draw verify --file` and the published algorithm re-run."""
    draw = _public(key)
    body = json.dumps(selectors_draws.public_record(draw), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.pk}.json"'
    return response


def public_algorithm(request):
    """算法说明: the published description of the algorithm (docs/random-draw.md), as text."""
    try:
        text = ALGORITHM_DOC.read_text(encoding="utf-8")
    except OSError:
        raise Http404("算法说明暂未发布。") from None
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response
