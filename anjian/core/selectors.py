"""Reads on shared machinery."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import AuditEvent, Notification

AUDIT_READ_PERMISSION = "core.view_auditevent"


def audit_events_for(
    user,
    *,
    username: str | None = None,
    event_type: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit log, for those allowed to read it (the audit administrator)."""
    if not user.has_perm(AUDIT_READ_PERMISSION):
        raise PermissionDenied
    qs = AuditEvent.objects.all()
    if username:
        qs = qs.filter(actor_username=username)
    if event_type:
        qs = qs.filter(event_type__startswith=event_type)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs


def notifications_for(user, *, unread: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    return qs.filter(read_at__isnull=True) if unread else qs
