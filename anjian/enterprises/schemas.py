"""API shapes of the registry. Personal data leaves the server masked; see the reveal endpoints."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field

from anjian.core.masking import mask_id_number, mask_phone

from .models import Enterprise

# Read from the row and sent masked: the full value only through the reveal endpoints.
MaskedPhone = Annotated[str, AfterValidator(mask_phone)]
MaskedIdNumber = Annotated[str, AfterValidator(mask_id_number)]


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    legal_representative: str
    principal_name: str
    principal_phone: MaskedPhone
    safety_manager_name: str
    safety_manager_phone: MaskedPhone
    address: str
    region_code: str
    region_name: str = Field(validation_alias="region.name")
    grid: str | None
    longitude: Decimal | None
    latitude: Decimal | None
    industry_code: str
    industry_name: str
    sector: str = Field(validation_alias="sector.code")
    sector_name: str = Field(validation_alias="sector.name")
    employees: int | None
    above_designated_size: bool
    standardization_grade: str
    standardization_expires_on: date | None
    risk_grade: str
    supervision_class: str
    status: str
    nearest_licence_expiry: date | None = Field(None, validation_alias="nearest_expiry")
    version: int

    @staticmethod
    def resolve_grid(obj: Enterprise) -> str | None:
        return obj.grid.code if obj.grid_id else None


class EnterpriseIn(Schema):
    """Fields for create and update. Region and grid by code, sector by code."""

    name: str | None = Field(default=None, max_length=100)
    credit_code: str | None = Field(default=None, max_length=30)
    legal_representative: str | None = Field(default=None, max_length=30)
    principal_name: str | None = Field(default=None, max_length=30)
    principal_phone: str | None = Field(default=None, max_length=20)
    safety_manager_name: str | None = Field(default=None, max_length=30)
    safety_manager_phone: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=200)
    region: str | None = Field(default=None, description="乡镇（街道）区划代码")
    grid: str | None = Field(default=None, description="网格编码")
    # Checked by the registry's rules with the others (range, China, the region's box), so one
    # answer names every field that is wrong.
    longitude: Decimal | None = Field(
        default=None, description="经度（小数度数），须在所属区划范围内"
    )
    latitude: Decimal | None = Field(default=None, description="纬度（小数度数），与经度同时填写")
    industry_code: str | None = Field(default=None, max_length=5)
    industry_name: str | None = Field(default=None, max_length=60)
    sector: str | None = Field(default=None, description="监管行业代码")
    employees: int | None = Field(default=None, ge=0)
    above_designated_size: bool | None = None
    standardization_grade: str | None = None
    standardization_expires_on: date | None = None
    risk_grade: str | None = Field(default=None, description="major / larger / general / low")
    supervision_class: str | None = Field(default=None, description="A / B / C / D")


class EnterpriseDetailOut(EnterpriseOut):
    actions: list[str] = Field(
        [], description="当前用户现在可执行的经营状态操作（suspend / resume / close / deregister）"
    )


class StatusIn(Schema):
    action: Literal["suspend", "resume", "close", "deregister"]
    reason: str = Field(..., min_length=1, max_length=500)


class RevealIn(Schema):
    field: str = Field(..., description="principal_phone | safety_manager_phone")


class RevealOut(Schema):
    field: str
    value: str


class LicenceOut(Schema):
    id: int
    kind: str
    kind_name: str
    number: str
    issuer: str
    issued_on: date
    expires_on: date
    state: str
    version: int

    @staticmethod
    def resolve_kind_name(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_state(obj) -> str:
        from .selectors import licence_state

        return licence_state(obj)


class LicenceIn(Schema):
    kind: str
    number: str = Field(..., min_length=1, max_length=60)
    issuer: str = Field(default="", max_length=60)
    issued_on: date
    expires_on: date | None = Field(
        default=None, description="不填则按法定有效期计算（安全生产许可证 3 年）"
    )
    scope_text: str = Field(default="", max_length=300)


class PersonOut(Schema):
    id: int
    name: str
    role: str
    id_number: MaskedIdNumber
    phone: MaskedPhone
    certificates: str
    version: int


class PersonIn(Schema):
    name: str = Field(..., min_length=1, max_length=30)
    role: str
    id_number: str = Field(default="", max_length=18)
    phone: str = Field(default="", max_length=20)
    certificates: str = Field(default="", max_length=200)
