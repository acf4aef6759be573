from __future__ import annotations

from ninja import Query, Router, Schema

from anjian.core.pagination import paginate
from anjian.core.schemas import ERRORS, Page, PageQuery

from . import selectors
from .models import Enterprise

router = Router(tags=["企业台帐"])


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    region_code: str
    region_name: str
    grid: str | None
    sector: str
    sector_name: str
    status: str
    address: str

    @staticmethod
    def resolve_region_name(obj: Enterprise) -> str:
        return obj.region.name

    @staticmethod
    def resolve_grid(obj: Enterprise) -> str | None:
        return obj.grid.code if obj.grid_id else None

    @staticmethod
    def resolve_sector(obj: Enterprise) -> str:
        return obj.sector.code

    @staticmethod
    def resolve_sector_name(obj: Enterprise) -> str:
        return obj.sector.name


class EnterpriseFilter(Schema):
    region: str | None = None
    sector: str | None = None
    status: str | None = None
    q: str | None = None


@router.get("/enterprises", response={200: Page[EnterpriseOut], **ERRORS}, exclude_unset=True)
def enterprises(request, filters: Query[EnterpriseFilter], page: Query[PageQuery]):
    """我辖区内的企业。`region` 为区划代码前缀（含下级），`sector` 为行业代码。"""
    qs = selectors.enterprises_for(request.user, **filters.dict())
    return paginate(qs, order=("id",), cursor=page.cursor, limit=page.limit,
                    with_count=page.with_count)  # fmt: skip


@router.get("/enterprises/{enterprise_id}", response={200: EnterpriseOut, **ERRORS})
def enterprise(request, enterprise_id: int):
    """一家企业（不在辖区内与不存在同样返回 404）。"""
    return selectors.enterprise_for(request.user, enterprise_id)
