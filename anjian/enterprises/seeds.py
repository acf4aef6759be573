"""The demo city's enterprises, and N enterprises of the same variety for benchmarks."""

from __future__ import annotations

from anjian.core.seed import SeedContext, batched, demo_step, scale_step
from anjian.standards import credit_code

from .models import Enterprise

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


@demo_step(20, "企业")
def demo_enterprises(ctx: SeedContext) -> None:
    regions, grids, sectors = ctx.data["regions"], ctx.data["grids"], ctx.data["sectors"]
    made = []
    for serial, (name, township, sector, grid_no) in enumerate(DEMO_ENTERPRISES, start=1):
        region = regions[township]
        enterprise = Enterprise.objects.filter(name=name).first()
        if enterprise is None:
            grid = grids[f"{township}G{grid_no:02d}"] if grid_no else None
            enterprise = Enterprise(
                name=name, credit_code=make_credit_code(region.code, 71000000 + serial),
                region=region, grid=grid, sector=sectors[sector],
                address=f"示范市{region.parent.name}{region.name}{serial}号",
            )  # fmt: skip
            enterprise.save()
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
                region=township, region_code=township.code,
                sector=sectors[rng.randrange(len(sectors))],
                address=f"{township.name}{i + 1}号",
            )  # fmt: skip

    for chunk in batched(rows()):
        Enterprise.objects.bulk_create(chunk)
