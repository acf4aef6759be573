"""API shapes of the visits part."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from .choices import Kind, Origin


class InspectionOut(Schema):
    id: int
    number: str
    enterprise: int
    enterprise_name: str
    office: int
    office_name: str
    origin: str
    kind: str
    status: str
    planned_on: date
    unannounced: bool = Field(description="四不两直：开始前企业看不到")
    over_cap: bool
    joint_with: int | None = Field(None, description="已并入的联合检查 id")
    version: int

    @staticmethod
    def resolve_enterprise(obj) -> int:
        return obj.enterprise_id

    @staticmethod
    def resolve_enterprise_name(obj) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_office(obj) -> int:
        return obj.office_id

    @staticmethod
    def resolve_office_name(obj) -> str:
        return obj.office.name

    @staticmethod
    def resolve_joint_with(obj) -> int | None:
        return obj.joint_with_id


class MemberOut(Schema):
    user: int
    name: str
    role: str


class ItemOut(Schema):
    id: int
    code: str
    title: str
    basis: str
    major_criterion: str


class FindingOut(Schema):
    id: int
    item: int | None
    result: str
    note: str
    description: int | None
    text: str
    becomes: str
    hazard: int | None
    hazard_number: str
    violation: int | None
    deadline: date | None
    checked_by: int
    checked_at: datetime
    latitude: Decimal | None
    longitude: Decimal | None
    photos: list[int] = []
    version: int


class InspectionDetailOut(InspectionOut):
    basis: str
    started_at: datetime | None
    finished_at: datetime | None
    rectification_deadline: date | None
    team: list[MemberOut]
    items: list[ItemOut]
    findings: list[FindingOut]
    actions: list[str] = []

    @staticmethod
    def resolve_items(obj) -> list:
        return obj.item_rows

    @staticmethod
    def resolve_findings(obj) -> list:
        return obj.finding_rows


class InspectionIn(Schema):
    enterprise: int
    planned_on: date
    team: list[int] = Field(
        ..., min_length=2, description="检查人员的用户 id（本单位持证执法人员）"
    )
    lead: int | None = Field(None, description="主办检查人员，默认 team 的第一位")
    experts: list[int] = Field(default_factory=list, description="随行专家的用户 id")
    items: list[int] = Field(default_factory=list, description="检查事项 id")
    origin: Origin = Origin.AD_HOC
    kind: Kind = Kind.ROUTINE
    unannounced: bool = False
    basis: str = Field("", max_length=300)
    joint: list[int] = Field(
        default_factory=list, description="并入本次检查的其他部门检查 id（联合检查）"
    )


class InspectionTransitionIn(Schema):
    action: Literal["start", "sign", "await_recheck", "close", "cancel"]
    reason: str | None = Field(None, max_length=2000)
    comment: str | None = Field(None, max_length=2000)
    lat: Decimal | None = Field(None, description="开始检查时的纬度（可选）")
    lon: Decimal | None = Field(None, description="开始检查时的经度（可选）")


class FindingIn(Schema):
    item: int | None = Field(None, description="检查事项 id；清单外发现的问题不填")
    result: Literal["conform", "nonconform", "na"]
    note: str = Field("", max_length=2000)
    description: int | None = Field(None, description="标准隐患描述 id")
    text: str = Field("", max_length=300, description="问题描述（未选标准描述时）")
    photos: list[int] = Field(default_factory=list, description="已上传照片的附件 id")
    becomes: Literal["hazard", "violation"] | None = None
    deadline: date | None = Field(None, description="整改期限，默认 15 天后")
    facts: str = Field("", max_length=2000, description="违法事实")
    provision: str = Field("", max_length=200, description="违反的规定，默认取检查事项的依据")
    lat: Decimal | None = None
    lon: Decimal | None = None
    version: int | None = Field(None, description="修改已记录的结果时带上其 version")
