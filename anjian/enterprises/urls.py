"""Registry pages, mounted at /enterprises/ in the `enterprises` namespace."""

from django.urls import path

from anjian.core import nav

from . import views, views_detail
from . import views_forms as forms
from .models import Enterprise, KeyPerson
from .views_detail import reveal

LICENCE = {"page": forms.LICENCE, "kind": "licence"}
PERSON = {"page": forms.PERSON, "kind": "person"}
URL_PREFIX = "enterprises/"
app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("map/", views.enterprise_map, name="map"),
    path("export/", views.enterprise_export, name="export"),
    path("import/", views.enterprise_import, name="import"),
    path("import/template/", views.import_template, name="import-template"),
    path("new/", forms.enterprise_create, name="create"),
    path("<int:pk>/", views_detail.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", forms.enterprise_edit, name="edit"),
    path("<int:pk>/status/", views_detail.enterprise_status, name="status"),
    path("<int:pk>/actions/<slug:action>/", views_detail.enterprise_action, name="action"),
    path("<int:pk>/reveal/<str:field>/", reveal, {"model": Enterprise}, name="reveal"),
    path("<int:pk>/licences/new/", forms.LICENCE.create_view(), name="licence-create"),
    path("licences/<int:pk>/edit/", forms.LICENCE.edit_view(), name="licence-edit"),
    path("licences/<int:pk>/void/", forms.void, LICENCE, name="licence-void"),
    path("<int:pk>/people/new/", forms.PERSON.create_view(), name="person-create"),
    path("people/<int:pk>/edit/", forms.PERSON.edit_view(), name="person-edit"),
    path("people/<int:pk>/void/", forms.void, PERSON, name="person-void"),
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
