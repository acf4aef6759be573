"""Registry pages: the list (企业台帐), the map (企业地图), Excel export and import.

The one-enterprise page is in `views_detail`, the enterprise forms in `views_forms`, licences and
key people in `views_children`. Views parse, call a selector or service, and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from anjian.core.errors import Invalid, TooLarge
from anjian.core.maps import tile_settings
from anjian.core.pagination import query_without
from anjian.core.permissions import permission_required_audited
from anjian.core.records.views import list_view

from . import exports, imports, selectors
from .choices import RiskGrade
from .filters import from_query
from .forms import ImportForm
from .panels import map_marker
from .records import ENTERPRISES
from .selectors import filter_options

VIEW = "enterprises.view_enterprise"
enterprise_list = list_view(ENTERPRISES)


@permission_required_audited(VIEW)
def enterprise_map(request):
    """Enterprises with coordinates, coloured by risk grade; the same filters as the list."""
    filters = from_query(request.GET)
    qs = selectors.enterprises_for(request.user, filters).filter(
        longitude__isnull=False, latitude__isnull=False
    )
    markers = [map_marker(e) for e in qs]
    counts = {grade: 0 for grade in RiskGrade.values}
    for marker in markers:
        counts[marker["risk"]] += 1
    legend = [(RiskGrade(g), counts[g]) for g in RiskGrade.values]
    context = {
        "filters": filters,
        "options": filter_options(request.user),
        "legend": legend,
        "map_data": {"tiles": tile_settings(), "markers": markers, "cluster": True},
        "list_query": query_without(request, "page"),
    }
    return render(request, "enterprises/map.html", context)


@permission_required_audited(VIEW)
def enterprise_export(request):
    """The filtered list as Excel (the export checks its own permission and is audited)."""
    return exports.export_response(request.user, from_query(request.GET))


@permission_required_audited("enterprises.import_enterprise")
def import_template(request):
    return exports.template_response()


@permission_required_audited("enterprises.import_enterprise")
def enterprise_import(request):
    """Upload a sheet: every row is checked first; any bad row means nothing is saved."""
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, summary = [], ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            count = imports.import_enterprises(
                actor=request.user, upload=data["file"], mode=data["mode"]
            )
        except (Invalid, TooLarge) as exc:
            errors = exc.details.get("errors", [])
            if errors:
                summary = exc.message  # heads the table of bad rows
            else:
                form.add_error("file", exc.message)
        else:
            verb = "新增" if data["mode"] == "create" else "更新"
            messages.success(request, f"导入完成：已保存 {count} 家企业（{verb}）。")
            return redirect("enterprises:import")
    context = {
        "form": form,
        "errors": errors,
        "summary": summary,
        "max_reported": imports.MAX_REPORTED,
    }
    return render(request, "enterprises/import.html", context, status=422 if errors else 200)
