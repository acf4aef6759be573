from __future__ import annotations

from typing import Any, Literal

from ninja import Query, Router, Schema

from anjian.core.pagination import paginate
from anjian.core.schemas import ERRORS, Page, PageQuery

from . import selectors
from .models import Region

router = Router(tags=["区划"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    prefix: str
    parent: str | None

    @staticmethod
    def resolve_parent(obj: Region) -> str | None:
        return obj.parent.code if obj.parent_id else None


class RegionFilter(Schema):
    parent: str | None = None
    level: str | None = None
    q: str | None = None


class GridOut(Schema):
    id: int
    code: str
    name: str
    township: str
    responsible_name: str

    @staticmethod
    def resolve_township(obj) -> str:
        return obj.township.code


class SectorOut(Schema):
    id: int
    code: str
    name: str


@router.get("/regions", response={200: Page[RegionOut], **ERRORS}, exclude_unset=True)
def regions(request, filters: Query[RegionFilter], page: Query[PageQuery]):
    """我辖区内的区划（按代码排序）。`parent` 取下级，`level` 按级别筛选。"""
    qs = selectors.regions_for(request.user, **filters.dict()).select_related("parent")
    return paginate(
        qs, order=("code",), cursor=page.cursor, limit=page.limit, with_count=page.with_count
    )


@router.get("/regions/{code}", response={200: RegionOut, **ERRORS})
def region(request, code: str):
    """一个区划（不在辖区内与不存在同样返回 404）。"""
    return Region.objects.select_related("parent").get_visible(request.user, code=code)


@router.get("/grids", response={200: Page[GridOut], **ERRORS}, exclude_unset=True)
def grids(request, page: Query[PageQuery], township: str | None = None):
    """我辖区内的网格。"""
    qs = selectors.grids_for(request.user, township=township)
    return paginate(
        qs, order=("code",), cursor=page.cursor, limit=page.limit, with_count=page.with_count
    )


@router.get("/sectors", response={200: list[SectorOut], **ERRORS})
def sectors(request):
    """监管行业（公共参考数据）。"""
    return list(selectors.sectors())


class BoundaryProperties(Schema):
    code: str
    name: str
    level: str  # province, city, county, township, village, or grid


class BoundaryFeature(Schema):
    type: Literal["Feature"]
    properties: BoundaryProperties
    geometry: dict[str, Any]


class BoundaryCollection(Schema):
    type: Literal["FeatureCollection"]
    features: list[BoundaryFeature]


@router.get("/boundaries", response={200: BoundaryCollection, **ERRORS})
def boundaries(request):
    """我辖区内区划与网格的边界（GeoJSON FeatureCollection，WGS 84 经纬度），用作离线底图。

    先上级后下级；`level` 为 city / county / township / village / grid。
    """
    return selectors.boundaries_for(request.user)
