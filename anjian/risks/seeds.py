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
    for row in OTHER_UNITS:
        _other_unit(users, *row)


# enterprise, its safety manager, risk point (name, place, kind, L/E/C, factors, accident
# types), unit, substance and
# quantity in tonnes, who files it (None: left submitted)
OTHER_UNITS = [
    (
        "西山新型建材有限公司",
        "other_ent",
        (
            "回转窑点火作业",
            "窑头",
            "activity",
            {"L": 3, "E": 6, "C": 7},
            "火灾、爆炸",
            ["08", "18"],
        ),
        "天然气调压站",
        ("天然气", 60),
        "district_b",
    ),
    (
        "城东建设工程有限公司",
        "ent_build",
        ("塔吊吊装作业", "施工现场", "activity", {"L": 3, "E": 6, "C": 15}, "起重伤害", ["04"]),
        "施工现场液化石油气储罐",
        ("液化石油气", 60),
        "township",
    ),
    (
        "临江路桥建设集团有限公司",
        "ent_bridge",
        (
            "沥青加热作业",
            "拌合站",
            "activity",
            {"L": 3, "E": 3, "C": 7},
            "灼烫、火灾",
            ["07", "08"],
        ),
        "拌合站液化石油气储罐区",
        ("液化石油气", 55),
        None,
    ),
    (
        "西城建筑劳务有限公司",
        "ent_labour",
        (
            "气割作业",
            "钢筋加工场",
            "activity",
            {"L": 1, "E": 6, "C": 7},
            "火灾、爆炸",
            ["08", "18"],
        ),
        "乙炔气瓶库",
        ("乙炔", 2),
        "district_b",
    ),
]


def _other_unit(users, enterprise_name, username, point, unit, substance, filer) -> None:
    from anjian.enterprises.models import Enterprise

    from .services import risk_point_save, source_save, source_transition

    enterprise = Enterprise.objects.get(name=enterprise_name)
    manager = users[username]
    name, place, kind, inputs, factors, types = point
    risk_point_save(
        actor=manager,
        point=RiskPoint(
            enterprise=enterprise,
            name=name,
            location=place,
            kind=kind,
            method="lec",
            hazard_factors=factors,
            accident_types=types,
            responsible_person=manager.display_name,
            management_measures="作业前办理审批，专人监护。",
        ),
        inputs=inputs,
    )
    source = source_save(
        actor=manager,
        source=MajorHazardSource(
            enterprise=enterprise,
            name=unit,
            unit_kind="storage",
            exposed_people_500m=30,
            principal=manager.display_name,
            technical_lead=manager.display_name,
            operations_lead=manager.display_name,
        ),
        substances=[{"name": substance[0], "q_t": substance[1]}],
    )
    source = source_transition(actor=manager, source=source, action="submit")
    if filer:
        source_transition(actor=users[filer], source=source, action="file")
