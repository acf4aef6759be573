"""The system administrator's pages (mounted at /accounts/admin/ in the `accounts` namespace)."""

from django.urls import path

from anjian.core import nav
from anjian.core.permissions import manages

from . import views_admin as views

urlpatterns = [
    path("users/", views.user_list, name="admin-users"),
    path("users/new/", views.user_create, name="admin-user-create"),
    path("users/<int:pk>/", views.user_edit, name="admin-user-edit"),
    path("users/<int:pk>/active/", views.user_set_active, name="admin-user-active"),
    path("organisations/", views.organisation_list, name="admin-organisations"),
    path("organisations/new/", views.organisation_create, name="admin-organisation-create"),
    path("organisations/<int:pk>/", views.organisation_edit, name="admin-organisation-edit"),
]

nav.register(
    "admin-users",
    "用户管理",
    "accounts:admin-users",
    icon="users",
    order=80,
    visible=lambda user: manages(user, "accounts.user"),
)
nav.register(
    "admin-organisations",
    "单位管理",
    "accounts:admin-organisations",
    icon="building",
    order=81,
    visible=lambda user: manages(user, "accounts.organisation"),
)
