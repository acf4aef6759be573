"""Calculator endpoints under /api/v1/standards/: the national rules, answered with their clause."""

from __future__ import annotations

from ninja import Router

from anjian.core import rules as calculations
from anjian.core.schemas import ERRORS

from .schemas import (
    AccidentGradeIn,
    AccidentGradeOut,
    CreditCodeIn,
    CreditCodeOut,
    LecIn,
    LecOut,
    LsIn,
    LsOut,
    MajorHazardIn,
    MajorHazardOut,
    TablesOut,
)

API_PREFIX = "/standards"
router = Router(tags=["标准计算器"])


@router.post("/accident-grade", response={200: AccidentGradeOut, **ERRORS}, summary="事故等级")
def accident_grade(request, payload: AccidentGradeIn):
    """事故等级（《生产安全事故报告和调查处理条例》第三条）。

    按死亡人数、重伤人数（含急性工业中毒）和直接经济损失（万元）三项中最严重的一项定级，
    “以上”包括本数，“以下”不包括本数。返回等级、各项对应等级和文字依据。
    """
    return calculations.accident_grade(**payload.model_dump()).as_dict()


@router.post(
    "/major-hazard", response={200: MajorHazardOut, **ERRORS}, summary="重大危险源辨识与分级"
)
def major_hazard(request, payload: MajorHazardIn):
    """危险化学品重大危险源辨识与分级（GB 18218-2018）。

    每种物质给出表1名称 `name` 或表2类别 `category`，以及实际存在量 `q_t`（吨）；
    S = Σq/Q ≥ 1 即构成重大危险源，此时须给出厂区边界外500米范围内常住人口数，
    按 R = α·Σβq/Q 分为一级至四级。返回每种物质所用的表行、Q、β 和 q/Q。
    """
    substances = [item.model_dump(exclude_none=True) for item in payload.substances]
    result = calculations.major_hazard(
        substances=substances, exposed_people_500m=payload.exposed_people_500m
    )
    return result.as_dict()


@router.get("/gb18218/table1", response={200: TablesOut, **ERRORS}, summary="GB 18218 表1、表2")
def gb18218_tables(request):
    """GB 18218-2018 表1（危险化学品名称、别名、CAS 号、临界量、表3 校正系数）和
    表2（危险性类别代码、临界量、表4 校正系数），供客户端制作选择列表。"""
    return calculations.gb18218_tables()


@router.post("/lec", response={200: LecOut, **ERRORS}, by_alias=True, summary="LEC 风险评价")
def lec(request, payload: LecIn):
    """作业条件危险性评价法（LEC）：D = L × E × C。

    L、E、C 只能取表列数值；按 D 值分为五个危险程度并对应重大/较大/一般/低四级风险
    （红、橙、黄、蓝）。分界值 D=20、70 的归属按本地设置 `LEC_BOUNDARY`。
    """
    return calculations.lec(**payload.model_dump()).as_dict()


@router.post("/ls", response={200: LsOut, **ERRORS}, summary="LS 风险矩阵")
def ls(request, payload: LsIn):
    """风险矩阵法（LS）：R = L × S，L、S 均为 1～5 的整数。

    按本地设置的分级方案 `LS_BANDING` 分为重大/较大/一般/低四级风险（红、橙、黄、蓝）。
    """
    return calculations.ls(**payload.model_dump()).as_dict()


@router.post(
    "/credit-code", response={200: CreditCodeOut, **ERRORS}, summary="统一社会信用代码校验"
)
def credit_code(request, payload: CreditCodeIn):
    """统一社会信用代码校验（GB 32100-2015）。

    检查长度、字符集和第18位校验码（不合规时 `valid` 为 false，`errors` 说明原因，
    含正确的校验码）；第9～17位组织机构代码未通过 GB 11714 校验时只作提示（`warnings`）。
    """
    return calculations.credit_code(code=payload.code).as_dict()
