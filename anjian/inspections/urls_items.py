"""Routes of the inspections app's items part: the lists of check items, and their public page."""

from django.urls import path

from anjian.core import nav
from anjian.core.records.views import list_view

from . import views_items as views
from .records_items import LISTS

urlpatterns: list = [
    path("item-lists/", list_view(LISTS), name="itemlists"),
    path("item-lists/new/", views.itemlist_create, name="itemlist-create"),
    path("item-lists/<int:pk>/", views.itemlist_detail, name="itemlist"),
    path("item-lists/<int:pk>/edit/", views.itemlist_edit, name="itemlist-edit"),
    path("item-lists/<int:pk>/publish/", views.itemlist_publish, name="itemlist-publish"),
    path(
        "item-lists/<int:pk>/new-version/",
        views.itemlist_new_version,
        name="itemlist-new-version",
    ),
    path("item-lists/<int:pk>/items/new/", views.item_create, name="item-create"),
    path("item-lists/<int:pk>/import/", views.itemlist_import, name="itemlist-import"),
    path(
        "item-lists/<int:pk>/import/template/",
        views.itemlist_import_template,
        name="itemlist-import-template",
    ),
    path("item-lists/<int:pk>/export/", views.itemlist_export, name="itemlist-export"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("public/items/", views.public_items, name="public-items"),
]


def _may_view(user) -> bool:
    return user.is_authenticated and user.has_perm("inspections.view_itemlist")


nav.register(
    "inspection-item-lists",
    "检查事项清单",
    "inspections:itemlists",
    icon="list-check",
    order=40,
    visible=_may_view,
)
