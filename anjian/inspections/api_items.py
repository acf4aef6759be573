"""API of the inspections app's items part: the published check items (with their lists, legal
basis and standard hazard descriptions), adding an item to a draft list, and the lists."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Query, Router, Schema, Status
from pydantic import Field

from anjian.core.errors import Forbidden
from anjian.core.pagination import paginate
from anjian.core.records.api import WRITE_ERRORS
from anjian.core.schemas import ERRORS, Page, PageQuery

from . import selectors_items, services_items
from .filters_items import ItemFilters, ItemListFilters

router = Router(tags=["监督检查"])


class DescriptionOut(Schema):
    id: int
    text: str
    grade: str = Field(description="general（一般事故隐患）或 major（重大事故隐患）")


class ItemOut(Schema):
    id: int
    item_list: int = Field(validation_alias="item_list_id", description="所属清单 id")
    list_title: str
    industry: str
    industry_label: str
    version: int = Field(description="所属清单的版本号")
    list_status: str
    code: str
    order: int
    title: str = Field(description="检查内容")
    method: str = Field(description="检查方法")
    basis_law: str = Field(description="法律依据")
    basis_article: str = Field(description="条款")
    major_criterion: str = Field(description="对应的重大事故隐患判定标准；空为不属于")
    descriptions: list[DescriptionOut]

    @staticmethod
    def resolve_list_title(obj) -> str:
        return obj.item_list.title

    @staticmethod
    def resolve_industry(obj) -> str:
        return obj.item_list.industry

    @staticmethod
    def resolve_industry_label(obj) -> str:
        return obj.item_list.get_industry_display()

    @staticmethod
    def resolve_version(obj) -> int:
        return obj.item_list.version

    @staticmethod
    def resolve_list_status(obj) -> str:
        return obj.item_list.status

    @staticmethod
    def resolve_descriptions(obj) -> list:
        return list(obj.descriptions.all())


class DescriptionIn(Schema):
    text: str = Field(..., min_length=1, max_length=300, description="标准隐患描述")
    grade: Literal["general", "major"] = Field("general", description="隐患等级")


class ItemIn(Schema):
    item_list: int = Field(..., description="草稿清单 id")
    code: str = Field(..., min_length=1, max_length=20, description="事项编号，清单内不重复")
    order: int = Field(0, ge=0, le=100000, description="序号")
    title: str = Field(..., min_length=1, max_length=300, description="检查内容")
    method: str = Field("", max_length=300, description="检查方法")
    basis_law: str = Field(..., min_length=1, max_length=100, description="法律依据")
    basis_article: str = Field("", max_length=60, description="条款")
    major_criterion: str = Field("", max_length=200, description="对应重大事故隐患判定标准")
    descriptions: list[DescriptionIn] = Field(default_factory=list, max_length=20)


class ItemListOut(Schema):
    id: int
    title: str
    industry: str
    industry_label: str
    version: int
    status: str
    status_label: str
    region_code: str = Field(description="发布机关区划代码")
    published_at: datetime | None
    note: str

    @staticmethod
    def resolve_industry_label(obj) -> str:
        return obj.get_industry_display()

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()


@router.get(
    "/inspection-items",
    response={200: Page[ItemOut], **ERRORS},
    operation_id="inspection_items_list",
)
def inspection_items_list(request, filters: Query[ItemFilters], page: Query[PageQuery]) -> dict:
    """现行发布的检查事项：所属清单、行业、版本、法律依据、对应的重大事故隐患判定标准和标准隐患
    描述。可按行业（industry）、清单（item_list）和关键词（q：检查内容、事项编号、法律依据）
    筛选；按清单、序号排列，用 next_cursor 翻页。草稿清单的事项不在此列出。"""
    qs = selectors_items.items_listed(request.user, filters)
    return paginate(
        qs,
        order=("item_list_id", "order", "id"),
        cursor=page.cursor,
        limit=page.limit,
        with_count=page.with_count,
    )


@router.post(
    "/inspection-items",
    response={201: ItemOut, **WRITE_ERRORS},
    operation_id="inspection_items_create",
)
def inspection_items_create(request, payload: ItemIn):
    """向草稿清单添加一个检查事项及其标准隐患描述。只能添加到本机关辖区内、尚未发布的清单；
    已发布的清单不能修改（422），请先生成新版本。事项编号在清单内不得重复（422）。"""
    user = request.user
    if not user.has_perm("inspections.change_itemlist"):
        raise Forbidden("您无权修改检查事项清单。")
    item_list = selectors_items.list_for(user, payload.item_list)
    data = payload.dict(exclude={"item_list", "descriptions"})
    descriptions = [
        services_items.Description(d.text.strip(), d.grade) for d in payload.descriptions
    ]
    item = services_items.item_add(
        actor=user, item_list=item_list, data=data, descriptions=descriptions
    )
    return Status(201, selectors_items.item_for(user, item.pk))


@router.get(
    "/inspection-item-lists",
    response={200: Page[ItemListOut], **ERRORS},
    operation_id="inspection_item_lists_list",
)
def inspection_item_lists_list(
    request, filters: Query[ItemListFilters], page: Query[PageQuery]
) -> dict:
    """检查事项清单：全部现行发布的清单，以及本机关辖区内的草稿和已被替代的旧版本。可按行业
    （industry）、状态（status）和清单名称（q）筛选，用 next_cursor 翻页。"""
    qs = selectors_items.lists_for(request.user, filters)
    return paginate(
        qs, order=("id",), cursor=page.cursor, limit=page.limit, with_count=page.with_count
    )
