from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from . import attachments, selectors
from .pagination import paginate
from .schemas import ERRORS, ErrorOut, Page, PageQuery

router = Router()


class AuditEventOut(Schema):
    id: int
    at: datetime
    actor_username: str
    actor_role: str
    ip: str
    request_id: str
    event_type: str
    object_type: str
    object_id: str
    object_repr: str
    result: str
    reason: str


class AuditFilter(Schema):
    username: str | None = None
    event_type: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: date | None = None
    until: date | None = None


@router.get(
    "/audit/events",
    response={200: Page[AuditEventOut], **ERRORS},
    exclude_unset=True,
    tags=["审计"],
)
def audit_events(request, filters: Query[AuditFilter], page: Query[PageQuery]):
    """审计日志（仅审计管理员）。按时间倒序，游标分页。"""
    qs = selectors.audit_events_for(request.user, **filters.dict())
    return paginate(
        qs, order=("-id",), cursor=page.cursor, limit=page.limit, with_count=page.with_count
    )


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    link: str
    level: str
    created_at: datetime
    read_at: datetime | None


@router.get(
    "/notifications",
    response={200: Page[NotificationOut], **ERRORS},
    exclude_unset=True,
    tags=["消息"],
)
def notifications(request, page: Query[PageQuery], unread: bool = False):
    """我的站内消息。"""
    qs = selectors.notifications_for(request.user, unread=unread)
    return paginate(
        qs, order=("-id",), cursor=page.cursor, limit=page.limit, with_count=page.with_count
    )


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **ERRORS},
    tags=["消息"],
)
def notification_read(request, notification_id: int):
    """标记一条消息为已读。"""
    item = get_object_or_404(selectors.notifications_for(request.user), pk=notification_id)
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
    return item


class AttachmentOut(Schema):
    id: int
    uuid: str
    name: str
    mime: str
    size: int
    url: str

    @staticmethod
    def resolve_uuid(obj) -> str:
        return str(obj.uuid)

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.original_name

    @staticmethod
    def resolve_url(obj) -> str:
        return f"/files/{obj.uuid}/"


@router.post(
    "/attachments",
    response={201: AttachmentOut, 413: ErrorOut, **ERRORS},
    tags=["附件"],
)
def upload_attachment(request, file: File[UploadedFile], kind: Form[str] = ""):
    """上传附件（图片或文档）。文件类型按内容识别；图片会重新编码。返回的 id 可在创建记录时引用。"""
    with transaction.atomic():
        item = attachments.store_upload(file, actor=request.user, kind=kind)
    return Status(201, item)
