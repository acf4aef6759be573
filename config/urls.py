"""Pages of every anjian app that has a `urls` module (at its `URL_PREFIX`), the API, the docs."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import include, path
from ninja.openapi.views import openapi_view

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/docs", openapi_view, {"api": api}, name="api-docs"),
]
for app in apps.get_app_configs():
    mounted = app.name.startswith("anjian.") or getattr(app, "mounted", False)
    if mounted and find_spec(f"{app.name}.urls") is not None:
        module = import_module(f"{app.name}.urls")
        urlpatterns.append(path(getattr(module, "URL_PREFIX", ""), include(module)))

handler400 = "anjian.core.views.bad_request"
handler403 = "anjian.core.views.permission_denied"
handler404 = "anjian.core.views.page_not_found"
handler500 = "anjian.core.views.server_error"
