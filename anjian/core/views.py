from __future__ import annotations

import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from . import attachments, audit, pickers, selectors
from .errors import Unavailable, from_framework
from .models import Attachment


def _bearer_user(request):
    """The user behind `Authorization: Bearer <token>`, checked by the API's own authenticator."""
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        return None
    return import_string(settings.ANJIAN_BEARER_AUTH)(request)


def download(request, uuid):
    """Files go out only here: permission-checked, as attachments, never sniffed by the browser.

    Pages sign in with their session; integrations send the API's bearer token.
    """
    if not request.user.is_authenticated and _bearer_user(request) is None:
        if request.headers.get("Authorization"):
            return HttpResponse("令牌无效或已失效。", status=401, content_type="text/plain")
        return redirect_to_login(request.get_full_path())
    item = Attachment.objects.filter(uuid=uuid).first()
    if item is None or not attachments.can_download(request.user, item):
        raise Http404
    path = attachments.path_of(item)
    if not path.exists():
        raise Http404
    audit.record("attachment.download", actor=request.user, obj=item)
    inline = item.is_image and request.GET.get("inline") == "1"
    response = FileResponse(
        path.open("rb"),
        as_attachment=not inline,
        filename=item.original_name,
        content_type=item.mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def notification_list(request):
    qs = selectors.notifications_for(request.user, unread=request.GET.get("unread") == "1")
    page = Paginator(qs.order_by("-created_at", "-id"), 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
def notification_menu(request):
    items = selectors.notifications_for(request.user).order_by("-created_at", "-id")[:8]
    return render(request, "core/_notification_menu.html", {"items": items})


@login_required
@require_POST
def notification_read(request, pk: int):
    item = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
    if item.link and item.link.startswith("/") and not item.link.startswith("//"):
        return redirect(item.link)
    return redirect("core:notifications")


@login_required
@require_POST
def notification_read_all(request):
    selectors.notifications_for(request.user, unread=True).update(read_at=timezone.now())
    return redirect("core:notifications")


TITLES = {
    400: "请求有误",
    403: "无权访问",
    404: "页面不存在",
    409: "状态已变化",
    412: "记录已变化",
    413: "内容过大",
    422: "数据有误",
    429: "请求过多",
    503: "暂时无法访问",
}


def error_page(request, status: int, message: str, code: str = ""):
    return _error(request, status, TITLES.get(status, "无法完成"), message, code)


API_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 500: "server_error"}


def _error(request, status: int, title: str, message: str, code: str = ""):
    if request.path.startswith("/api/"):  # the API answers in its own shape, even from here
        code = code or API_CODES.get(status, "error")
        return JsonResponse(
            {"code": code, "message": message, "details": {}},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    context = {"status": status, "title": title, "message": message}
    if status >= 500:  # without the request's context: the page must not need the database
        body = loader.render_to_string("error_plain.html", context)
    else:
        body = loader.render_to_string("error.html", context, request)
    response = HttpResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


def bad_request(request, exception=None):
    error = from_framework(exception) if exception is not None else None
    if error is not None and error.status < 500:
        return error_page(request, error.status, error.message, error.code)
    return _error(request, 400, "请求有误", "请求的内容无法处理，请返回上一页检查后重试。")


def permission_denied(request, exception=None):
    return _error(request, 403, "无权访问", "您没有执行此操作的权限。如需开通，请联系系统管理员。")


def page_not_found(request, exception=None):
    return _error(request, 404, "页面不存在", "您访问的页面或记录不存在，或不在您的管辖范围内。")


def server_error(request):
    """Django calls this while handling the exception: a database that is down or restarting
    is a 503 (try again shortly), anything else a 500. Neither page touches the database."""
    error = from_framework(sys.exc_info()[1] or Exception())
    if isinstance(error, Unavailable):
        return _error(request, 503, "暂时无法访问", error.message, error.code)
    return _error(request, 500, "系统错误", "服务器处理时出错，已记录。请稍后重试或联系管理员。")


@login_required
def pick(request, kind):
    """Matches for a searchable picker, within the user's scope (`core/pickers.py`)."""
    spec = pickers.kind_of(kind)
    if spec is None:
        raise Http404
    return JsonResponse({"results": pickers.search(spec, request.user, request.GET.get("q", ""))})
