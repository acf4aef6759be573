"""The demo city's enterprises, and N enterprises of the same variety for benchmarks."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from anjian.core.seed import SeedContext, batched, demo_step, scale_step
from anjian.standards import credit_code
from anjian.standards import id_number as id_number_rule

from .choices import LicenceKind, PersonRole
from .models import Enterprise, KeyPerson, Licence

# name, township code, sector code, grid number in the township (None: not in a grid)
DEMO_ENTERPRISES = [
    ("东湖精细化工有限公司", "990102001", "hazardous_chemicals", 1),  # ent_manager's
    ("西山新型建材有限公司", "990103001", "building_materials", 1),  # other_ent's
    ("城东建设工程有限公司", "990102001", "construction", 1),
    ("临江路桥建设集团有限公司", "990102002", "construction", 1),
    ("青石建筑安装工程有限公司", "990102003", "construction", 2),
    ("东湖市政工程有限公司", "990102001", "construction", 2),
    ("西城建筑劳务有限公司", "990103001", "construction", 2),
    ("城东液化气储配站有限公司", "990102001", "hazardous_chemicals", 2),
    ("临江化学试剂有限公司", "990102002", "hazardous_chemicals", 1),
    ("枫林油品经营有限公司", "990103002", "hazardous_chemicals", 1),
    ("临江烟花爆竹批发有限公司", "990102002", "fireworks", 2),
    ("石桥烟花爆竹零售店", "990103003", "fireworks", 1),
    ("青石石灰石矿有限公司", "990102003", "non_coal_mining", 1),
    ("枫林采石场有限公司", "990103002", "non_coal_mining", 2),
    ("东湖机械制造有限公司", "990102001", "machinery", 1),
    ("临江铝业有限公司", "990102002", "nonferrous", 2),
    ("青石钢构有限公司", "990102003", "metallurgy", 2),
    ("西城纺织印染有限公司", "990103001", "textiles", 1),
    ("石桥食品加工有限公司", "990103003", "light_industry", 2),
    ("城东粉末涂料有限公司", "990102001", "light_industry", 1),
    ("东湖购物中心有限公司", "990102001", "crowded_places", 2),
    ("临江影剧院有限公司", "990102002", "crowded_places", 1),
    ("西城商业广场有限公司", "990103001", "crowded_places", 2),
    ("东湖物流运输有限公司", "990102001", "transport", None),
    ("枫林客运有限公司", "990103002", "transport", None),
    ("青石水泥有限公司", "990102003", "building_materials", 1),
    ("石桥冷链仓储有限公司", "990103003", "commerce", 1),
    ("东湖电梯维保有限公司", "990102001", "special_equipment", None),
    ("临江商贸有限公司", "990102002", "commerce", None),
    ("西山烟草物流中心", "990103002", "tobacco", 2),
]

GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code(serial: int) -> str:
    """A GB 11714 organisation code (8 digits + check) for a fictional enterprise."""
    body = f"{serial:08d}"
    remainder = sum(int(d) * w for d, w in zip(body, GB11714_WEIGHTS, strict=True)) % 11
    check = 11 - remainder
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(region_code: str, serial: int) -> str:
    first17 = "91" + region_code[:6] + organisation_code(serial)
    return first17 + credit_code.check_character(first17).check_character


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "海燕", "志强", "丽华", "卫东", "秀英", "国平", "晓明", "春梅", "永刚"]
RISKS = ["major", "larger", "general", "low"]
# The middle of each demo township's boundary (regions/data/demo-boundaries.geojson): its grid 1
# lies north of this point, its grid 2 south; enterprises stand within 0.0135° of it.
TOWNSHIP_CENTRES = {
    "990102001": (Decimal("120.190"), Decimal("30.245")),
    "990102002": (Decimal("120.245"), Decimal("30.270")),
    "990102003": (Decimal("120.245"), Decimal("30.215")),
    "990103001": (Decimal("120.140"), Decimal("30.245")),
    "990103002": (Decimal("120.085"), Decimal("30.270")),
    "990103003": (Decimal("120.085"), Decimal("30.215")),
}
INDUSTRY = {
    "hazardous_chemicals": ("C2614", "有机化学原料制造"),
    "construction": ("E4813", "市政道路工程建筑"),
    "fireworks": ("F5239", "其他化工产品批发"),
    "non_coal_mining": ("B1011", "石灰石、石膏开采"),
    "crowded_places": ("F5211", "百货零售"),
    "transport": ("G5430", "道路货物运输"),
}


def person_name(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)]


def id_number(region_code: str, n: int) -> str:
    first17 = f"{region_code[:6]}19{70 + n % 25:02d}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return (
        first17
        + id_number_rule.CHECK[
            sum(int(d) * w for d, w in zip(first17, id_number_rule.WEIGHTS, strict=True)) % 11
        ]
    )


def _location(serial: int, township: str, grid_no: int | None) -> tuple[Decimal, Decimal]:
    """A point inside the enterprise's township, and inside its grid when it has one."""
    dx, dy = divmod(serial * 37 % 100, 10)
    lng, lat = TOWNSHIP_CENTRES[township]
    north = Decimal("0.002") + dy * Decimal("0.00125")
    lat += {1: north, 2: -north, None: (dy - Decimal("4.5")) * Decimal("0.003")}[grid_no]
    return lng + (dx - Decimal("4.5")) * Decimal("0.003"), lat


def _details(serial: int, sector: str, township: str, grid_no: int | None) -> dict:
    longitude, latitude = _location(serial, township, grid_no)
    code, industry = INDUSTRY.get(sector, ("C3311", "金属结构制造"))
    return {
        "legal_representative": person_name(serial),
        "principal_name": person_name(serial),
        "principal_phone": f"139{serial:04d}{serial * 13 % 10000:04d}",
        "safety_manager_name": person_name(serial + 50),
        "safety_manager_phone": f"137{serial:04d}{serial * 17 % 10000:04d}",
        "longitude": longitude,
        "latitude": latitude,
        "industry_code": code,
        "industry_name": industry,
        "employees": [35, 80, 120, 260, 18, 600][serial % 6],
        "above_designated_size": serial % 3 == 0,
        "risk_grade": "major" if serial == 1 else RISKS[serial % 4],
        # Enterprises without registered risk points carry the grade of their last assessment
        # report, recorded as a regulator's decision; the first one's grade comes from its points.
        "risk_grade_override": serial != 1 and RISKS[serial % 4] != "low",
        "risk_grade_reason": "" if serial == 1 else "年度安全风险评估报告认定",
        "supervision_class": "A"
        if sector in ("hazardous_chemicals", "fireworks")
        else "BCD"[serial % 3],
        "standardization_grade": ["level2", "level3", ""][serial % 3],
    }


def _licences(enterprise: Enterprise, serial: int, sector: str, today: date) -> list[Licence]:
    kinds = {
        "hazardous_chemicals": LicenceKind.HAZCHEM_OPERATION,
        "fireworks": LicenceKind.FIREWORKS_WHOLESALE,
        "non_coal_mining": LicenceKind.SAFETY_PRODUCTION,
    }
    if sector not in kinds and sector != "construction":
        return []
    kind = kinds.get(sector, LicenceKind.SAFETY_PRODUCTION)
    # Some expire within 30 days, one has expired: the reminders and red flags have work to do.
    ends = {
        1: today + timedelta(days=20),
        8: today - timedelta(days=10),
        11: today + timedelta(days=25),
    }
    expires = ends.get(serial, today + timedelta(days=200 + serial * 30))
    issued = expires.replace(year=expires.year - 3)
    return [
        Licence(
            enterprise=enterprise,
            kind=kind,
            number=f"（示）{kind[:2].upper()}安许证字〔{issued.year}〕{serial:04d}",
            issuer="示范市应急管理局",
            issued_on=issued,
            expires_on=expires,
        )
    ]


@demo_step(20, "企业、证照与人员")
def demo_enterprises(ctx: SeedContext) -> None:
    regions, grids, sectors = ctx.data["regions"], ctx.data["grids"], ctx.data["sectors"]
    today = timezone.localdate()
    made = []
    for serial, (name, township, sector, grid_no) in enumerate(DEMO_ENTERPRISES, start=1):
        region = regions[township]
        enterprise = Enterprise.objects.filter(name=name).first()
        if enterprise is None:
            grid = grids[f"{township}G{grid_no:02d}"] if grid_no else None
            enterprise = Enterprise(
                name=name,
                credit_code=make_credit_code(region.code, 71000000 + serial),
                region=region,
                grid=grid,
                sector=sectors[sector],
                address=f"示范市{region.parent.name}{region.name}{serial}号",
                **_details(serial, sector, township, grid_no),
            )
            if enterprise.standardization_grade:
                enterprise.standardization_expires_on = today + timedelta(days=300 + serial * 10)
            enterprise.save()
            for licence in _licences(enterprise, serial, sector, today):
                licence.save()
            for offset, role in ((0, PersonRole.PRINCIPAL), (50, PersonRole.SAFETY_MANAGER)):
                KeyPerson.objects.create(
                    enterprise=enterprise,
                    name=person_name(serial + offset),
                    role=role,
                    id_number=id_number(region.code, serial + offset),
                    phone=f"13{9 - offset // 50 * 2}{serial:04d}{serial * (13 + offset // 50 * 4) % 10000:04d}",
                )
        made.append(enterprise)
    ctx.data["enterprises"] = made


@scale_step(20, "批量企业")
def scale_enterprises(ctx: SeedContext) -> None:
    townships = ctx.data["scale_townships"]
    sectors = list(ctx.data["sectors"].values())
    rng = ctx.rng

    def rows():
        for i in range(ctx.scale):
            township = townships[i % len(townships)]
            yield Enterprise(
                name=f"规模企业{i + 1:06d}有限公司",
                credit_code=make_credit_code(township.code, 80000000 + i),
                region=township,
                region_code=township.code,
                sector=sectors[rng.randrange(len(sectors))],
                address=f"{township.name}{i + 1}号",
            )

    for chunk in batched(rows()):
        Enterprise.objects.bulk_create(chunk)
