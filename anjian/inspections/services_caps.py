"""The yearly cap is enforced where a check is planned, drawn or started: above it, a check goes
ahead only with an override approved, by name and with a reason, by a higher authority
(permission `inspections.override_cap`), and the override is audited."""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction

from anjian.core import audit
from anjian.core.errors import Forbidden, Invalid
from anjian.core.models import AuditEvent
from anjian.enterprises.models import Enterprise

from . import selectors_caps
from .models import CapOverride, Inspection


class CapReached(Invalid):
    """The enterprise is at its cap and no override is waiting; the caller's transaction rolls
    back, then `record_refusal` keeps the refusal in the audit log (the statistics count it)."""

    def __init__(self, enterprise: Enterprise, year: int, message: str) -> None:
        super().__init__(message, field="enterprise")
        self.enterprise = enterprise
        self.year = year


def record_refusal(actor, exc: CapReached) -> None:
    """Write the refusal in its own transaction, after the refused write rolled back."""
    with transaction.atomic():
        audit.record(
            "inspection.cap_refused",
            actor=actor,
            obj=exc.enterprise,
            result=AuditEvent.Result.DENIED,
            reason=str(exc.message)[:500],
            after={"year": exc.year},
        )


def cap_override(*, actor, enterprise: Enterprise, year: int, reason: str) -> CapOverride:
    """批准超上限检查: the actor, holding the right and seeing the enterprise, lets one more
    check of `year` through."""
    if not actor.has_perm("inspections.override_cap"):
        raise Forbidden("您无权批准超出年度上限的检查。")
    if not Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists():
        raise Invalid("所选企业不存在或不在您的管辖范围内。", field="enterprise")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise Invalid("请说明超出年度上限仍须检查的理由（至少 4 个字）。", field="reason")
    with transaction.atomic():
        override = CapOverride.objects.create(
            enterprise=enterprise, year=year, authorised_by=actor, reason=reason[:300]
        )
        current = selectors_caps.usage(enterprise.pk, year)
        audit.record(
            "inspection.cap_override",
            actor=actor,
            obj=override,
            reason=reason[:500],
            after={
                "enterprise": enterprise.name,
                "year": year,
                "cap": current.cap,
                "used": current.used,
            },
        )
    return override


def require_room(
    *,
    actor,
    enterprise: Enterprise,
    year: int,
    counting: Inspection | None = None,
    used: int | None = None,
):
    """Refuse a check that would go above the cap, unless an unused override exists: then the
    override is taken by `counting` (the inspection being planned or started) and returned.
    `used` is the count the check is measured against (by default every counted check of the
    year but `counting`; at start, only those that took place). Call inside the writer's
    transaction, the enterprise row locked (`select_for_update`)."""
    current = selectors_caps.usage(enterprise.pk, year)
    if used is None:
        already = counting is not None and counting.pk is not None
        used = current.used - (1 if already else 0)
    if used < current.cap:
        return None
    override = (
        CapOverride.objects.select_for_update()
        .filter(enterprise=enterprise, year=year, used_by__isnull=True, voided_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if override is None:
        shown = replace(current, used=used)
        raise CapReached(enterprise, year, selectors_caps.refusal(enterprise, year, shown))
    if counting is not None and counting.pk is not None:
        override.used_by = counting
        override.save(update_fields=["used_by", "updated_at"])
    return override
