"""Bulk rows of the shared machinery for benchmarks: audit history proportional to the scale."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from .models import AuditEvent
from .seed import SeedContext, batched, scale_step

EVENTS_PER_UNIT = 20
EVENT_TYPES = ["auth.login", "record.update", "hazard.report", "hazard.confirm", "export"]


@scale_step(900, "审计事件")
def audit_history(ctx: SeedContext) -> None:
    total = ctx.scale * EVENTS_PER_UNIT
    start = timezone.now() - timedelta(days=365)
    step = timedelta(days=365) / max(total, 1)
    rng = ctx.rng

    def rows():
        for i in range(total):
            yield AuditEvent(
                at=start + step * i,
                actor_username=f"user{rng.randrange(1000)}",
                event_type=rng.choice(EVENT_TYPES),
                object_type="bench.item",
                object_id=str(i),
                ip="127.0.0.1",
            )

    for chunk in batched(rows()):
        AuditEvent.objects.bulk_create(chunk)
    ctx.data["audit_events"] = total
