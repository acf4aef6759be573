"""GB 18218-2018 Tables 1–6 as data. Table 1 is read from ``data/gb18218_table1.csv``."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from anjian.standards.base import Result

STANDARD = "GB 18218-2018《危险化学品重大危险源辨识》"


@dataclass(frozen=True)
class Table1Row(Result):
    no: int
    name: str
    aliases: tuple[str, ...]
    cas: tuple[str, ...]
    Q_t: Decimal
    beta: Decimal | None  # Table 3 value for the named toxic gases, else None


@dataclass(frozen=True)
class Table2Entry(Result):
    code: str
    hazard: str
    description: str
    Q_t: Decimal
    beta: Decimal  # Table 4


# Table 3, keyed by Table 1 row. 一氧化碳 is not a row of its own: it is row 13 (煤气).
TABLE3_BETA: dict[int, Decimal] = {
    1: Decimal(2),  # 氨
    4: Decimal(2),  # 二氧化硫
    7: Decimal(2),  # 环氧乙烷
    13: Decimal(2),  # 煤气 (一氧化碳)
    11: Decimal(3),  # 氯化氢
    17: Decimal(3),  # 溴甲烷
    12: Decimal(4),  # 氯
    10: Decimal(5),  # 硫化氢
    20: Decimal(5),  # 氟化氢
    3: Decimal(10),  # 二氧化氮
    25: Decimal(10),  # 氰化氢
    6: Decimal(20),  # 碳酰氯
    9: Decimal(20),  # 磷化氢
    30: Decimal(20),  # 异氰酸甲酯
}

# Table 4: β by Table 2 category; every category not listed here has β = 1.
TABLE4_BETA: dict[str, Decimal] = {
    "J1": Decimal(4),
    "J3": Decimal(2),
    "J4": Decimal(2),
    "W1.1": Decimal(2),
    "W1.2": Decimal(2),
    "W1.3": Decimal(2),
    "W2": Decimal("1.5"),
    "W5.1": Decimal("1.5"),
    "W6.1": Decimal("1.5"),
    "W7.1": Decimal("1.5"),
}
TABLE4_DEFAULT_BETA = Decimal(1)

_TABLE2_SOURCE: tuple[tuple[str, str, str, int], ...] = (
    ("J1", "急性毒性", "类别1，所有暴露途径，气体", 5),
    ("J2", "急性毒性", "类别1，所有暴露途径，固体、液体", 50),
    ("J3", "急性毒性", "类别2、类别3，所有暴露途径，气体", 50),
    ("J4", "急性毒性", "类别2、类别3，吸入途径，液体（沸点≤35℃）", 50),
    ("J5", "急性毒性", "类别2，所有暴露途径，J4以外的液体和固体", 500),
    ("W1.1", "爆炸物", "不稳定爆炸物；1.1项爆炸物", 1),
    ("W1.2", "爆炸物", "1.2、1.3、1.5、1.6项爆炸物", 10),
    ("W1.3", "爆炸物", "1.4项爆炸物", 50),
    ("W2", "易燃气体", "类别1和类别2", 10),
    ("W3", "气溶胶", "类别1和类别2（按净重计）", 150),
    ("W4", "氧化性气体", "类别1", 50),
    ("W5.1", "易燃液体", "类别1；类别2和类别3且工作温度高于沸点", 10),
    (
        "W5.2",
        "易燃液体",
        "类别2和类别3，具有引发重大事故的特殊工艺条件（危险化工工艺、在爆炸极限范围或附近操作、"
        "操作压力大于1.6 MPa等）",
        50,
    ),
    ("W5.3", "易燃液体", "不属于W5.1或W5.2的其他类别2", 1000),
    ("W5.4", "易燃液体", "不属于W5.1或W5.2的其他类别3", 5000),
    ("W6.1", "自反应物质和混合物", "A型和B型", 10),
    ("W6.2", "自反应物质和混合物", "C型、D型和E型", 50),
    ("W7.1", "有机过氧化物", "A型和B型", 10),
    ("W7.2", "有机过氧化物", "C型、D型、E型和F型", 50),
    ("W8", "自燃液体和自燃固体", "类别1", 50),
    ("W9.1", "氧化性固体和液体", "类别1", 50),
    ("W9.2", "氧化性固体和液体", "类别2和类别3", 200),
    ("W10", "易燃固体", "类别1", 200),
    ("W11", "遇水放出易燃气体的物质和混合物", "类别1和类别2", 200),
)

TABLE2: dict[str, Table2Entry] = {
    code: Table2Entry(
        code=code,
        hazard=hazard,
        description=description,
        Q_t=Decimal(quantity),
        beta=TABLE4_BETA.get(code, TABLE4_DEFAULT_BETA),
    )
    for code, hazard, description, quantity in _TABLE2_SOURCE
}

# Table 5: (fewest residents of the band, α, label), from the largest band down.
TABLE5_ALPHA: tuple[tuple[int, Decimal, str], ...] = (
    (100, Decimal("2.0"), "100人以上"),
    (50, Decimal("1.5"), "50～99人"),
    (30, Decimal("1.2"), "30～49人"),
    (1, Decimal("1.0"), "1～29人"),
    (0, Decimal("0.5"), "0人"),
)

# Table 6: (lowest R of the grade, grade, label), from 一级 down.
TABLE6_GRADES: tuple[tuple[int, str, str], ...] = (
    (100, "一级", "R ≥ 100"),
    (50, "二级", "50 ≤ R < 100"),
    (10, "三级", "10 ≤ R < 50"),
    (0, "四级", "R < 10"),
)


def _split(cell: str, separator: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(separator) if part.strip())


def _load_table1() -> tuple[Table1Row, ...]:
    text = (
        resources.files("anjian.standards")
        .joinpath("data/gb18218_table1.csv")
        .read_text(encoding="utf-8")
    )
    rows = []
    for record in csv.DictReader(io.StringIO(text)):
        no = int(record["no"])
        rows.append(
            Table1Row(
                no=no,
                name=record["name"].strip(),
                aliases=_split(record["aliases"], ";"),
                cas=_split(record["cas"], ","),
                Q_t=Decimal(record["critical_quantity_t"]),
                beta=TABLE3_BETA.get(no),
            )
        )
    return tuple(rows)


TABLE1: tuple[Table1Row, ...] = _load_table1()
TABLE1_BY_NO: dict[int, Table1Row] = {row.no: row for row in TABLE1}
