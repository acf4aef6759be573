"""风险四色图 for regulators: enterprises in scope by risk grade (counts, map, table with their
highest risk points) and the override of an enterprise's grade by a regulator's decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from anjian.core.choices import RiskGrade
from anjian.core.errors import Invalid
from anjian.core.maps import tile_settings
from anjian.core.pagination import query_without
from anjian.core.permissions import permission_required_audited
from anjian.core.records import paging
from anjian.enterprises.panels import map_marker
from anjian.enterprises.selectors import enterprise_for, enterprises_for, filter_options, from_query

from . import selectors, services
from .forms import OverrideForm, show_service_error
from .records import filter_link, level_cards

TOP_POINTS = 2  # the highest risk points shown per enterprise in the table
OVERRIDE = "enterprises.change_regulated_fields"


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
            "markers": [map_marker(e) for e in located],
            "cluster": True,
        },
        "query": query_without(request, "page"),
        "can_override": user.has_perm(OVERRIDE),
        "override_form": OverrideForm(),
    }
    return render(request, "risks/map.html", context)


@permission_required_audited(OVERRIDE)
def grade_override(request, pk: int):
    """Set an enterprise's grade by decision, or return it to the derived one (with a reason)."""
    enterprise = enterprise_for(request.user, pk)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.enterprise_risk_override(
                actor=request.user,
                enterprise=enterprise,
                level=form.chosen_level(),
                reason=form.cleaned_data["reason"],
            )
        except Invalid as exc:
            show_service_error(form, exc)
        else:
            how = "认定" if saved.risk_grade_override else "恢复按风险点确定"
            messages.success(
                request, f"{saved.name}：风险等级已{how}为{saved.get_risk_grade_display()}。"
            )
            return redirect("risks:map")
    return render(
        request,
        "risks/override.html",
        {"form": form, "enterprise": enterprise, "grades": RiskGrade},
        status=422 if form.is_bound else 200,
    )
