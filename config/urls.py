from django.urls import include, path
from ninja.openapi.views import openapi_view

from .api import api

urlpatterns = [
    path("", include("anjian.dashboard.urls")),
    path("accounts/", include("anjian.accounts.urls")),
    path("", include("anjian.core.urls")),
    path("api/v1/", api.urls),
    path("api/docs", openapi_view, {"api": api}, name="api-docs"),
]

handler400 = "anjian.core.views.bad_request"
handler403 = "anjian.core.views.permission_denied"
handler404 = "anjian.core.views.page_not_found"
handler500 = "anjian.core.views.server_error"
