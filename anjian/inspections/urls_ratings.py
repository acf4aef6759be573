"""Routes of the inspections app's ratings part: the visit code (public), the ratings'
aggregates and the statistics. Importing `signals_experts` here connects the experts' hooks, and
`panels_ratings` registers the visit code panel of an inspection's page (the URL configuration
is loaded before any request)."""

from django.urls import path

from anjian.core import nav

from . import (
    panels_ratings,  # noqa: F401  (registers the visit code panel)
    signals_experts,  # noqa: F401  (connects the hooks)
    views_ratings,
    views_stats,
)

urlpatterns: list = [
    path("code/", views_ratings.code_entry, name="code-entry"),
    path("code/<str:visit_code>/", views_ratings.code_page, name="code"),
    path("ratings/", views_ratings.rating_summary, name="ratings"),
    path("stats/", views_stats.inspection_stats, name="stats"),
    path("stats/export/", views_stats.inspection_stats_export, name="stats-export"),
]

nav.register(
    "inspection-stats",
    "检查统计",
    "inspections:stats",
    icon="chart-bar",
    order=34,
    visible=lambda user: user.has_perm("inspections.view_inspection_statistics"),
)
nav.register(
    "inspection-ratings",
    "检查评价汇总",
    "inspections:ratings",
    icon="star",
    order=35,
    visible=lambda user: user.has_perm("inspections.view_inspection"),
)
nav.register(
    "inspection-code",
    "检查码查询",
    "inspections:code-entry",
    icon="qrcode",
    order=36,
    visible=lambda user: user.is_authenticated,
)
