"""API of the plans part: yearly plans (`/inspection-plans`), an enterprise's usage of its
yearly cap and the overrides of that cap."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.utils import timezone
from ninja import Field, ModelSchema, Query, Router, Schema, Status

from anjian.core.records import api as records_api
from anjian.core.schemas import ERRORS, ErrorOut
from anjian.enterprises.selectors import enterprise_for

from . import selectors_plans, services_caps, services_plans
from .filters_plans import PlanFilters
from .models import InspectionPlan
from .workflow_plans import PLAN_FLOW

router = Router(tags=["监督检查"])
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
Quota = Annotated[int, Field(ge=0, le=10000)]
WRITE_ERRORS = {**ERRORS, 409: ErrorOut, 412: ErrorOut}


class PlanOut(ModelSchema):
    office_name: str = Field(..., alias="office.name")
    key_enterprises: list[int] = []
    actions: list[str] = []

    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "office",
            "year",
            "title",
            "status",
            "monthly_quotas",
            "special_checks",
            "approved_at",
            "published_at",
            "version",
        ]

    @staticmethod
    def resolve_key_enterprises(obj) -> list[int]:
        return [e.pk for e in obj.key_enterprises.all()]


class PlanIn(Schema):
    title: str = Field(..., min_length=1, max_length=100, description="计划名称")
    year: int = Field(..., ge=2000, le=2100, description="年度")
    monthly_quotas: list[Quota] = Field(
        default_factory=lambda: [0] * 12,
        max_length=100,
        description="1–12 月每月计划检查数量（12 个数字）",
    )
    special_checks: str = Field("", max_length=4000, description="专项检查安排")
    key_enterprises: list[Id] = Field(
        default_factory=list, max_length=2000, description="重点检查企业 id"
    )


class PlanPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=100)
    monthly_quotas: list[Quota] | None = Field(None, max_length=100)
    special_checks: str | None = Field(None, max_length=4000)
    key_enterprises: list[Id] | None = Field(None, max_length=2000)


def _update(user, plan, payload, version):
    current = {
        "title": plan.title,
        "monthly_quotas": plan.monthly_quotas,
        "special_checks": plan.special_checks,
        "key_enterprises": list(plan.key_enterprises.values_list("id", flat=True)),
    }
    data = {**current, **payload.dict(exclude_unset=True, exclude_none=True)}
    return services_plans.plan_update(actor=user, plan=plan, data=data, version=version)


records_api.register(
    router,
    "/inspection-plans",
    noun="inspection_plan",
    id_name="plan_id",
    out=PlanOut,
    get=selectors_plans.plan_for,
    filters=PlanFilters,
    rows=lambda user, filters: filters.apply(selectors_plans.plans_for(user)),
    payload=PlanIn,
    create=lambda user, p: services_plans.plan_create(actor=user, data=p.dict()),
    workflow=PLAN_FLOW,
    transition=lambda user, obj, action, version, data: services_plans.plan_transition(
        actor=user, plan=obj, action=action, version=version, **data
    ),
    docs={
        "list": "我辖区内各单位的年度监督检查计划。",
        "create": "编制本单位的年度监督检查计划（草稿）：每月检查数量 12 个、重点检查企业、专项检查安排。"
        "已达年度检查次数上限且无批准的企业不能列为重点检查企业（422，说明原因）。",
        "detail": "一份年度计划，含可执行的操作。",
        "transitions": "流转：submit（提交审批）/ return（退回，须 reason）/ approve（审批，"
        "不能由编制人本人审批）/ publish（向社会公开）。",
    },
)

records_api.add_update(
    router,
    "/inspection-plans/{plan_id}",
    id_name="plan_id",
    payload=PlanPatch,
    out=PlanOut,
    get=records_api.with_actions(selectors_plans.plan_for, PLAN_FLOW),
    update=_update,
    name="inspection_plan_update",
    doc="修改编制中的计划：只传要改的字段（If-Match）。只有本单位可修改，提交后不能再改。",
)


class UsageOut(Schema):
    year: int
    cap: int
    used: int
    category: str = Field("", description="该年度监管类别（未评定时为空，按默认上限）")
    overrides: int = Field(0, description="已批准、尚未使用的超上限检查次数")


class UsageQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="年度，默认今年")


@router.get(
    "/enterprises/{enterprise_id}/inspection-usage",
    response={200: UsageOut, **ERRORS},
    operation_id="enterprise_inspection_usage",
)
def inspection_usage(request, enterprise_id: int, query: Query[UsageQuery]):
    """企业某年度已检查次数与年度检查次数上限：`{"year", "cap", "used"}`。"""
    year = query.year or timezone.localdate().year
    found = selectors_plans.usage_for(request.user, enterprise_id, year)
    return {**found.as_dict(), "category": found.category, "overrides": found.overrides}


class OverrideIn(Schema):
    year: int = Field(..., ge=2000, le=2100, description="年度")
    reason: str = Field(..., max_length=300, description="超出年度上限仍须检查的理由")


class OverrideOut(Schema):
    id: int
    enterprise: int = Field(..., alias="enterprise_id")
    year: int
    reason: str
    authorised_by: str = Field(..., alias="authorised_by.display_name")
    created_at: datetime
    used: bool = False

    @staticmethod
    def resolve_used(obj) -> bool:
        return obj.used_by_id is not None


@router.post(
    "/enterprises/{enterprise_id}/inspection-cap-overrides",
    response={201: OverrideOut, **WRITE_ERRORS},
    operation_id="enterprise_inspection_cap_override",
)
def inspection_cap_override(request, enterprise_id: int, payload: OverrideIn):
    """批准一次超出年度检查次数上限的检查（须有批准权限并说明理由；记入审计日志）。"""
    enterprise = enterprise_for(request.user, enterprise_id)
    override = services_caps.cap_override(
        actor=request.user, enterprise=enterprise, year=payload.year, reason=payload.reason
    )
    return Status(201, override)
