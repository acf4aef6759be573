from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import ModelSchema, Schema
from pydantic import Field

from .choices import PLAN_PARTS
from .models import GovernancePlan


class SignatureIn(Schema):
    method: Literal["account", "handwritten"]
    image: str | None = Field(default=None, description="手写签名：PNG/JPEG 的 data URL")


class PlanIn(ModelSchema):
    """重大事故隐患治理方案（16号令第十五条）的六项内容。"""

    class Meta:
        model = GovernancePlan
        fields = [key for key, _ in PLAN_PARTS]


class PlanPut(Schema):
    """企业起草或修改治理方案：只改所给的项；每项最多 2000 字。提交审查时六项均须填写。"""

    goals: str | None = Field(default=None, max_length=2000, description="治理的目标和任务")
    measures: str | None = Field(default=None, max_length=2000, description="采取的方法和措施")
    funds_and_materials: str | None = Field(
        default=None, max_length=2000, description="经费和物资的落实"
    )
    organisation_and_people: str | None = Field(
        default=None, max_length=2000, description="负责治理的机构和人员"
    )
    deadline_and_requirements: str | None = Field(
        default=None, max_length=2000, description="治理的时限和要求"
    )
    safety_and_emergency: str | None = Field(
        default=None, max_length=2000, description="安全措施和应急预案"
    )


class PlanTransitionIn(Schema):
    action: Literal["submit", "approve", "return"]
    comment: str | None = Field(default=None, max_length=2000, description="approve：审查意见")
    reason: str | None = Field(default=None, max_length=2000, description="return：退回原因")


class PlanDetailOut(Schema):
    hazard: int
    required: bool = Field(description="重大隐患须有经同意的治理方案")
    status: str = Field(description="draft / submitted / approved / returned")
    goals: str
    measures: str
    funds_and_materials: str
    organisation_and_people: str
    deadline_and_requirements: str
    safety_and_emergency: str
    review_comment: str
    submitted_at: datetime | None
    reviewed_at: datetime | None
    version: int
    documents: list[int] = Field(description="治理方案文件（附件 id）")
    actions: list[str] = Field(description="当前用户可执行的操作")


class HazardIn(Schema):
    enterprise: int
    description: str = Field(..., min_length=1, max_length=2000)
    location: str = Field(..., min_length=1, max_length=200)
    source: Literal["self_check", "inspection", "grid", "complaint", "other"]
    grade: Literal["general", "major"] | None = None
    category: Literal["basic", "site"] = "site"
    attachments: list[int] = Field(default_factory=list, description="已上传的整改前照片 id")
    signature: SignatureIn


class TransitionIn(Schema):
    action: Literal[
        "confirm", "extend", "submit", "accept", "reject", "void", "list", "unlist", "delegate"
    ]
    grade: Literal["general", "major"] | None = None
    deadline: date | None = None
    responsible_person: str | None = Field(default=None, max_length=30)
    measures: str | None = Field(default=None, max_length=2000)
    cost: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    note: str | None = Field(default=None, max_length=2000, description="submit：整改情况")
    opinion: str | None = Field(default=None, max_length=2000, description="accept：验收意见")
    no_photo_reason: str | None = Field(default=None, max_length=200)
    reason: str | None = Field(default=None, max_length=500)
    attachments: list[int] | None = None
    signature: SignatureIn | None = None
    level: Literal["city", "district", "township"] | None = None
    office: int | None = Field(
        default=None, description="list：督办单位；delegate：受托验收单位（单位 id）"
    )
    due: date | None = None


class PlanOut(PlanIn):
    pass


class HazardOut(Schema):
    id: int
    number: str
    enterprise: int
    enterprise_name: str
    region_code: str
    sector: str
    location: str
    description: str
    category: str
    grade: str
    source: str
    status: str
    overdue: bool
    listed: bool
    listing_level: str
    listing_due: date | None
    listing_office: str
    responsible_office: str = Field(description="责任单位")
    found_at: datetime
    deadline: date | None
    responsible_person: str
    measures: str
    cost: Decimal | None
    rectification_note: str
    acceptance_opinion: str
    closed_at: datetime | None
    version: int

    @staticmethod
    def resolve_enterprise(obj) -> int:
        return obj.enterprise_id

    @staticmethod
    def resolve_enterprise_name(obj) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_sector(obj) -> str:
        return obj.sector.code

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue

    @staticmethod
    def resolve_responsible_office(obj) -> str:
        return obj.responsible_office.name if obj.responsible_office_id else ""


class TransitionOut(Schema):
    action: str
    from_state: str
    to_state: str
    actor: str
    at: datetime
    comment: str
    signed_by: str | None
    signature_method: str | None
    attachments: list[int]

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor.get_full_name()

    @staticmethod
    def resolve_signed_by(obj) -> str | None:
        return obj.signature.signer_name if obj.signature_id else None

    @staticmethod
    def resolve_signature_method(obj) -> str | None:
        return obj.signature.method if obj.signature_id else None

    @staticmethod
    def resolve_attachments(obj) -> list[int]:
        return [a.pk for a in obj.attachments.all()]


class HazardDetailOut(HazardOut):
    plan: PlanOut | None = None
    history: list[TransitionOut] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list, description="当前用户可执行的操作")

    @staticmethod
    def resolve_plan(obj):
        return getattr(obj, "plan", None) if obj.grade == "major" else None
