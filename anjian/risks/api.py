from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Router, Schema
from pydantic import Field

from anjian.core.api_errors import if_match
from anjian.core.records import api as records_api
from anjian.core.schemas import ERRORS
from anjian.enterprises.selectors import enterprise_for

from . import documents, selectors, services
from .choices import RiskLevel
from .filters import RiskPointFilters, SourceFilters
from .models import MajorHazardSource, RiskPoint

router = Router(tags=["风险分级管控与重大危险源"])


class RiskPointIn(Schema):
    enterprise: int
    name: str = Field(..., min_length=1, max_length=100)
    location: str = Field(default="", max_length=100)
    kind: str = Field(..., description="activity / equipment / place")
    hazard_factors: str = Field(..., min_length=1, max_length=1000)
    accident_types: list[str] = Field(default_factory=list, description="GB 6441 类别代码，如 08")
    method: str = Field(..., description="lec 或 ls")
    L: Decimal
    E: Decimal | None = None
    C: Decimal | None = None
    S: Decimal | None = None
    engineering_measures: str = ""
    management_measures: str = ""
    training_measures: str = ""
    ppe_measures: str = ""
    emergency_measures: str = ""
    control_level: str = Field(
        default="", description="不填则按风险等级确定（公司/部门/车间/班组/岗位）"
    )
    responsible_person: str = Field(..., min_length=1, max_length=30)
    review_on: date | None = None


class RiskPointOut(Schema):
    id: int
    enterprise: int = Field(validation_alias="enterprise_id")
    name: str
    location: str
    kind: str
    method: str
    score: Decimal
    level: str
    colour: str
    risk_class: str
    explanation: str
    control_level: str
    responsible_person: str
    review_on: date | None
    version: int

    @staticmethod
    def resolve_colour(obj) -> str:
        return RiskLevel(obj.level).colour


def _point_fields(payload: RiskPointIn) -> tuple[dict, dict]:
    """The point's own fields, and the factors (L, E, C, S) the assessment takes."""
    data = payload.dict()
    factors = {k: data.pop(k) for k in ("L", "E", "C", "S")}
    return data, {k: v for k, v in factors.items() if v is not None}


def _point_create(user, payload: RiskPointIn) -> RiskPoint:
    data, inputs = _point_fields(payload)
    point = RiskPoint(enterprise=enterprise_for(user, data.pop("enterprise")), **data)
    return services.risk_point_save(actor=user, point=point, inputs=inputs)


records_api.add_list(
    router,
    "/risk-points",
    out=RiskPointOut,
    filters=RiskPointFilters,
    rows=selectors.risk_points_for,
    name="risk_points",
    doc="风险点（四色：major 红、larger 橙、general 黄、low 蓝）。",
)
records_api.add_create(
    router,
    "/risk-points",
    payload=RiskPointIn,
    out=RiskPointOut,
    get=selectors.risk_point_for,
    create=_point_create,
    name="risk_point_create",
    doc="新增风险点并评价：LEC 填 L、E、C（只接受表列数值），LS 填 L、S（1–5）。",
)
records_api.add_detail(
    router,
    "/risk-points/{point_id}",
    id_name="point_id",
    out=RiskPointOut,
    get=selectors.risk_point_for,
    name="risk_point",
    doc="一个风险点及其评价结果。",
)


def _add_card(fmt: str, doc: str) -> None:
    def card(request, point_id: int):
        point = selectors.risk_point_for(request.user, point_id)
        return documents.notice_card_response(request.user, point, fmt)

    card.__name__, card.__doc__ = f"risk_point_card_{fmt}", doc
    router.get(f"/risk-points/{{point_id}}/card.{fmt}", response={200: None, **ERRORS})(card)


_add_card("pdf", "岗位风险告知卡（A4 PDF）。")
_add_card("docx", "岗位风险告知卡（Word 文档，内容与 PDF 相同）。")


@router.put("/risk-points/{point_id}", response={200: RiskPointOut, **records_api.WRITE_ERRORS})
def risk_point_reassess(request, point_id: int, payload: RiskPointIn):
    """重新评价（保留历次评价记录）；带 `If-Match: <version>` 而记录已变化返回 412。"""
    point = selectors.risk_point_for(request.user, point_id)
    data, inputs = _point_fields(payload)
    data.pop("enterprise")
    for name, value in data.items():
        setattr(point, name, value)
    return services.risk_point_save(
        actor=request.user, point=point, inputs=inputs, expected_version=if_match(request)
    )


class SubstanceIn(Schema):
    name: str | None = None
    category: str | None = None
    label: str | None = None
    q_t: Decimal = Field(..., gt=0)


class SourceIn(Schema):
    enterprise: int
    name: str = Field(..., min_length=1, max_length=100)
    unit_kind: str = Field(..., description="production / storage")
    exposed_people_500m: int = Field(..., ge=0)
    assessed_on: date | None = None
    principal: str = Field(..., min_length=1, max_length=30)
    technical_lead: str = Field(..., min_length=1, max_length=30)
    operations_lead: str = Field(..., min_length=1, max_length=30)
    substances: list[SubstanceIn] = Field(..., min_length=1)


class SubstanceOut(Schema):
    name: str
    category: str
    label: str
    q_t: Decimal
    table: str
    critical_t: Decimal | None
    beta: Decimal | None


class SourceOut(Schema):
    id: int
    enterprise: int = Field(validation_alias="enterprise_id")
    name: str
    unit_kind: str
    exposed_people_500m: int
    status: str
    S: Decimal = Field(validation_alias="s_value")
    is_major_hazard: bool = Field(validation_alias="is_major")
    alpha: Decimal | None
    R: Decimal | None = Field(validation_alias="r_value")
    grade: str
    explanation: str
    assessed_on: date
    reassessment_due: date
    filed_on: date | None
    substances: list[SubstanceOut]
    version: int


class SourceDetailOut(SourceOut):
    actions: list[str] = Field(default_factory=list, description="当前用户现在可执行的备案操作")


class SourceTransitionIn(Schema):
    action: str = Field(..., description="submit / file / return / deregister")
    reason: str | None = Field(default=None, max_length=500)


def _source_detail(user, pk: int):
    source = selectors.source_for(user, pk)
    source.actions = [t.action for t in selectors.source_actions(user, source)]
    return source


def _source_create(user, payload: SourceIn) -> MajorHazardSource:
    data = payload.dict(exclude={"substances"})
    source = MajorHazardSource(enterprise=enterprise_for(user, data.pop("enterprise")), **data)
    substances = [
        {k: v for k, v in s.dict().items() if v not in (None, "")} for s in payload.substances
    ]
    return services.source_save(actor=user, source=source, substances=substances)


def _source_transition(user, source, action, version, data):
    services.source_transition(
        actor=user, source=source, action=action, expected_version=version, **data
    )


records_api.add_list(
    router,
    "/major-hazard-sources",
    out=SourceOut,
    filters=SourceFilters,
    rows=selectors.sources_for,
    name="sources",
    doc="重大危险源（含辨识与分级结果）；`status=filed` 为已备案登记册。",
)
records_api.add_create(
    router,
    "/major-hazard-sources",
    payload=SourceIn,
    out=SourceDetailOut,
    get=_source_detail,
    create=_source_create,
    name="source_create",
    doc="登记单元及其危险化学品，按 GB 18218-2018 自动辨识、分级（S、R、α、β 全部由系统计算）。",
)
records_api.add_detail(
    router,
    "/major-hazard-sources/{source_id}",
    id_name="source_id",
    out=SourceDetailOut,
    get=_source_detail,
    name="source",
    doc="一个重大危险源，含当前用户可执行的备案操作 `actions`。",
)
records_api.add_transitions(
    router,
    "/major-hazard-sources/{source_id}/transitions",
    id_name="source_id",
    payload=SourceTransitionIn,
    out=SourceDetailOut,
    get=_source_detail,
    transition=_source_transition,
    name="source_transition",
    doc="""备案流转：submit（企业提交）、file（监管部门审核通过）、return（退回，须说明原因）、
    deregister（核销，须说明原因）。

    状态已被他人改变返回 409；无权返回 403；缺少原因返回 422；带 `If-Match: <version>`
    而记录已变化返回 412。""",
)
