"""Registry pages: the list (企业台帐), the map (企业地图), Excel export and import.

The one-enterprise page is in `views_detail`; the forms of an enterprise, its licences and key
people in `views_forms`. Views parse, call a selector or service, and render.
"""

from __future__ import annotations

from collections import Counter

from django.shortcuts import render

from anjian.core.maps import tile_settings
from anjian.core.pagination import query_without
from anjian.core.permissions import permission_required_audited
from anjian.core.records.sheet_views import export_page, import_page, template_page
from anjian.core.records.views import list_view

from . import exports, imports, selectors
from .choices import RiskGrade
from .filters import from_query
from .panels import map_markers
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
    markers, unusable = map_markers(qs)
    counts = Counter(marker["risk"] for marker in markers)
    legend = [(grade, counts[grade.value]) for grade in RiskGrade]
    context = {
        "filters": filters,
        "options": filter_options(request.user),
        "legend": legend,
        "map_data": {"tiles": tile_settings(), "markers": markers, "cluster": True},
        "unusable": unusable,
        "list_query": query_without(request, "page"),
    }
    return render(request, "enterprises/map.html", context)


IMPORT = "enterprises.import_enterprise"
enterprise_export = permission_required_audited(VIEW)(export_page(exports.EXPORT, from_query))
import_template = permission_required_audited(IMPORT)(template_page(imports.SHEET))
enterprise_import = permission_required_audited(IMPORT)(
    import_page(imports.SHEET, template="enterprises/import.html", success_url="enterprises:import")
)
