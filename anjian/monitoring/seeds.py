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
# A handled excursion in the history: the level rose over its high limit from 200 to 170 minutes
# ago (the feed valve was left open), so the chart shows it and the alarm list a closed alarm
# with its cause and disposal, beside the open alarms of the other units.
EXCURSION = ("DEMO-LT-01", 200, 170, 87.5)
EXCURSION_NOTE = "进料阀未及时关闭致液位高报；已关闭进料阀并倒液至备用罐，液位恢复正常。"


def demo_value(code: str, minute: int, base: float, swing: float) -> float:
    point, start, end, level = EXCURSION
    if code == point and end < minute <= start:
        return round(level + 0.8 * math.sin(minute / 5), 3)
    return round(base + swing * math.sin(minute / 37), 3)


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
            batch.append({"point": code, "ts": ts, "value": demo_value(code, minute, base, swing)})
    ingest(batch, enterprise_ids=[source.enterprise_id])
    _handle_excursion(manager)
    _alarming_points(ctx, now)
    rollups(since=timedelta(hours=7))


def _handle_excursion(manager) -> None:
    """The enterprise's safety manager records the cause and what was done."""
    from .models import Alarm
    from .services import alarm_acknowledge

    for alarm in Alarm.objects.filter(point__code=EXCURSION[0], status="closed"):
        alarm_acknowledge(actor=manager, alarm=alarm, cause="real", note=EXCURSION_NOTE)


# unit name, point code, name, kind, unit, high, high-high, the last reading (above the high limit)
ALARMING_POINTS = [
    ("液氯储罐区", "DEMO-PT-01", "液氯储罐压力", "pressure", "MPa", 1.2, 1.4, 1.3),
    ("天然气调压站", "DEMO-PT-02", "调压站出口压力", "pressure", "MPa", 0.4, 0.5, 0.45),
    (
        "施工现场液化石油气储罐",
        "DEMO-GAS-02",
        "储罐区可燃气体浓度",
        "flammable_gas",
        "%LEL",
        20,
        50,
        25,
    ),
    (
        "拌合站液化石油气储罐区",
        "DEMO-GAS-03",
        "罐区可燃气体浓度",
        "flammable_gas",
        "%LEL",
        20,
        50,
        55,
    ),
    ("乙炔气瓶库", "DEMO-GAS-04", "气瓶库可燃气体浓度", "flammable_gas", "%LEL", 20, 50, 30),
]


def _alarming_points(ctx: SeedContext, now) -> None:
    """One point on every other unit, each with a reading over its limit: an open alarm apiece."""
    from anjian.risks.models import MajorHazardSource

    from .ingest import ingest
    from .services import point_save

    users = ctx.data["users"]
    managers = {u.organisation.enterprise_id: u for u in users.values() if u.organisation}
    for unit, code, name, kind, unit_of, high, high_high, last in ALARMING_POINTS:
        source = MajorHazardSource.objects.get(name=unit)
        point_save(
            actor=managers[source.enterprise_id],
            point=MonitoringPoint(
                enterprise=source.enterprise,
                source=source,
                code=code,
                name=name,
                kind=kind,
                unit=unit_of,
                offline_minutes=30,
                high=high,
                high_high=high_high,
            ),
        )
        batch = [
            {"point": code, "ts": (now - timedelta(minutes=m)).isoformat(), "value": v}
            for m, v in ((20, high * 0.8), (10, last))
        ]
        ingest(batch, enterprise_ids=[source.enterprise_id])


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
