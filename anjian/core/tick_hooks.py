"""The shared machinery's own periodic hooks."""

from . import audit
from .tick import register


@register("core.audit_seal")
def seal_audit_events() -> int:
    return audit.seal_pending()
