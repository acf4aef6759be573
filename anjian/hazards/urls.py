"""Hazard pages, mounted at /hazards/ in the `hazards` namespace."""

from django.urls import path

from anjian.core import nav

from . import views, views_plan, views_stats

URL_PREFIX = "hazards/"
app_name = "hazards"
urlpatterns = [
    path("", views.hazard_list, name="list"),
    path("queue/", views.work_queue, name="queue"),
    path("export/", views.hazard_export, name="export"),
    path("new/", views.hazard_report, name="report"),
    path("stats/", views_stats.hazard_stats, name="stats"),
    path("stats/export/", views_stats.hazard_stats_export, name="stats-export"),
    path("import/", views.hazard_import, name="import"),
    path("import/template/", views.import_template, name="import-template"),
    path("<int:pk>/", views.hazard_detail, name="detail"),
    path("<int:pk>/actions/<slug:action>/", views.hazard_action, name="action"),
    path("<int:pk>/plan/", views_plan.hazard_plan, name="plan"),
    path("<int:pk>/closeout.pdf", views.closeout_sheet, name="closeout"),
    path("<int:pk>/closeout.docx", views.closeout_sheet, {"fmt": "docx"}, name="closeout-docx"),
    path("<int:pk>/signatures/<int:signature_id>/", views.signature_image, name="signature"),
]


def _may_view(user) -> bool:
    return user.is_authenticated and user.has_perm("hazards.view_hazard")


nav.register(
    "hazard-queue", "待我处理", "hazards:queue", icon="checklist", order=19, visible=_may_view
)
nav.register(
    "hazards", "隐患排查治理", "hazards:list", icon="alert-triangle", order=20, visible=_may_view
)
nav.register(
    "hazard-stats", "隐患统计", "hazards:stats", icon="chart-bar", order=21, visible=_may_view
)
