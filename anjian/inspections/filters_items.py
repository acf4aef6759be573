"""The filters of the item lists: one for the lists (page), one for the published items (API)."""

from __future__ import annotations

from typing import ClassVar, Literal

from django.db.models import Q
from pydantic import Field

from anjian.core.records.filters import FilterSet

from .choices import ItemIndustry, ListStatus


class ItemListFilters(FilterSet):
    industry: ItemIndustry | None = Field(None, description="行业")
    status: ListStatus | None = Field(None, description="状态")
    q: str | None = Field(None, max_length=100, description="清单名称")
    sort: Literal["industry", "-published_at"] | None = None

    exact: ClassVar = {"industry": "industry", "status": "status"}
    search: ClassVar = ("title",)
    sorts: ClassVar = {
        "industry": ("industry", "-version", "-id"),
        "-published_at": ("-published_at", "-id"),
    }
    sort_labels: ClassVar = {"industry": "按行业、新版本在前", "-published_at": "最近发布在前"}
    default_sort: ClassVar = "industry"


class ItemFilters(FilterSet):
    industry: ItemIndustry | None = Field(None, description="行业")
    item_list: int | None = Field(None, description="清单 id")
    q: str | None = Field(None, max_length=100, description="检查内容、事项编号或法律依据")

    exact: ClassVar = {"industry": "item_list__industry", "item_list": "item_list_id"}

    def match(self, text: str) -> Q:
        return Q(title__contains=text) | Q(code__contains=text) | Q(basis_law__contains=text)
