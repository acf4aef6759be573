"""The REST API at /api/v1/: one NinjaAPI, routers from each app, one error shape."""

from ninja import NinjaAPI

from anjian.accounts.api import router as accounts_router
from anjian.accounts.auth import API_AUTH
from anjian.core.api import router as core_router
from anjian.core.api_errors import ChineseJSONRenderer
from anjian.core.api_errors import install as install_error_handlers

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
)
install_error_handlers(api)
api.add_router("/", accounts_router)
api.add_router("/", core_router)
