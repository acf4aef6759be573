"""One filter definition per list of the plans part: the page and the API share it."""

from __future__ import annotations

from typing import ClassVar, Literal

from django.utils import timezone
from pydantic import Field

from anjian.core.records.filters import FilterSet

from .choices import PlanStatus


class PlanFilters(FilterSet):
    year: int | None = Field(default=None, ge=2000, le=2100, description="年度")
    status: PlanStatus | None = Field(default=None, description="状态")
    q: str | None = Field(default=None, max_length=100, description="计划名称")
    sort: Literal["-year", "title"] | None = None

    exact: ClassVar = {"year": "year", "status": "status"}
    search: ClassVar = ("title",)
    sorts: ClassVar = {"-year": ("-year", "-id"), "title": ("title", "id")}
    sort_labels: ClassVar = {"-year": "按年度（新在前）", "title": "按名称"}
    default_sort: ClassVar = "-year"


class ClassFilters(FilterSet):
    year: int | None = Field(default=None, ge=2000, le=2100, description="年度，默认今年")
    category: str | None = Field(default=None, max_length=40, description="监管类别")
    sector: str | None = Field(default=None, max_length=30, description="监管行业代码")
    region: str | None = Field(default=None, max_length=12, description="区划代码（含下级）")
    q: str | None = Field(default=None, max_length=100, description="企业名称")
    sort: Literal["-cap", "name", "-weight"] | None = None

    region_field: ClassVar = "region_code"
    exact: ClassVar = {"category": "category", "sector": "enterprise__sector__code"}
    search: ClassVar = ("enterprise__name",)
    sorts: ClassVar = {
        "-cap": ("-cap", "enterprise__name", "id"),
        "name": ("enterprise__name", "id"),
        "-weight": ("-weight", "enterprise__name", "id"),
    }
    sort_labels: ClassVar = {"-cap": "按年度上限", "name": "按企业名称", "-weight": "按抽查权重"}
    default_sort: ClassVar = "-cap"

    def refine(self, qs):
        return qs.filter(year=self.year or timezone.localdate().year)
