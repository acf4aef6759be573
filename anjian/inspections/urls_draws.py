"""Routes of the inspections app's draws part: officers, conflicts, draws, public draws."""

from django.urls import path

from anjian.core import nav

from . import views_draws as views

urlpatterns: list = [
    path("officers/", views.officers, name="officers"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("draws/", views.draw_list, name="draws"),
    path("draws/new/", views.draw_new, name="draw-new"),
    path("draws/<int:pk>/", views.draw_detail, name="draw"),
    path("draws/<int:pk>/reveal/", views.draw_reveal, name="draw-reveal"),
    path("public/draws/", views.public_list, name="public-draws"),
    path("public/draws/algorithm/", views.public_algorithm, name="public-draw-algorithm"),
    path("public/draws/<str:key>/", views.public_detail, name="public-draw"),
    path("public/draws/<str:key>/draw.json", views.public_json, name="public-draw-json"),
]


def _may(permission: str):
    return lambda user: user.is_authenticated and user.has_perm(permission)


nav.register(
    "draws",
    "双随机抽查",
    "inspections:draws",
    icon="arrows-shuffle",
    order=62,
    visible=_may("inspections.view_draw"),
)
nav.register(
    "officers",
    "执法人员库",
    "inspections:officers",
    icon="id-badge",
    order=63,
    visible=_may("inspections.view_inspectorprofile"),
)
nav.register(
    "conflicts",
    "回避申报",
    "inspections:conflicts",
    icon="user-x",
    order=64,
    visible=_may("inspections.add_inspectorconflict"),
)
