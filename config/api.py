"""The REST API at /api/v1/: one NinjaAPI, a router from each app, one error shape.

Every installed anjian app whose `api` module defines `router` is mounted, at its `API_PREFIX`
(default "/"), so adding an app's API needs no edit here.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from ninja import NinjaAPI

from anjian.accounts.auth import API_AUTH
from anjian.core.api_errors import ChineseJSONRenderer
from anjian.core.api_errors import install as install_error_handlers
from anjian.core.input_guard import StrictJSONParser

api = NinjaAPI(
    title="安监平台接口 anjian API",
    version="1.0.0",
    description=(
        "安全生产监管信息化平台的 REST 接口。浏览器会话（含 CSRF）或 Bearer 令牌认证；"
        "错误统一为 {code, message, details}；列表为 {items, next_cursor}，游标分页。"
    ),
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
    renderer=ChineseJSONRenderer(),
    parser=StrictJSONParser(),
)
install_error_handlers(api)

for app in apps.get_app_configs():
    mounted = app.name.startswith("anjian.") or getattr(app, "mounted", False)
    if not mounted or find_spec(f"{app.name}.api") is None:
        continue
    module = import_module(f"{app.name}.api")
    if hasattr(module, "router"):
        api.add_router(getattr(module, "API_PREFIX", "/"), module.router)
