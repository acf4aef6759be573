"""Registry pages, mounted at /enterprises/ in the `enterprises` namespace."""

from django.urls import path

from anjian.core import nav

from . import views, views_children, views_detail, views_forms

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
    path("<int:pk>/reveal/<str:field>/", views_detail.enterprise_reveal, name="reveal"),
    path("<int:pk>/licences/new/", views_children.licence_create, name="licence-create"),
    path("licences/<int:pk>/edit/", views_children.licence_edit, name="licence-edit"),
    path("licences/<int:pk>/void/", views_children.licence_void, name="licence-void"),
    path("<int:pk>/people/new/", views_children.person_create, name="person-create"),
    path("people/<int:pk>/edit/", views_children.person_edit, name="person-edit"),
    path("people/<int:pk>/void/", views_children.person_void, name="person-void"),
    path("people/<int:pk>/reveal/<str:field>/", views_detail.person_reveal, name="person-reveal"),
]

nav.register(
    "enterprise-map",
    "企业地图",
    "enterprises:map",
    icon="map-pin",
    order=11,
    visible=lambda user: user.is_authenticated and user.has_perm("enterprises.view_enterprise"),
)
