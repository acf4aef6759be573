"""Registry pages: the list (企业台帐), the map (企业地图), Excel export and import.

The one-enterprise page is in `views_detail`, the enterprise forms in `views_forms`, licences and
key people in `views_children`. Views parse, call a selector or service, and render.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from anjian.core.permissions import permission_required_audited
from anjian.core.records.sheet_views import export_page, import_page, template_page

from . import exports, imports, selectors
from .choices import OperatingStatus, RiskGrade, SupervisionClass
from .filters import from_query
from .forms import filter_options

VIEW = "enterprises.view_enterprise"
PAGE_SIZES = (10, 30, 50, 100)
DEFAULT_PAGE_SIZE = 30
LICENCE_FLAGS = {"expired": ("red", "证照过期"), "expiring": ("orange", "证照将到期")}


def licence_flag(nearest_expiry):
    """The list's flag for the enterprise's first-expiring licence, by the detail page's rule."""
    if nearest_expiry is None:
        return None
    state = selectors.licence_state(SimpleNamespace(expires_on=nearest_expiry))
    return LICENCE_FLAGS.get(state)


def query_without(request, *names: str) -> str:
    """The current query string minus some parameters (page links, export links)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _page_size(request) -> int:
    raw = request.GET.get("per_page", "")
    return int(raw) if raw.isdigit() and int(raw) in PAGE_SIZES else DEFAULT_PAGE_SIZE


@permission_required_audited(VIEW)
def enterprise_list(request):
    user = request.user
    filters = from_query(request.GET)
    qs = selectors.enterprises_for(user, filters)
    page = Paginator(qs, _page_size(request)).get_page(request.GET.get("page"))
    for enterprise in page:
        enterprise.licence_flag = licence_flag(enterprise.nearest_expiry)
    active = filters.dict(exclude_none=True, exclude={"sort"})
    context = {
        "page": page,
        "filters": filters,
        "options": filter_options(user),
        "filtered": bool(active),
        "page_sizes": PAGE_SIZES,
        "per_page": _page_size(request),
        "query": query_without(request, "page"),
        "export_query": query_without(request, "page", "per_page"),
        "can_add": user.has_perm("enterprises.add_enterprise"),
        "can_import": user.has_perm("enterprises.import_enterprise"),
        "can_export": user.has_perm("enterprises.export_enterprise"),
        "statuses": OperatingStatus,
        "risks": RiskGrade,
        "classes": SupervisionClass,
    }
    return render(request, "enterprises/list.html", context)


def tile_settings() -> dict:
    """The map background: a tile server if configured, otherwise markers on a blank canvas."""
    conf = settings.ANJIAN
    return {
        "url": conf.get("MAP_TILE_URL", ""),
        "attribution": conf.get("MAP_TILE_ATTRIBUTION", ""),
    }


def map_marker(enterprise) -> dict:
    grade = RiskGrade(enterprise.risk_grade)
    return {
        "id": enterprise.pk,
        "name": enterprise.name,
        "lat": float(enterprise.latitude),
        "lng": float(enterprise.longitude),
        "risk": grade.value,
        "risk_label": str(grade.label),
        "colour": grade.colour,
        "place": f"{enterprise.region.name} · {enterprise.sector.name}",
        "url": reverse("enterprises:detail", args=[enterprise.pk]),
    }


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


IMPORT = "enterprises.import_enterprise"
enterprise_export = permission_required_audited(VIEW)(export_page(exports.EXPORT, from_query))
import_template = permission_required_audited(IMPORT)(template_page(imports.SHEET))
enterprise_import = permission_required_audited(IMPORT)(
    import_page(imports.SHEET, template="enterprises/import.html", success_url="enterprises:import")
)
