"""One filter definition per list of the plans part: the page and the API share it."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from anjian.core.records.filters import FilterSet

from .choices import PlanStatus


class PlanFilters(FilterSet):
    year: int | None = Field(None, ge=2000, le=2100, description="年度")
    status: PlanStatus | None = Field(None, description="状态")
    q: str | None = Field(None, max_length=100, description="计划名称")
    sort: Literal["-year", "title"] | None = None

    exact: ClassVar = {"year": "year", "status": "status"}
    search: ClassVar = ("title",)
    sorts: ClassVar = {"-year": ("-year", "-id"), "title": ("title", "id")}
    sort_labels: ClassVar = {"-year": "按年度（新在前）", "title": "按名称"}
    default_sort: ClassVar = "-year"
