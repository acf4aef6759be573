"""Input and output shapes of the calculator API.

Numbers are taken as ``Decimal`` so that JSON numbers and numeric strings both work and 0.1 stays
0.1; the standards functions then check ranges and table values with their own Chinese messages.
Outputs mirror the results' ``as_dict()``: exact figures as integers when whole, else floats.
"""

from __future__ import annotations

from decimal import Decimal

from ninja import Schema
from pydantic import ConfigDict, Field

Number = int | float
MAX_SUBSTANCES = 200


class AccidentGradeIn(Schema):
    deaths: Decimal = Field(description="死亡人数")
    serious_injuries: Decimal = Field(description="重伤人数（含急性工业中毒）")
    direct_loss_10k_yuan: Decimal = Field(description="直接经济损失，万元")


class AccidentGradeOut(Schema):
    grade: str = Field(description="事故等级：一般、较大、重大、特别重大")
    decisive: list[str] = Field(description="决定等级的指标")
    by_criterion: dict[str, str] = Field(description="各指标单独对应的等级")
    deaths: int
    serious_injuries: int
    direct_loss_10k_yuan: Number
    explanation: str


class SubstanceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, description="表1物质名称、别名或 CAS 号")
    category: str | list[str] | None = Field(
        default=None, description="表2类别代码（如 W2）；多种危险性时为代码列表"
    )
    label: str | None = Field(default=None, description="按类别计算时显示的物质名称")
    q_t: Decimal = Field(description="实际存在量 q，吨（按设计最大量）")
    Q_t: Decimal | None = Field(default=None, description="指定临界量 Q，吨（混合物等情形）")
    beta: Decimal | None = Field(default=None, description="指定校正系数 β")


class MajorHazardIn(Schema):
    substances: list[SubstanceIn] = Field(
        max_length=MAX_SUBSTANCES, description="同一单元内的危险化学品"
    )
    exposed_people_500m: Decimal | None = Field(
        default=None, description="厂区边界外500米范围内常住人口数；构成重大危险源时分级必填"
    )


class SubstanceLineOut(Schema):
    name: str
    table: str = Field(description="取值依据，如「表1 第12项」")
    q_t: Number
    Q_t: Number
    beta: Number
    beta_basis: str
    q_over_Q: Number


class MajorHazardOut(Schema):
    S: Number = Field(description="S = Σq/Q")
    is_major_hazard: bool
    exposed_people_500m: int | None
    alpha: Number | None = Field(description="表5 校正系数 α")
    R: Number | None = Field(description="R = α·Σβq/Q")
    grade: str | None = Field(description="一级至四级；不构成重大危险源时为 null")
    substances: list[SubstanceLineOut]
    explanation: str


class LecIn(Schema):
    L: Decimal = Field(description="事故发生的可能性，取表列值 10、6、3、1、0.5、0.2、0.1")
    E: Decimal = Field(description="暴露于危险环境的频繁程度，取表列值 10、6、3、2、1、0.5")
    C: Decimal = Field(description="发生事故可能造成的后果，取表列值 100、40、15、7、3、1")


class LevelOut(Schema):
    level: str = Field(description="风险等级：重大、较大、一般、低")
    level_code: str
    colour: str = Field(description="红、橙、黄、蓝")
    colour_code: str
    explanation: str


class LecOut(LevelOut):
    L: Number
    E: Number
    C: Number
    D: Number = Field(description="D = L × E × C")
    risk_class: str = Field(alias="class", description="危险程度，如「高度危险」")
    boundary: str = Field(description="分界值归属（本地设置）")


class LsIn(Schema):
    L: Decimal = Field(description="可能性，1～5 的整数")
    S: Decimal = Field(description="严重性，1～5 的整数")


class LsOut(LevelOut):
    L: int
    S: int
    R: int = Field(description="R = L × S")
    banding: str = Field(description="分级方案（本地设置）")


class CreditCodeIn(Schema):
    code: str = Field(max_length=64, description="统一社会信用代码（18位）")


class CreditCodeOut(Schema):
    code: str
    normalized: str
    valid: bool
    errors: list[str]
    warnings: list[str]
    registration_authority: str | None
    organisation_type: str | None
    division_code: str | None
    organisation_code: str | None
    explanation: str


class Table1RowOut(Schema):
    no: int
    name: str
    aliases: list[str]
    cas: list[str]
    Q_t: Number
    beta: Number | None = Field(description="表3 校正系数 β；未列入表3时为 null")


class Table2EntryOut(Schema):
    code: str
    hazard: str
    description: str
    Q_t: Number
    beta: Number = Field(description="表4 校正系数 β")


class TablesOut(Schema):
    table1: list[Table1RowOut]
    table2: list[Table2EntryOut]
