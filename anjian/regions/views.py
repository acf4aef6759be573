"""Region, grid and sector administration pages (the system administrator's reference data).

The region tree shows provinces, cities and counties at once; a county's townships and a
township's villages are fetched when the node is opened (HTMX), so the page stays small however
many villages the city has.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from anjian.core.forms import call_service
from anjian.core.permissions import admin_page
from anjian.core.records.sheet_views import import_page

from . import imports, selectors, services
from .choices import Level
from .forms import BoundaryImportForm, GridForm, RegionForm, SectorForm, township_choices
from .models import Grid, Region, Sector

PAGE_SIZE = 30
FIRST_LEVELS = (Level.PROVINCE, Level.CITY, Level.COUNTY)
OPEN_LEVELS = (Level.PROVINCE, Level.CITY)


# ---- the region tree ----------------------------------------------------------------------


def _with_counts(qs):
    return qs.annotate(
        child_count=Count("children", distinct=True), grid_count=Count("grids", distinct=True)
    ).order_by("code")


def _tree(regions: list[Region]) -> list[dict]:
    """Nest the regions by parent; a region whose parent is not in the list is a root."""
    nodes = {r.pk: {"region": r, "children": [], "open": r.level in OPEN_LEVELS} for r in regions}
    roots = []
    for region in regions:
        parent = nodes.get(region.parent_id)
        (parent["children"] if parent else roots).append(nodes[region.pk])
    return roots


@admin_page("regions.region")
def region_tree(request):
    visible = Region.objects.visible_to(request.user)
    regions = list(_with_counts(visible.filter(level__in=FIRST_LEVELS)))
    if not regions:  # a jurisdiction below county level: start from its townships
        regions = list(_with_counts(visible.filter(level=Level.TOWNSHIP)))
    return render(request, "regions/tree.html", {"nodes": _tree(regions)})


@admin_page("regions.region")
def region_children(request, code: str):
    """The children of one region, as tree nodes to put inside its opened node."""
    region = Region.objects.get_visible(request.user, code=code)
    children = _with_counts(Region.objects.visible_to(request.user).filter(parent=region))
    nodes = [{"region": r, "children": [], "open": False} for r in children]
    return render(request, "regions/_nodes.html", {"nodes": nodes})


@admin_page("regions.region", "regions.add_region")
def region_create(request):
    parent = request.GET.get("parent", "")
    initial = {"code": parent} if parent.isdigit() and len(parent) <= 12 else {}
    form = RegionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        region = call_service(form, services.region_create, actor=request.user, **form.cleaned_data)
        if region is not None:
            messages.success(request, f"已新增区划“{region.name}”（{region.code}）。")
            return redirect("regions:tree")
    return render(request, "regions/region_form.html", {"form": form})


region_import = admin_page("regions.region", "regions.add_region")(
    import_page(imports.SHEET, template="regions/region_import.html", success_url="regions:tree")
)


@admin_page("regions.region", "regions.change_region", "regions.change_grid")
def boundary_import(request):
    """Boundaries of regions and grids from a GeoJSON file: the map's offline base layer."""
    form = BoundaryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        counts = call_service(
            form,
            services.boundaries_import,
            actor=request.user,
            collection=form.cleaned_data["collection"],
        )
        if counts is not None:
            messages.success(
                request, f"已导入 {counts['regions']} 个区划、{counts['grids']} 个网格的边界。"
            )
            return redirect("regions:tree")
    return render(request, "regions/boundary_import.html", {"form": form})


# ---- grids --------------------------------------------------------------------------------


@admin_page("regions.grid")
def grid_list(request):
    township = request.GET.get("township") or None
    qs = selectors.grids_for(request.user, township=township).select_related("township__parent")
    page = Paginator(qs.order_by("code"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "township": township or "",
        "townships": township_choices(request.user).select_related("parent"),
    }
    return render(request, "regions/grid_list.html", context)


@admin_page("regions.grid", "regions.add_grid")
def grid_create(request):
    initial = {}
    township = township_choices(request.user).filter(code=request.GET.get("township", "")).first()
    if township is not None:
        initial = {"township": township.pk, "code": township.code[:9] + "G"}
    form = GridForm(request.POST or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        grid = call_service(form, services.grid_create, actor=request.user, **form.service_fields())
        if grid is not None:
            messages.success(request, f"已新增网格“{grid.name}”。")
            return redirect(f"{reverse('regions:grids')}?township={grid.region_code}")
    return render(request, "regions/grid_form.html", {"form": form})


@admin_page("regions.grid", "regions.change_grid")
def grid_edit(request, pk: int):
    grid = Grid.objects.editable_by(request.user).filter(pk=pk).first()
    if grid is None:
        raise Http404
    form = GridForm(request.POST or None, instance=grid, actor=request.user)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.grid_update, actor=request.user, grid=grid, **form.service_fields()
        )
        if saved is not None:
            messages.success(request, f"已保存网格“{saved.name}”。")
            return redirect(f"{reverse('regions:grids')}?township={saved.region_code}")
    return render(request, "regions/grid_form.html", {"form": form})


# ---- sectors ------------------------------------------------------------------------------


@admin_page("regions.sector")
def sector_list(request):
    sectors = Sector.objects.annotate(department_count=Count("departments")).order_by("order", "id")
    return render(request, "regions/sector_list.html", {"sectors": sectors})


@admin_page("regions.sector", "regions.add_sector")
def sector_create(request):
    form = SectorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sector = call_service(
            form, services.sector_create, actor=request.user, **form.service_fields()
        )
        if sector is not None:
            messages.success(request, f"已新增行业“{sector.name}”。")
            return redirect("regions:sectors")
    return render(request, "regions/sector_form.html", {"form": form})


@admin_page("regions.sector", "regions.change_sector")
def sector_edit(request, pk: int):
    sector = Sector.objects.filter(pk=pk).first()
    if sector is None:
        raise Http404
    form = SectorForm(request.POST or None, instance=sector)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.sector_update, actor=request.user, sector=sector, **form.service_fields()
        )
        if saved is not None:
            messages.success(request, f"已保存行业“{saved.name}”。")
            return redirect("regions:sectors")
    return render(request, "regions/sector_form.html", {"form": form})
