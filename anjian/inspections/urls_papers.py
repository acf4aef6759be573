"""Routes of the inspections app's papers part: signing, documents, re-check (and the panel it
adds to the inspection's page)."""

from django.urls import path

from . import panels_papers  # noqa: F401  (registers the panel)
from . import views_papers as views

urlpatterns: list = [
    path("<int:pk>/sign/", views.inspection_signing, name="sign"),
    path("<int:pk>/papers/", views.inspection_papers, name="papers"),
    path("<int:pk>/papers/<int:doc>.<str:fmt>", views.paper_download, name="paper_download"),
    path("<int:pk>/recheck/", views.inspection_recheck, name="recheck"),
]
