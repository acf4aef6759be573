"""Risk pages, mounted at /risks/ in the `risks` namespace."""

from django.urls import path

from anjian.core import nav

from . import panels, views, views_sources  # noqa: F401  (panels register on import)

URL_PREFIX = "risks/"
app_name = "risks"
urlpatterns = [
    path("points/", views.point_list, name="points"),
    path("points/new/", views.point_create, name="point-create"),
    path("points/assess/", views.assess_preview, name="assess-preview"),
    path("points/<int:pk>/", views.point_detail, name="point"),
    path("points/<int:pk>/assess/", views.point_assess, name="point-assess"),
    path("points/<int:pk>/void/", views.point_void, name="point-void"),
    path("points/<int:pk>/card.pdf", views.notice_card, name="point-card"),
    path("points/<int:pk>/card.docx", views.notice_card, {"fmt": "docx"}, name="point-card-docx"),
    path("map/", views.risk_map, name="map"),
    path("map/<int:pk>/grade/", views.grade_override, name="grade-override"),
    path("sources/", views_sources.source_list, name="sources"),
    path("sources/new/", views_sources.source_create, name="source-create"),
    path("sources/export/", views_sources.source_export, name="source-export"),
    path("sources/<int:pk>/", views_sources.source_detail, name="source"),
    path("sources/<int:pk>/edit/", views_sources.source_edit, name="source-edit"),
    path(
        "sources/<int:pk>/actions/<slug:action>/", views_sources.source_action, name="source-action"
    ),
]


def _may(perm: str):
    return lambda user: user.is_authenticated and user.has_perm(perm)


nav.register(
    "risk-points",
    "风险分级管控",
    "risks:points",
    icon="traffic-lights",
    order=30,
    visible=_may("risks.view_riskpoint"),
)
nav.register(
    "risk-map", "风险四色图", "risks:map", icon="map", order=31, visible=views.is_regulator
)
nav.register(
    "risk-sources",
    "重大危险源",
    "risks:sources",
    icon="flask",
    order=32,
    visible=_may("risks.view_majorhazardsource"),
)
