"""The demo city's regions, sectors and grids; at scale, more districts and townships."""

from __future__ import annotations

from anjian.core.seed import SeedContext, demo_step, scale_step
from anjian.standards import region_code as codes

from . import boundaries
from .models import Grid, Region, Sector

SECTORS = [
    ("hazardous_chemicals", "危险化学品"),
    ("fireworks", "烟花爆竹"),
    ("non_coal_mining", "非煤矿山"),
    ("coal_mining", "煤矿"),
    ("metallurgy", "冶金"),
    ("nonferrous", "有色"),
    ("building_materials", "建材"),
    ("machinery", "机械"),
    ("light_industry", "轻工"),
    ("textiles", "纺织"),
    ("tobacco", "烟草"),
    ("commerce", "商贸"),
    ("construction", "建筑施工"),
    ("transport", "交通运输"),
    ("special_equipment", "特种设备使用"),
    ("crowded_places", "人员密集场所"),
    ("other", "其他"),
]

# code, name, parent code
DEMO_REGIONS = [
    ("990000", "示范省", None),
    ("990100", "示范市", "990000"),
    ("990102", "东湖区", "990100"),
    ("990103", "西山区", "990100"),
    ("990102001", "城东街道", "990102"),
    ("990102002", "临江镇", "990102"),
    ("990102003", "青石镇", "990102"),
    ("990103001", "西城街道", "990103"),
    ("990103002", "枫林镇", "990103"),
    ("990103003", "石桥镇", "990103"),
    ("990102001001", "城东社区", "990102001"),
    ("990102001002", "望江社区", "990102001"),
]
# Bounding boxes (west, south, east, north) of the demo city and its districts: a place
# registered in one of them must lie inside; townships inherit their district's box.
DEMO_BOUNDS = {
    "990100": ("119.900000", "30.050000", "120.450000", "30.450000"),
    "990102": ("120.050000", "30.100000", "120.400000", "30.400000"),
    "990103": ("119.900000", "30.100000", "120.200000", "30.400000"),
}
GRID_NAMES = ["第一网格", "第二网格"]
GRID_PEOPLE = ["周网格", "钱巡查", "孙巡查", "李巡查", "吴巡查", "郑巡查"]


def ensure_region(code: str, name: str, parent: Region | None) -> Region:
    full = codes.normalize(code)
    west, south, east, north = DEMO_BOUNDS.get(code, (None, None, None, None))
    region, _ = Region.objects.get_or_create(
        code=full,
        defaults={
            "name": name,
            "level": codes.level_of(full),
            "prefix": codes.prefix_of(full),
            "parent": parent,
            "bbox_west": west,
            "bbox_south": south,
            "bbox_east": east,
            "bbox_north": north,
        },
    )
    return region


def _demo_boundaries() -> None:
    """The demo city's district, township and grid outlines, for the map's offline base layer."""
    parsed, errors = boundaries.parse(boundaries.demo_collection())
    if errors:
        raise ValueError("；".join(errors))
    boundaries.write(parsed)


@demo_step(5, "区划、行业与网格")
def demo_regions(ctx: SeedContext) -> None:
    for order, (code, name) in enumerate(SECTORS):
        Sector.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    regions: dict[str, Region] = {}
    for code, name, parent in DEMO_REGIONS:
        regions[code] = ensure_region(code, name, regions.get(parent) if parent else None)
    grids = {}
    townships = [r for r in regions.values() if r.level == "township"]
    for t_index, township in enumerate(townships):
        for g_index, grid_name in enumerate(GRID_NAMES):
            code = f"{township.code[:9]}G{g_index + 1:02d}"
            grid, _ = Grid.objects.get_or_create(
                code=code,
                defaults={
                    "township": township,
                    "region_code": township.code,
                    "name": grid_name,
                    "responsible_name": GRID_PEOPLE[(t_index + g_index) % len(GRID_PEOPLE)],
                },
            )
            grids[code] = grid
    _demo_boundaries()
    ctx.data["regions"] = regions
    ctx.data["grids"] = grids
    ctx.data["sectors"] = {s.code: s for s in Sector.objects.all()}


@scale_step(5, "批量区划")
def scale_regions(ctx: SeedContext) -> None:
    """Enough townships for N enterprises (about 200 per township), under the demo city."""
    city = ensure_region("990100", "示范市", ensure_region("990000", "示范省", None))
    for order, (code, name) in enumerate(SECTORS):
        Sector.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    townships_needed = max(1, ctx.scale // 200)
    per_district = 30
    townships = []
    for i in range(townships_needed):
        district_no, township_no = divmod(i, per_district)
        district = ensure_region(f"9901{20 + district_no:02d}", f"规模区{district_no + 1}", city)
        code = f"{district.code[:6]}{township_no + 1:03d}"
        townships.append(ensure_region(code, f"规模镇{i + 1}", district))
    ctx.data["scale_townships"] = townships
    ctx.data["sectors"] = {s.code: s for s in Sector.objects.all()}
