"""Writes on shared machinery that any app's record goes through."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from . import audit
from .errors import Conflict, Invalid


def record_void(*, obj, reason: str, actor):
    """作废: mark a regulated record void with a reason; it stays in the database and the log."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("作废必须说明原因。", field="reason")
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        if locked.voided_at is not None:
            raise Conflict("该记录已作废。")
        locked.voided_at = timezone.now()
        locked.voided_by = actor
        locked.void_reason = reason[:500]
        locked.version += 1
        locked.save(
            update_fields=["voided_at", "voided_by", "void_reason", "version", "updated_at"]
        )
        audit.record("record.void", actor=actor, obj=locked, reason=reason)
    return locked
