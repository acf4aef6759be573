"""API of the inspections app's draws part: 双随机 draws, committed then revealed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Query, Router, Schema, Status
from pydantic import Field

from anjian.core.errors import Forbidden, Invalid
from anjian.core.pagination import paginate
from anjian.core.records.api import WRITE_ERRORS
from anjian.core.schemas import ERRORS, Page, PageQuery

from . import selectors_draws, services_draws
from .choices import DrawStatus
from .models import Draw, InspectionPlan

router = Router(tags=["监督检查"])
VIEW = "inspections.view_draw"


class PoolFilters(Schema):
    region: str = Field(default="", max_length=12, description="区划代码（本单位辖区内）")
    sector: str = Field(default="", max_length=30, description="行业代码，如 construction")
    category: str = Field(default="", max_length=40, description="本年度监管类别")
    risk_grade: str = Field(default="", max_length=10, description="major/larger/general/low")
    key: str = Field(default="", description="yes：只抽计划的重点企业；no：排除重点企业")


class DrawIn(Schema):
    title: str = Field(..., min_length=1, max_length=100)
    pool_filters: PoolFilters = Field(default_factory=PoolFilters)
    count: int = Field(..., ge=1, le=services_draws.MAX_COUNT)
    team_size: int = Field(default=2, ge=2, le=10)
    experts_per_team: int = Field(default=0, ge=0, le=5)
    plan: int | None = None
    planned_on: date | None = None


class DrawBrief(Schema):
    id: int
    number: str
    title: str
    office: str
    status: str
    algorithm: str
    commitment: str
    inputs_digest: str
    committed_at: datetime
    revealed_at: datetime | None

    @staticmethod
    def resolve_office(obj) -> str:
        return obj.office.name


class DrawOut(DrawBrief):
    pool_filters: dict[str, Any]
    count: int
    team_size: int
    experts_per_team: int
    planned_on: date | None
    inputs: dict[str, Any]
    seed: str | None = Field(description="开奖前为 null")
    result: dict[str, Any] | None = Field(description="开奖前为 null")

    @staticmethod
    def resolve_seed(obj) -> str | None:
        return obj.seed if obj.status == DrawStatus.REVEALED else None

    @staticmethod
    def resolve_result(obj) -> dict | None:
        return obj.result if obj.status == DrawStatus.REVEALED else None


def _draw_for(user, draw_id: int) -> Draw:
    if not user.has_perm(VIEW):
        raise Forbidden("您无权查看双随机抽取。")
    return Draw.objects.get_visible(user, pk=draw_id)


@router.get("/draws", response={200: Page[DrawBrief], **ERRORS}, exclude_unset=True)
def draw_list(request, page: Query[PageQuery]):
    """双随机抽取（本辖区），新的在前，游标分页。"""
    if not request.user.has_perm(VIEW):
        raise Forbidden("您无权查看双随机抽取。")
    rows = selectors_draws.draws_visible_to(request.user)
    return paginate(
        rows, order=("-id",), cursor=page.cursor, limit=page.limit, with_count=page.with_count
    )


@router.post("/draws", response={201: DrawOut, **WRITE_ERRORS})
def draw_create(request, payload: DrawIn):
    """发起双随机抽取：确定抽取范围并公布种子承诺（SHA-256）；种子在开奖前不公开。"""
    plan = None
    if payload.plan is not None:
        plan = InspectionPlan.objects.visible_to(request.user).filter(pk=payload.plan).first()
        if plan is None:
            raise Invalid("所选计划不存在或不在您的管辖范围内。", field="plan")
    draw = services_draws.draw_commit(
        actor=request.user,
        title=payload.title,
        pool_filters=payload.pool_filters.dict(),
        count=payload.count,
        team_size=payload.team_size,
        experts_per_team=payload.experts_per_team,
        plan=plan,
        planned_on=payload.planned_on,
    )
    return Status(201, draw)


@router.get("/draws/{draw_id}", response={200: DrawOut, **ERRORS})
def draw_detail(request, draw_id: int):
    """一次抽取：输入、算法、承诺值；开奖后还有种子和结果。"""
    return _draw_for(request.user, draw_id)


@router.post("/draws/{draw_id}/reveal", response={200: DrawOut, **WRITE_ERRORS})
def draw_reveal(request, draw_id: int):
    """开奖：以承诺的种子运行抽取，公开结果，并为每家被抽中的企业安排检查（全部成功或全部不做）。"""
    draw = _draw_for(request.user, draw_id)
    return services_draws.draw_reveal(actor=request.user, draw=draw)
