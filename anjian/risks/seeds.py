"""Demo risk points of every colour and the chlorine storage unit of the chemical enterprise."""

from __future__ import annotations

from anjian.core.seed import SeedContext, demo_step

from .models import MajorHazardSource, RiskPoint

POINTS = [
    ("液氯卸车作业", "卸车区", "activity", "lec", {"L": 6, "E": 6, "C": 15}, "泄漏、中毒", ["19"]),
    (
        "氯气汽化器",
        "汽化间",
        "equipment",
        "lec",
        {"L": 3, "E": 6, "C": 15},
        "超压、泄漏",
        ["17", "19"],
    ),
    ("配电室", "配电室", "place", "lec", {"L": 3, "E": 6, "C": 7}, "触电、火灾", ["05", "08"]),
    ("办公区", "综合楼", "place", "ls", {"L": 2, "S": 2}, "火灾", ["08"]),
]


@demo_step(50, "风险点与重大危险源")
def demo_risks(ctx: SeedContext) -> None:
    from anjian.enterprises.models import Enterprise

    from .services import risk_point_save, source_save, source_transition

    chem = Enterprise.objects.get(name="东湖精细化工有限公司")
    if RiskPoint.objects.filter(enterprise=chem).exists():
        return
    users = ctx.data["users"]
    manager = users["ent_manager"]
    for name, place, kind, method, inputs, factors, types in POINTS:
        point = RiskPoint(
            enterprise=chem,
            name=name,
            location=place,
            kind=kind,
            method=method,
            hazard_factors=factors,
            accident_types=types,
            responsible_person="吴安全",
            management_measures="严格执行操作规程，每班巡检。",
        )
        risk_point_save(actor=manager, point=point, inputs=inputs)
    source = MajorHazardSource(
        enterprise=chem,
        name="液氯储罐区",
        unit_kind="storage",
        exposed_people_500m=120,
        principal="郑负责",
        technical_lead="林国平",
        operations_lead="吴安全",
    )
    source = source_save(actor=manager, source=source, substances=[{"name": "氯", "q_t": 25}])
    source = source_transition(actor=manager, source=source, action="submit")
    source_transition(actor=users["township"], source=source, action="file")
    ctx.data["chlorine_unit"] = source
