"""Writes of the item lists (检查事项清单): drafting a list, its items and their standard hazard
descriptions, publishing (which supersedes the region's previous version of the industry) and
starting a new version from a published one. A published or superseded list is never edited."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from anjian.core import audit
from anjian.core.errors import Conflict, Forbidden, Invalid, NotFound, Problems

from .choices import ItemIndustry, ListStatus
from .models import HazardDescription, InspectionItem, ItemList
from .models.items import DescriptionGrade

ITEM_FIELDS = (
    "code",
    "order",
    "title",
    "method",
    "basis_law",
    "basis_article",
    "major_criterion",
)
SEPARATORS = re.compile(r"[\r\n；;]+")
GRADE_WORDS = {
    "一般": DescriptionGrade.GENERAL,
    "一般隐患": DescriptionGrade.GENERAL,
    "一般事故隐患": DescriptionGrade.GENERAL,
    "general": DescriptionGrade.GENERAL,
    "重大": DescriptionGrade.MAJOR,
    "重大隐患": DescriptionGrade.MAJOR,
    "重大事故隐患": DescriptionGrade.MAJOR,
    "major": DescriptionGrade.MAJOR,
}
MAX_DESCRIPTIONS = 20


@dataclass(frozen=True)
class Description:
    text: str
    grade: str = DescriptionGrade.GENERAL


# ---- who may do what ------------------------------------------------------------------------


def issuing_region(user) -> tuple[str, str] | None:
    """The region code and prefix a government user issues lists for; None for anyone else."""
    scope = user.scope
    if scope.kind not in ("territorial", "sector") or not scope.region_prefix:
        return None
    return scope.region_code, scope.region_prefix


def may_add(user) -> bool:
    return user.has_perm("inspections.add_itemlist") and issuing_region(user) is not None


def in_scope(user, item_list: ItemList) -> bool:
    """The list was issued in the user's jurisdiction (a city officer covers its districts)."""
    region = issuing_region(user)
    return region is not None and item_list.region_prefix.startswith(region[1])


def may_change(user, item_list: ItemList) -> bool:
    return (
        user.has_perm("inspections.change_itemlist")
        and item_list.status == ListStatus.DRAFT
        and in_scope(user, item_list)
    )


def may_publish(user, item_list: ItemList) -> bool:
    return (
        user.has_perm("inspections.publish_itemlist")
        and item_list.status == ListStatus.DRAFT
        and in_scope(user, item_list)
    )


def may_copy(user, item_list: ItemList) -> bool:
    return (
        user.has_perm("inspections.add_itemlist")
        and item_list.status == ListStatus.PUBLISHED
        and in_scope(user, item_list)
    )


def _locked_in_scope(item_list: ItemList) -> ItemList:
    locked = ItemList.objects.select_for_update().filter(pk=item_list.pk).first()
    if locked is None:
        raise NotFound("检查事项清单不存在。")
    return locked


def _check_scope(user, item_list: ItemList) -> None:
    """A draft outside the user's jurisdiction is not seen (404); a published list is seen by
    all, but only its issuing jurisdiction may act on it (403)."""
    if in_scope(user, item_list):
        return
    if item_list.status == ListStatus.DRAFT:
        raise NotFound("检查事项清单不存在或不在您的管辖范围内。")
    raise Forbidden("这份清单由其他机关发布，您无权修改或发布新版本。")


def _locked_draft(user, item_list: ItemList) -> ItemList:
    """The list locked for a change; refused unless it is a draft the user may change."""
    if not user.has_perm("inspections.change_itemlist"):
        raise Forbidden("您无权修改检查事项清单。")
    locked = _locked_in_scope(item_list)
    _check_scope(user, locked)
    if locked.status != ListStatus.DRAFT:
        raise Invalid("已发布的清单不能修改，请先生成新版本再修改。", field="item_list")
    return locked


# ---- lists ----------------------------------------------------------------------------------


def _clean_list_data(data: dict) -> dict:
    problems = Problems()
    title = (data.get("title") or "").strip()
    if not title:
        problems.add("title", "请填写清单名称。")
    elif len(title) > 100:
        problems.add("title", "清单名称不超过 100 个字。")
    industry = data.get("industry") or ""
    if industry not in ItemIndustry.values:
        problems.add("industry", "请选择清单适用的行业。")
    note = (data.get("note") or "").strip()
    if len(note) > 300:
        problems.add("note", "版本说明不超过 300 个字。")
    problems.raise_if_any()
    return {"title": title, "industry": industry, "note": note}


def itemlist_create(*, actor, data: dict) -> ItemList:
    """起草清单: a new draft, version one above the region's latest of the industry."""
    region = issuing_region(actor)
    if not actor.has_perm("inspections.add_itemlist") or region is None:
        raise Forbidden("您无权起草检查事项清单。")
    clean = _clean_list_data(data)
    try:
        with transaction.atomic():
            _industry_versions(region[1], clean["industry"])
            item_list = ItemList.objects.create(
                **clean,
                region_code=region[0],
                region_prefix=region[1],
                version=_next_version(region[1], clean["industry"]),
                created_by=actor,
            )
            audit.record("inspection.itemlist_create", actor=actor, obj=item_list, after=clean)
    except IntegrityError as exc:  # the same version number taken by a concurrent draft
        raise Conflict(VERSION_CLASH) from exc
    return item_list


VERSION_CLASH = "同时有人起草了本辖区同一行业的清单，版本号冲突，请刷新后重试。"


def _industry_versions(prefix: str, industry: str) -> list[ItemList]:
    """Every version of a region's list of an industry, locked in id order before anything
    else: drafting, publishing and new versions of one industry take their turns (a list's
    region and industry never change, so they are read unlocked)."""
    rows = ItemList.objects.select_for_update().filter(region_prefix=prefix, industry=industry)
    return list(rows.order_by("pk"))


def _one_of(versions: list[ItemList], item_list: ItemList) -> ItemList:
    found = next((v for v in versions if v.pk == item_list.pk), None)
    if found is None:
        raise NotFound("检查事项清单不存在。")
    return found


def _next_version(prefix: str, industry: str) -> int:
    latest = (
        ItemList.objects.filter(region_prefix=prefix, industry=industry)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return (latest or 0) + 1


def itemlist_update(*, actor, item_list: ItemList, data: dict) -> ItemList:
    """修改草稿的名称与说明 (the industry of a version stays as drafted; `version` here is the
    list's version number, not an edit counter)."""
    with transaction.atomic():
        locked = _locked_draft(actor, item_list)
        clean = _clean_list_data({**data, "industry": locked.industry})
        before = {"title": locked.title, "note": locked.note}
        locked.title, locked.note = clean["title"], clean["note"]
        locked.updated_by = actor
        locked.save(update_fields=["title", "note", "updated_by", "updated_at"])
        after = {"title": locked.title, "note": locked.note}
        audit.record(
            "inspection.itemlist_update", actor=actor, obj=locked, before=before, after=after
        )
    return locked


# ---- items and their descriptions -----------------------------------------------------------


def parse_descriptions(texts: str, grades: str = "") -> list[Description]:
    """Descriptions separated by line breaks or "；", with one grade for all of them or one per
    description ("一般" / "重大"), separated the same way; a description starting with "重大："
    is major whatever the grade. Raises `Invalid` (field `descriptions` or `grades`)."""
    parts = [p.strip() for p in SEPARATORS.split(texts or "") if p.strip()]
    marks = [g.strip() for g in SEPARATORS.split(grades or "") if g.strip()]
    if len(parts) > MAX_DESCRIPTIONS:
        raise Invalid(f"每个事项最多 {MAX_DESCRIPTIONS} 条隐患描述。", field="descriptions")
    if marks and len(marks) not in (1, len(parts)):
        raise Invalid(
            f"隐患等级应填一个（适用于全部描述）或与描述条数相同（{len(parts)} 个）。",
            field="grades",
        )
    result = []
    for index, part in enumerate(parts):
        grade = DescriptionGrade.GENERAL
        if marks:
            mark = marks[0] if len(marks) == 1 else marks[index]
            if mark not in GRADE_WORDS:
                raise Invalid(f"隐患等级只能填“一般”或“重大”，填写的是“{mark}”。", field="grades")
            grade = GRADE_WORDS[mark]
        for prefix in ("重大：", "重大:"):  # marks this one major, whatever the row's grade
            if part.startswith(prefix):
                part, grade = part[len(prefix) :].strip(), DescriptionGrade.MAJOR
        if len(part) > 300:
            raise Invalid(f"第 {index + 1} 条隐患描述超过 300 个字。", field="descriptions")
        result.append(Description(part, grade))
    return result


def _clean_item(data: dict) -> dict:
    """The item's fields, trimmed and checked; every problem reported at once."""
    problems = Problems()
    clean: dict = {}
    fields = {f.name: f for f in InspectionItem._meta.fields}
    required = {"code": "事项编号", "title": "检查内容", "basis_law": "法律依据"}
    for name in ITEM_FIELDS:
        if name == "order":
            continue
        value = str(data.get(name) or "").strip()
        if name in required and not value:
            problems.add(name, f"请填写{required[name]}。")
        elif len(value) > (fields[name].max_length or 0):
            label = fields[name].verbose_name
            problems.add(name, f"{label}不超过 {fields[name].max_length} 个字。")
        clean[name] = value
    order = data.get("order")
    try:
        clean["order"] = int(order) if order not in (None, "") else 0
    except (TypeError, ValueError):
        problems.add("order", "序号应为整数。")
    else:
        if not 0 <= clean["order"] <= 100000:
            problems.add("order", "序号应在 0 到 100000 之间。")
    problems.raise_if_any()
    return clean


def check_item(*, item_list: ItemList, data: dict, exclude: int | None = None) -> dict:
    """Validate one item for a list (also used row by row by the import): fields, and a code
    not yet used in the list."""
    clean = _clean_item(data)
    taken = InspectionItem.objects.filter(item_list=item_list, code=clean["code"])
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise Invalid(f"本清单已有编号为“{clean['code']}”的事项。", field="code")
    return clean


def _save_descriptions(item: InspectionItem, descriptions: Sequence[Description]) -> None:
    HazardDescription.objects.bulk_create(
        HazardDescription(item=item, text=d.text, grade=d.grade) for d in descriptions
    )


def item_add(
    *, actor, item_list: ItemList, data: dict, descriptions: Sequence[Description] = ()
) -> InspectionItem:
    """添加检查事项 (with its standard hazard descriptions) to a draft list."""
    with transaction.atomic():
        locked = _locked_draft(actor, item_list)
        clean = check_item(item_list=locked, data=data)
        item = InspectionItem.objects.create(item_list=locked, **clean)
        _save_descriptions(item, descriptions)
        audit.record(
            "inspection.item_add",
            actor=actor,
            obj=item,
            after={**clean, "list": locked.pk, "descriptions": [d.text for d in descriptions]},
        )
    return item


def item_update(
    *, actor, item: InspectionItem, data: dict, descriptions: Sequence[Description]
) -> InspectionItem:
    """修改草稿中的事项; its descriptions are replaced by those given."""
    with transaction.atomic():
        _locked_draft(actor, item.item_list)
        clean = check_item(item_list=item.item_list, data=data, exclude=item.pk)
        before = {name: getattr(item, name) for name in ITEM_FIELDS}
        before["descriptions"] = list(item.descriptions.values_list("text", flat=True))
        for name, value in clean.items():
            setattr(item, name, value)
        item.save()
        item.descriptions.all().delete()  # a draft's descriptions: nothing points at them yet
        _save_descriptions(item, descriptions)
        after = {**clean, "descriptions": [d.text for d in descriptions]}
        audit.record("inspection.item_update", actor=actor, obj=item, before=before, after=after)
    return item


# ---- publishing and versions ----------------------------------------------------------------


def itemlist_publish(*, actor, item_list: ItemList) -> ItemList:
    """发布: the draft is frozen, and the region's published version of the industry becomes
    superseded (inspections keep pointing at its items)."""
    if not actor.has_perm("inspections.publish_itemlist"):
        raise Forbidden("您无权发布检查事项清单。")
    with transaction.atomic():
        versions = _industry_versions(item_list.region_prefix, item_list.industry)
        locked = _one_of(versions, item_list)
        _check_scope(actor, locked)
        if locked.status != ListStatus.DRAFT:
            raise Invalid("只有草稿可以发布。", field="item_list")
        if not locked.items.exists():
            raise Invalid("清单还没有检查事项，不能发布。", field="item_list")
        current = [v for v in versions if v.status == ListStatus.PUBLISHED and v.pk != locked.pk]
        for old in current:
            old.status = ListStatus.SUPERSEDED
            old.save(update_fields=["status", "updated_at"])
            audit.record(
                "inspection.itemlist_supersede",
                actor=actor,
                obj=old,
                after={"superseded_by": locked.pk, "version": locked.version},
            )
        locked.status = ListStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = actor
        locked.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        audit.record(
            "inspection.itemlist_publish",
            actor=actor,
            obj=locked,
            after={"version": locked.version, "items": locked.items.count()},
        )
    return locked


def itemlist_new_version(*, actor, item_list: ItemList) -> ItemList:
    """新版本: a draft copy (items and descriptions) of a published list, one version up."""
    if not actor.has_perm("inspections.add_itemlist"):
        raise Forbidden("您无权起草检查事项清单。")
    with transaction.atomic():
        versions = _industry_versions(item_list.region_prefix, item_list.industry)
        source = _one_of(versions, item_list)
        _check_scope(actor, source)
        if source.status != ListStatus.PUBLISHED:
            raise Invalid("只能从现行发布的清单生成新版本。", field="item_list")
        if any(v.previous_id == source.pk and v.status == ListStatus.DRAFT for v in versions):
            raise Invalid("该清单已有待发布的新版本草稿，请在草稿上修改。", field="item_list")
        draft = ItemList.objects.create(
            region_code=source.region_code,
            region_prefix=source.region_prefix,
            industry=source.industry,
            title=source.title,
            note="",
            version=_next_version(source.region_prefix, source.industry),
            previous=source,
            created_by=actor,
        )
        copied = _copy_items(source, draft)
        audit.record(
            "inspection.itemlist_new_version",
            actor=actor,
            obj=draft,
            after={"from": source.pk, "version": draft.version, "items": copied},
        )
    return draft


def _copy_items(source: ItemList, draft: ItemList) -> int:
    items = list(source.items.order_by("order", "code", "pk").prefetch_related("descriptions"))
    copies = InspectionItem.objects.bulk_create(
        InspectionItem(item_list=draft, **{name: getattr(i, name) for name in ITEM_FIELDS})
        for i in items
    )
    by_code = {copy.code: copy for copy in copies}
    if any(copy.pk is None for copy in copies):  # a backend without RETURNING on bulk insert
        by_code = {i.code: i for i in draft.items.all()}
    HazardDescription.objects.bulk_create(
        HazardDescription(item=by_code[i.code], text=d.text, grade=d.grade)
        for i in items
        for d in i.descriptions.all()
    )
    return len(items)


# ---- import -------------------------------------------------------------------------------


def items_write(*, actor, item_list: ItemList, rows: Iterable[tuple[dict, list]]) -> int:
    """The import's write: every checked row added to the draft in one transaction, audited as
    one event. A code taken by a concurrent change refuses the whole import."""
    with transaction.atomic():
        locked = _locked_draft(actor, item_list)
        count = 0
        for data, descriptions in rows:
            clean = check_item(item_list=locked, data=data)
            item = InspectionItem.objects.create(item_list=locked, **clean)
            _save_descriptions(item, descriptions)
            count += 1
        audit.record("inspection.item_import", actor=actor, obj=locked, after={"count": count})
    return count
