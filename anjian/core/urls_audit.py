"""Audit log pages, included by core/urls.py at /audit/ (namespace `core:audit`)."""

from django.urls import path

from . import nav, selectors
from . import views_audit as views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("export/", views.audit_export, name="export"),
]

nav.register(
    "audit",
    "审计日志",
    "core:audit:list",
    icon="file-search",
    order=850,
    visible=lambda user: user.is_authenticated and user.has_perm(selectors.AUDIT_READ_PERMISSION),
)
