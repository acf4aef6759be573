"""Which demo enterprises each persona sees, written down from the demo data's definitions
(`anjian/enterprises/seeds.py`, `anjian/accounts/seeds.py`), never from the scoping code.

The demo records (hazards, risk points, major hazard sources, monitoring points) are kept at
five enterprises:

    东湖精细化工   城东街道, 东湖区, grid 1, hazardous chemicals  (ent_manager, ent_principal)
    西山新型建材   西城街道, 西山区, grid 1, building materials   (other_ent)
    城东建设工程   城东街道, 东湖区, grid 1, construction
    临江路桥建设   临江镇,   东湖区, grid 1, construction
    西城建筑劳务   西城街道, 西山区, grid 2, construction
"""

from __future__ import annotations

CHEM = "东湖精细化工有限公司"
WEST = "西山新型建材有限公司"
BUILD = "城东建设工程有限公司"
BRIDGE = "临江路桥建设集团有限公司"
LABOUR = "西城建筑劳务有限公司"

KEPT = {CHEM, WEST, BUILD, BRIDGE, LABOUR}  # the enterprises with demo records

# persona -> the enterprises (of those five) whose records it sees
SEES = {
    "city": KEPT,  # the whole city
    "district": {CHEM, BUILD, BRIDGE},  # 东湖区
    "district_b": {WEST, LABOUR},  # 西山区
    "township": {CHEM, BUILD},  # 城东街道
    "sector": {BUILD, BRIDGE},  # construction in 东湖区
    "grid": {CHEM, BUILD},  # 城东街道's first grid
    "ent_manager": {CHEM},
    "ent_principal": {CHEM},
    "other_ent": {WEST},
}


def expected(queryset, key: str = "id") -> dict[str, set]:
    """{persona: keys of the records at the enterprises it sees}; administrators and the public
    see none. Only the enterprise's name is read from each record."""
    from tests.personas import ALL_PERSONAS

    rows = list(queryset.values_list(key, "enterprise__name"))
    return {p: {k for k, name in rows if name in SEES.get(p, ())} for p in ALL_PERSONAS}
