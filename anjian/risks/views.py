"""Risk point pages (风险分级管控): the list with its four-colour counts, one point with its
assessment history, the add / re-assess form with a live result, void, and the notice card;
the regulators' four-colour map (风险四色图) of the enterprises in scope, and the override of an
enterprise's grade by a regulator's decision.

Major hazard sources are in `views_sources`. Views parse, call a selector or a service, and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anjian.core.choices import RiskGrade
from anjian.core.errors import Invalid, PreconditionFailed
from anjian.core.maps import tile_settings
from anjian.core.pagination import query_without
from anjian.core.permissions import permission_required_audited
from anjian.core.records import paging
from anjian.core.records.dialogs import form_dialog
from anjian.core.records.views import list_view
from anjian.enterprises.panels import map_markers
from anjian.enterprises.selectors import enterprise_for, enterprises_for, filter_options, from_query

from . import documents, selectors, services
from .forms import (
    CONTROL_LEVELS,
    DERIVED,
    FACTOR_FIELDS,
    OverrideForm,
    ReasonForm,
    RiskPointForm,
    show_service_error,
)
from .models import RiskPoint
from .records import POINTS, filter_link, level_cards

STALE = "记录已被他人修改：您打开此页后，该风险点已重新评价。请核对后再次保存。"
TOP_POINTS = 2  # the highest risk points shown per enterprise in the map's table
OVERRIDE = "enterprises.change_regulated_fields"


point_list = list_view(POINTS)


@login_required  # out of scope or without the view permission: 404, as for a missing one
def point_detail(request, pk: int):
    point = selectors.risk_point_for(request.user, pk)
    context = {
        "point": point,
        "levels": RiskGrade,
        "history": point.assessments.select_related("assessed_by"),
        "can_change": request.user.has_perm("risks.change_riskpoint"),
        "stored": stored_result(point),
    }
    return render(request, "risks/point_detail.html", context)


@permission_required_audited("risks.add_riskpoint")
def point_create(request):
    return _form_page(request, RiskPoint())


@permission_required_audited("risks.change_riskpoint")
def point_assess(request, pk: int):
    return _form_page(request, selectors.risk_point_for(request.user, pk))


def _form_page(request, point: RiskPoint):
    """Add a point or re-assess it; a refused factor is shown under its field."""
    creating = point.pk is None
    form = RiskPointForm(request.POST or None, user=request.user, instance=point)
    posted = request.method == "POST"
    if posted and form.is_valid():
        try:
            saved = services.risk_point_save(
                actor=request.user,
                point=form.instance,
                inputs=form.inputs(),
                expected_version=None if creating else form.cleaned_data.get("version"),
            )
        except PreconditionFailed:
            form.add_error(None, STALE)
        except Invalid as exc:
            show_service_error(form, exc, form.factor_aliases())
        else:
            verb = "已新增风险点" if creating else "已重新评价"
            messages.success(request, f"{verb}“{saved.name}”：{saved.get_level_display()}。")
            return redirect("risks:point", pk=saved.pk)
    context = {
        "form": form,
        "creating": creating,
        "point": point,
        "result": preview(request.POST) if posted else stored_result(point),
        "control_levels": CONTROL_LEVELS,
    }
    return render(request, "risks/point_form.html", context, status=422 if posted else 200)


def stored_result(point: RiskPoint) -> dict | None:
    if not point.pk:
        return None
    names = ("score", "risk_class", "explanation", "control_level")
    return {**{n: getattr(point, n) for n in names}, "level": RiskGrade(point.level)}


def preview(data) -> dict | None:
    """The result of the chosen factors, computed by the same rules the service applies."""
    fields = FACTOR_FIELDS.get(data.get("method"))
    inputs = {key: data.get(name, "").strip() for key, name in (fields or {}).items()}
    if not fields or not all(inputs.values()):
        return None
    try:
        outcome = services.assess(data["method"], inputs)
    except Invalid as exc:
        return {"error": exc.message}
    return {**outcome, "level": RiskGrade(outcome["level"])}


@require_POST
@permission_required_audited("risks.view_riskpoint")
def assess_preview(request):
    """The form's live result (HTMX): D or R, class, level and colour, with the arithmetic."""
    return render(request, "risks/_assessment.html", {"result": preview(request.POST)})


@permission_required_audited("risks.change_riskpoint")
def point_void(request, pk: int):
    point = selectors.risk_point_for(request.user, pk)

    def save(data) -> str:
        services.risk_point_void(actor=request.user, point=point, reason=data["reason"])
        return f"已作废风险点“{point.name}”。"

    return form_dialog(
        request,
        ReasonForm(request.POST or None),
        save=save,
        label="作废",
        title=point.name,
        hint=f"作废后“{point.name}”不再计入四色统计和企业风险等级，评价记录仍保留。",
        danger=True,
        reload=False,
        done=reverse("risks:points"),
        back=reverse("risks:point", args=[pk]),
    )


@login_required
def notice_card(request, pk: int, fmt: str = "pdf"):
    """岗位风险告知卡 (A4 PDF or DOCX) for posting at the place; printing it is recorded."""
    point = selectors.risk_point_for(request.user, pk)
    return documents.notice_card_response(request.user, point, fmt)


# ---- the four-colour map -----------------------------------------------------------------


def is_regulator(user) -> bool:
    return (
        user.is_authenticated
        and user.scope.kind in ("territorial", "sector", "grid")
        and user.has_perm("risks.view_riskpoint")
    )


@permission_required_audited("risks.view_riskpoint")
def risk_map(request):
    user = request.user
    if not is_regulator(user):
        raise PermissionDenied
    filters = from_query(request.GET).model_copy(update={"sort": "risk"})
    enterprises = enterprises_for(user, filters)
    page = paging.get_page(enterprises, request.GET)
    located = enterprises.filter(longitude__isnull=False, latitude__isnull=False)
    markers, unusable = map_markers(located)
    context = {
        "page": page,
        "pager": {"name": "row", "unit": "家"},
        "rows": selectors.enterprise_rows(user, page.items, TOP_POINTS),
        "cards": level_cards(
            selectors.enterprises_by_grade(user), filter_link(request, "risk_grade")
        ),
        "filters": filters,
        "options": filter_options(user),
        "grades": RiskGrade,
        "map_data": {
            "tiles": tile_settings(),
            "markers": markers,
            "cluster": True,
        },
        "unusable": unusable,
        "query": query_without(request, "page"),
        "can_override": user.has_perm(OVERRIDE),
    }
    return render(request, "risks/map.html", context)


@permission_required_audited(OVERRIDE)
def grade_override(request, pk: int):
    """Set an enterprise's grade by decision, or return it to the derived one (with a reason)."""
    enterprise = enterprise_for(request.user, pk)

    def save(data) -> str:
        saved = services.enterprise_risk_override(
            actor=request.user,
            enterprise=enterprise,
            level=None if data["level"] == DERIVED else data["level"],
            reason=data["reason"],
        )
        how = "认定" if saved.risk_grade_override else "恢复按风险点确定"
        return f"{saved.name}：风险等级已{how}为{saved.get_risk_grade_display()}。"

    current = enterprise.get_risk_grade_display()
    return form_dialog(
        request,
        OverrideForm(request.POST or None),
        save=save,
        label="认定风险等级",
        title=enterprise.name,
        hint=f"当前等级：{current}{'（监管认定）' if enterprise.risk_grade_override else ''}",
        done=reverse("risks:map"),
        back=reverse("risks:map"),
    )
