from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Query, Router, Schema, Status
from pydantic import Field

from anjian.core.api_errors import if_match
from anjian.core.pagination import paginate
from anjian.core.schemas import ERRORS, ErrorOut, Page, PageQuery
from anjian.enterprises.selectors import enterprise_for

from . import documents, selectors, services
from .models import MajorHazardSource, RiskPoint

router = Router(tags=["风险分级管控与重大危险源"])
WRITE_ERRORS = {**ERRORS, 409: ErrorOut, 412: ErrorOut}


class RiskPointIn(Schema):
    enterprise: int
    name: str = Field(..., min_length=1, max_length=100)
    location: str = Field("", max_length=100)
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
    control_level: str = Field("", description="不填则按风险等级确定（公司/部门/车间/班组/岗位）")
    responsible_person: str = Field(..., min_length=1, max_length=30)
    review_on: date | None = None


class RiskPointOut(Schema):
    id: int
    enterprise: int
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
    def resolve_enterprise(obj) -> int:
        return obj.enterprise_id

    @staticmethod
    def resolve_colour(obj) -> str:
        return {"major": "red", "larger": "orange", "general": "yellow", "low": "blue"}[obj.level]


def _point_fields(data: dict) -> tuple[dict, dict]:
    inputs = {k: data.pop(k) for k in ("L", "E", "C", "S") if data.get(k) is not None}
    for k in ("L", "E", "C", "S"):
        data.pop(k, None)
    return data, inputs


@router.get("/risk-points", response={200: Page[RiskPointOut], **ERRORS}, exclude_unset=True)
def risk_points(
    request, page: Query[PageQuery], enterprise: int | None = None, level: str | None = None
):
    """风险点（四色：major 红、larger 橙、general 黄、low 蓝）。"""
    qs = selectors.risk_points_for(request.user, enterprise=enterprise, level=level)
    return paginate(
        qs, order=("id",), cursor=page.cursor, limit=page.limit, with_count=page.with_count
    )


@router.post("/risk-points", response={201: RiskPointOut, **WRITE_ERRORS})
def risk_point_create(request, payload: RiskPointIn):
    """新增风险点并评价：LEC 填 L、E、C（只接受表列数值），LS 填 L、S（1–5）。"""
    data, inputs = _point_fields(payload.dict())
    enterprise = enterprise_for(request.user, data.pop("enterprise"))
    point = RiskPoint(enterprise=enterprise, **data)
    return Status(201, services.risk_point_save(actor=request.user, point=point, inputs=inputs))


@router.get("/risk-points/{point_id}", response={200: RiskPointOut, **ERRORS})
def risk_point(request, point_id: int):
    return selectors.risk_point_for(request.user, point_id)


@router.get("/risk-points/{point_id}/card.pdf", response={200: None, **ERRORS})
def risk_point_card_pdf(request, point_id: int):
    """岗位风险告知卡（A4 PDF）。"""
    point = selectors.risk_point_for(request.user, point_id)
    return documents.notice_card_response(request.user, point, "pdf")


@router.get("/risk-points/{point_id}/card.docx", response={200: None, **ERRORS})
def risk_point_card_docx(request, point_id: int):
    """岗位风险告知卡（Word 文档，内容与 PDF 相同）。"""
    point = selectors.risk_point_for(request.user, point_id)
    return documents.notice_card_response(request.user, point, "docx")


@router.put("/risk-points/{point_id}", response={200: RiskPointOut, **WRITE_ERRORS})
def risk_point_reassess(request, point_id: int, payload: RiskPointIn):
    """重新评价（保留历次评价记录）。"""
    point = selectors.risk_point_for(request.user, point_id)
    if (expected := if_match(request)) is not None and expected != point.version:
        from anjian.core.errors import PreconditionFailed

        raise PreconditionFailed(current_version=point.version)
    data, inputs = _point_fields(payload.dict())
    data.pop("enterprise")
    for name, value in data.items():
        setattr(point, name, value)
    return services.risk_point_save(actor=request.user, point=point, inputs=inputs)


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
    enterprise: int
    name: str
    unit_kind: str
    exposed_people_500m: int
    status: str
    S: Decimal
    is_major_hazard: bool
    alpha: Decimal | None
    R: Decimal | None
    grade: str
    explanation: str
    assessed_on: date
    reassessment_due: date
    filed_on: date | None
    substances: list[SubstanceOut]
    version: int

    @staticmethod
    def resolve_enterprise(obj) -> int:
        return obj.enterprise_id

    @staticmethod
    def resolve_S(obj) -> Decimal:
        return obj.s_value

    @staticmethod
    def resolve_R(obj) -> Decimal | None:
        return obj.r_value

    @staticmethod
    def resolve_is_major_hazard(obj) -> bool:
        return obj.is_major

    @staticmethod
    def resolve_substances(obj) -> list:
        return list(obj.substances.all())


class SourceTransitionIn(Schema):
    action: str = Field(..., description="submit / file / return / deregister")
    reason: str | None = Field(None, max_length=500)


def _substances(payload: SourceIn) -> list[dict]:
    return [{k: v for k, v in s.dict().items() if v not in (None, "")} for s in payload.substances]


@router.get("/major-hazard-sources", response={200: Page[SourceOut], **ERRORS}, exclude_unset=True)
def sources(
    request,
    page: Query[PageQuery],
    enterprise: int | None = None,
    status: str | None = None,
    grade: str | None = None,
):
    """重大危险源（含辨识与分级结果）；`status=filed` 为已备案登记册。"""
    qs = selectors.sources_for(request.user, enterprise=enterprise, status=status, grade=grade)
    return paginate(
        qs, order=("id",), cursor=page.cursor, limit=page.limit, with_count=page.with_count
    )


@router.post("/major-hazard-sources", response={201: SourceOut, **WRITE_ERRORS})
def source_create(request, payload: SourceIn):
    """登记单元及其危险化学品，按 GB 18218-2018 自动辨识、分级（S、R、α、β 全部由系统计算）。"""
    data = payload.dict(exclude={"substances"})
    enterprise = enterprise_for(request.user, data.pop("enterprise"))
    source = MajorHazardSource(enterprise=enterprise, **data)
    saved = services.source_save(actor=request.user, source=source, substances=_substances(payload))
    return Status(201, selectors.source_for(request.user, saved.pk))


@router.get("/major-hazard-sources/{source_id}", response={200: SourceOut, **ERRORS})
def source(request, source_id: int):
    return selectors.source_for(request.user, source_id)


@router.post(
    "/major-hazard-sources/{source_id}/transitions", response={200: SourceOut, **WRITE_ERRORS}
)
def source_transition(request, source_id: int, payload: SourceTransitionIn):
    """备案流转：submit（企业提交）、file（监管部门审核通过）、return（退回，须说明原因）、
    deregister（核销，须说明原因）。"""
    source = selectors.source_for(request.user, source_id)
    data = payload.dict(exclude_none=True)
    services.source_transition(
        actor=request.user,
        source=source,
        action=data.pop("action"),
        expected_version=if_match(request),
        **data,
    )
    return selectors.source_for(request.user, source_id)
