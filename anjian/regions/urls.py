"""Region, grid and sector administration pages."""

from django.urls import path

from anjian.core import nav
from anjian.core.permissions import manages

from . import views

URL_PREFIX = "regions/"
app_name = "regions"
urlpatterns = [
    path("", views.region_tree, name="tree"),
    path("children/<str:code>/", views.region_children, name="children"),
    path("new/", views.region_create, name="create"),
    path("import/", views.region_import, name="import"),
    path("boundaries/", views.boundary_import, name="boundaries"),
    path("grids/", views.grid_list, name="grids"),
    path("grids/new/", views.grid_create, name="grid-create"),
    path("grids/<int:pk>/", views.grid_edit, name="grid-edit"),
    path("sectors/", views.sector_list, name="sectors"),
    path("sectors/new/", views.sector_create, name="sector-create"),
    path("sectors/<int:pk>/", views.sector_edit, name="sector-edit"),
]


nav.register(
    "admin-regions",
    "区划与网格",
    "regions:tree",
    icon="map-2",
    order=82,
    visible=lambda user: manages(user, "regions.region"),
)
