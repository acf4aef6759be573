"""One filter definition per list: risk points and major hazard sources (page, API, export)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from anjian.core.choices import RiskGrade
from anjian.core.records.filters import FilterSet

from .choices import SourceStatus


class RiskPointFilters(FilterSet):
    enterprise: int | None = None
    level: RiskGrade | None = Field(
        default=None, description="major 红、larger 橙、general 黄、low 蓝"
    )
    sort: Literal["enterprise", "-score"] | None = None

    exact: ClassVar = {"enterprise": "enterprise_id", "level": "level"}
    sorts: ClassVar = {
        "enterprise": ("enterprise_id", "-score", "id"),
        "-score": ("-score", "id"),
    }
    sort_labels: ClassVar = {"-score": "风险值从高到低"}
    default_sort: ClassVar = "enterprise"


class SourceFilters(FilterSet):
    enterprise: int | None = None
    status: SourceStatus | None = Field(default=None, description="filed：已备案登记册")
    grade: Literal["一级", "二级", "三级", "四级"] | None = None

    exact: ClassVar = {"enterprise": "enterprise_id", "status": "status", "grade": "grade"}
    sorts: ClassVar = {"enterprise": ("enterprise_id", "name", "id")}
    default_sort: ClassVar = "enterprise"
