"""Reads of the item lists: what a user may see (every published list; drafts and superseded
versions only in the issuing jurisdiction), the published items other parts build checklists
from, and the public page's lists."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404

from anjian.core.scoping import within_region
from anjian.regions.selectors import Region

from .choices import ItemIndustry, ListStatus
from .filters_items import ItemFilters
from .models import HazardDescription, InspectionItem, ItemList

# The project's sector codes (regions.seeds.SECTORS) and the item lists that apply to them.
# 工贸 covers the eight sectors of 应急管理部令第10号; dust and confined-space lists apply to all
# of them (whether a plant handles combustible dust is not in the register).
TRADE = (ItemIndustry.INDUSTRY_TRADE, ItemIndustry.DUST, ItemIndustry.CONFINED)
SECTOR_INDUSTRIES: dict[str, tuple[str, ...]] = {
    "hazardous_chemicals": (ItemIndustry.HAZCHEM,),
    "fireworks": (ItemIndustry.FIREWORKS,),
    "non_coal_mining": (ItemIndustry.NONCOAL_MINE,),
    "metallurgy": TRADE,
    "nonferrous": TRADE,
    "building_materials": TRADE,
    "machinery": TRADE,
    "light_industry": TRADE,
    "textiles": TRADE,
    "tobacco": TRADE,
    "commerce": TRADE,
    "construction": (ItemIndustry.CONSTRUCTION,),
    "crowded_places": (ItemIndustry.CROWDED_FIRE,),
}


def industries_for_sector(sector_code: str) -> tuple[str, ...]:
    """The industries whose lists apply to a sector, 通用 always included."""
    return (*SECTOR_INDUSTRIES.get(sector_code, ()), ItemIndustry.GENERAL)


def _issued_within(user) -> Q | None:
    """Lists issued in the user's jurisdiction: a region at or under the user's."""
    scope = user.scope
    if scope.kind not in ("territorial", "sector") or not scope.region_prefix:
        return None
    return within_region("region_code", scope.region_prefix)


def lists_for(user, filters=None) -> QuerySet[ItemList]:
    """Every published list, and the drafts and superseded versions issued in the user's
    jurisdiction; filtered by industry and status."""
    if not user.has_perm("inspections.view_itemlist"):
        return ItemList.objects.none()
    seen = Q(status=ListStatus.PUBLISHED)
    own = _issued_within(user)
    if own is not None:
        seen |= own
    qs = ItemList.objects.live().filter(seen)
    if filters is None:
        return qs.order_by("industry", "-version", "-id")
    return filters.apply(qs).order_by(*filters.ordering())


def list_for(user, pk: int) -> ItemList:
    """One list the user may see; 404 as for a missing one otherwise."""
    found = lists_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404("检查事项清单不存在。")
    return found


def item_for(user, pk: int) -> InspectionItem:
    found = InspectionItem.objects.filter(pk=pk, item_list__in=lists_for(user)).first()
    if found is None:
        raise Http404("检查事项不存在。")
    return found


def items_of(item_list: ItemList) -> QuerySet[InspectionItem]:
    """A list's items in order, their descriptions prefetched (two queries)."""
    return item_list.items.order_by("order", "code", "pk").prefetch_related("descriptions")


def items_listed(user, filters: ItemFilters) -> QuerySet[InspectionItem]:
    """The API's items: those of the published lists, filtered (a draft's items are read on
    its list's page)."""
    if not user.has_perm("inspections.view_inspectionitem"):
        return InspectionItem.objects.none()
    return filters.apply(published_items()).prefetch_related("descriptions")


def published_items(industry: str | None = None) -> QuerySet[InspectionItem]:
    """检查事项 of the published lists (of one industry when given)."""
    qs = InspectionItem.objects.filter(
        item_list__status=ListStatus.PUBLISHED, item_list__voided_at__isnull=True
    )
    if industry:
        qs = qs.filter(item_list__industry=industry)
    return qs.select_related("item_list").order_by(
        "item_list__industry", "item_list_id", "order", "code", "pk"
    )


def items_for_enterprise(enterprise) -> QuerySet[InspectionItem]:
    """The published items that apply to an enterprise: the lists of its sector's industries
    and the 通用 list, issued by a region at or above the enterprise's."""
    code = enterprise.sector.code if enterprise.sector_id else ""
    issuers = [
        lst.pk
        for lst in ItemList.objects.live()
        .filter(status=ListStatus.PUBLISHED, industry__in=industries_for_sector(code))
        .only("pk", "region_prefix")
        if enterprise.region_code.startswith(lst.region_prefix)
    ]
    return published_items().filter(item_list_id__in=issuers)


def descriptions_for(item_ids: Iterable[int]) -> dict[int, list[HazardDescription]]:
    """The standard hazard descriptions of the given items, by item id, in order."""
    found: dict[int, list[HazardDescription]] = {}
    for description in HazardDescription.objects.filter(item_id__in=list(item_ids)).order_by(
        "item_id", "pk"
    ):
        found.setdefault(description.item_id, []).append(description)
    return found


def public_lists() -> QuerySet[ItemList]:
    """What the public page shows: the published lists only."""
    return (
        ItemList.objects.live()
        .filter(status=ListStatus.PUBLISHED)
        .order_by("industry", "region_code", "-version")
    )


def issuer_names(lists: Iterable[ItemList]) -> dict[str, str]:
    """The issuing regions' names by code (one query): 示范市, 东湖区…"""
    codes = {x.region_code for x in lists}
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
