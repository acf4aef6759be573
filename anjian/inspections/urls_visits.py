"""Routes of the inspections app's visits part: the list, planning, one inspection with its
workflow dialogs, and the on-site checklist."""

from django.urls import path

from anjian.core import nav
from anjian.core.records.views import list_view

from . import panels_visits, views_visits  # noqa: F401  (panels register on import)
from .records_visits import INSPECTIONS

urlpatterns = [
    path("", list_view(INSPECTIONS), name="list"),
    path("new/", views_visits.create_view, name="create"),
    path("<int:pk>/", views_visits.detail_view, name="detail"),
    path("<int:pk>/actions/<str:action>/", views_visits.action_view, name="action"),
    path("<int:pk>/checklist/", views_visits.checklist_view, name="checklist"),
    path("<int:pk>/checklist/progress/", views_visits.progress_view, name="checklist-progress"),
    path("<int:pk>/checklist/findings/", views_visits.finding_view, name="finding"),
]

nav.register(
    "inspections",
    "监督检查",
    "inspections:list",
    icon="clipboard-check",
    order=40,
    visible=lambda user: user.is_authenticated and user.has_perm("inspections.view_inspection"),
)
