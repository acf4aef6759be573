"""The demo monitoring points on the chlorine unit, with six hours of readings."""

from __future__ import annotations

import math
from datetime import timedelta

from django.utils import timezone

from anjian.core.seed import SeedContext, demo_step, scale_step

from .models import MonitoringPoint

DEMO_POINTS = [
    ("DEMO-LT-01", "液氯储罐液位", "level", "%", {"high": 85, "high_high": 90}, 62.0, 6.0),
    ("DEMO-GAS-01", "罐区氯气浓度", "toxic_gas", "ppm", {"high": 1, "high_high": 3}, 0.2, 0.15),
]


@demo_step(55, "监测点与实时数据")
def demo_monitoring(ctx: SeedContext) -> None:
    from anjian.risks.models import MajorHazardSource

    from .ingest import ingest
    from .services import point_save
    from .tick_hooks import rollups

    source = (
        MajorHazardSource.objects.filter(name="液氯储罐区").select_related("enterprise").first()
    )
    if source is None or MonitoringPoint.objects.filter(code="DEMO-LT-01").exists():
        return
    manager = ctx.data["users"]["ent_manager"]
    for code, name, kind, unit, limits, _, _ in DEMO_POINTS:
        point_save(
            actor=manager,
            point=MonitoringPoint(
                enterprise=source.enterprise,
                source=source,
                code=code,
                name=name,
                kind=kind,
                unit=unit,
                offline_minutes=30,
                **limits,
            ),
        )
    now = timezone.now().replace(second=0, microsecond=0)
    batch = []
    for minute in range(6 * 60, 0, -1):
        ts = (now - timedelta(minutes=minute)).isoformat()
        for code, _, _, _, _, base, swing in DEMO_POINTS:
            value = base + swing * math.sin(minute / 37)
            batch.append({"point": code, "ts": ts, "value": round(value, 3)})
    ingest(batch, enterprise_ids=[source.enterprise_id])
    rollups(since=timedelta(hours=7))


BENCH_POINTS = 500


@scale_step(60, "监测点（基准测试）")
def scale_points(ctx: SeedContext) -> None:
    """A large plant: 500 points on the first generated enterprise, for the ingestion benchmark."""
    from anjian.enterprises.models import Enterprise

    plant = Enterprise.objects.filter(name__startswith="规模企业").order_by("id").first()
    if plant is None or MonitoringPoint.objects.filter(code="BENCH-0001").exists():
        return
    MonitoringPoint.objects.bulk_create(
        [
            MonitoringPoint(
                enterprise=plant,
                region_code=plant.region_code,
                sector_id=plant.sector_id,
                code=f"BENCH-{i:04d}",
                name=f"基准监测点{i}",
                kind="pressure",
                unit="MPa",
                high=8.0,
                high_high=9.0,
                low=1.0,
            )
            for i in range(1, BENCH_POINTS + 1)
        ]
    )
