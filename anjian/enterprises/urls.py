"""Registry pages, mounted at /enterprises/ in the `enterprises` namespace."""

from django.urls import path

from anjian.core import nav

from . import views, views_detail, views_forms
from . import views_children as children
from .models import Enterprise, KeyPerson
from .views_detail import reveal

LICENCE = {"kind": children.LICENCE}
PERSON = {"kind": children.PERSON}
URL_PREFIX = "enterprises/"
app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("map/", views.enterprise_map, name="map"),
    path("export/", views.enterprise_export, name="export"),
    path("import/", views.enterprise_import, name="import"),
    path("import/template/", views.import_template, name="import-template"),
    path("new/", views_forms.enterprise_create, name="create"),
    path("<int:pk>/", views_detail.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views_forms.enterprise_edit, name="edit"),
    path("<int:pk>/status/", views_detail.enterprise_status, name="status"),
    path("<int:pk>/actions/<slug:action>/", views_detail.enterprise_action, name="action"),
    path("<int:pk>/reveal/<str:field>/", reveal, {"model": Enterprise}, name="reveal"),
    path("<int:pk>/licences/new/", children.create, LICENCE, name="licence-create"),
    path("licences/<int:pk>/edit/", children.edit, LICENCE, name="licence-edit"),
    path("licences/<int:pk>/void/", children.void, LICENCE, name="licence-void"),
    path("<int:pk>/people/new/", children.create, PERSON, name="person-create"),
    path("people/<int:pk>/edit/", children.edit, PERSON, name="person-edit"),
    path("people/<int:pk>/void/", children.void, PERSON, name="person-void"),
    path("people/<int:pk>/reveal/<str:field>/", reveal, {"model": KeyPerson}, name="person-reveal"),
]

nav.register(
    "enterprise-map",
    "企业地图",
    "enterprises:map",
    icon="map-pin",
    order=11,
    visible=lambda user: user.is_authenticated and user.has_perm("enterprises.view_enterprise"),
)
