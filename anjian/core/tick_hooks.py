"""The shared machinery's own periodic hooks."""

from django.utils import timezone

from . import attachments, audit
from .tick import register


@register("core.audit_seal")
def seal_audit_events() -> int:
    return audit.seal_pending()


@register("core.attachment_purge")
def purge_orphan_attachments() -> int:
    """Each minute one of the 256 storage folders is swept, so all are swept every few hours."""
    now = timezone.localtime()
    counts = attachments.purge_orphans(bucket=(now.hour * 60 + now.minute) % 256)
    return sum(counts.values())
