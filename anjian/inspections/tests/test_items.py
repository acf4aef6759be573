"""Item lists: drafting, publishing (which supersedes), new versions, permission and scope,
audit; the selectors other parts build checklists from."""

import pytest

from anjian.core.errors import Forbidden, Invalid, NotFound
from anjian.core.models import AuditEvent
from anjian.enterprises.models import Enterprise
from anjian.inspections import selectors_items, services_items
from anjian.inspections.choices import ItemIndustry, ListStatus
from anjian.inspections.models import HazardDescription, InspectionItem, ItemList

ITEM = {"code": "X-01", "title": "是否建立全员安全生产责任制", "basis_law": "《安全生产法》"}


def published(industry):
    return ItemList.objects.get(industry=industry, status=ListStatus.PUBLISHED)


@pytest.fixture
def draft(personas):
    item_list = services_items.itemlist_create(
        actor=personas["district"],
        data={"title": "东湖区烟花爆竹检查事项清单", "industry": ItemIndustry.FIREWORKS},
    )
    services_items.item_add(
        actor=personas["district"],
        item_list=item_list,
        data=ITEM,
        descriptions=services_items.parse_descriptions("未建立；重大：责任制流于形式"),
    )
    return item_list


def test_a_draft_is_numbered_in_its_region_and_audited(personas, draft):
    assert draft.status == ListStatus.DRAFT
    assert (draft.region_prefix, draft.version) == ("990102", 1)
    item = draft.items.get()
    assert [(d.text, d.grade) for d in item.descriptions.all()] == [
        ("未建立", "general"),
        ("责任制流于形式", "major"),
    ]
    events = AuditEvent.objects.filter(event_type__startswith="inspection.item")
    assert {"inspection.itemlist_create", "inspection.item_add"} <= set(
        events.values_list("event_type", flat=True)
    )


def test_it_refuses_drafting_without_the_right(personas):
    for name in ("township", "ent_manager", "sysadmin"):
        with pytest.raises(Forbidden):
            services_items.itemlist_create(
                actor=personas[name], data={"title": "清单", "industry": "general"}
            )


def test_it_reports_every_bad_field_at_once(personas, draft):
    with pytest.raises(Invalid) as refused:
        services_items.item_add(
            actor=personas["district"], item_list=draft, data={"code": "", "order": "x"}
        )
    fields = {e["field"] for e in refused.value.details["errors"]}
    assert fields == {"code", "title", "basis_law", "order"}
    with pytest.raises(Invalid, match="已有编号"):
        services_items.item_add(actor=personas["district"], item_list=draft, data=ITEM)


def test_another_district_cannot_change_or_see_the_draft(personas, draft):
    with pytest.raises(NotFound):
        services_items.item_add(
            actor=personas["district_b"], item_list=draft, data={**ITEM, "code": "X-02"}
        )
    assert not selectors_items.lists_for(personas["district_b"]).filter(pk=draft.pk).exists()
    # the city covers its districts
    services_items.item_add(actor=personas["city"], item_list=draft, data={**ITEM, "code": "X-02"})
    assert selectors_items.lists_for(personas["city"]).filter(pk=draft.pk).exists()


def test_publishing_freezes_the_list_and_supersedes_the_previous_version(personas):
    city = personas["city"]
    old = published(ItemIndustry.HAZCHEM)
    draft = services_items.itemlist_new_version(actor=city, item_list=old)
    assert draft.version == old.version + 1 and draft.previous == old
    assert draft.items.count() == old.items.count()
    assert HazardDescription.objects.filter(item__item_list=draft).count() == (
        HazardDescription.objects.filter(item__item_list=old).count()
    )
    with pytest.raises(Invalid, match="已有待发布的新版本"):
        services_items.itemlist_new_version(actor=city, item_list=old)
    services_items.itemlist_publish(actor=city, item_list=draft)
    old.refresh_from_db()
    draft.refresh_from_db()
    assert (old.status, draft.status) == (ListStatus.SUPERSEDED, ListStatus.PUBLISHED)
    assert AuditEvent.objects.filter(
        event_type="inspection.itemlist_supersede", object_id=str(old.pk)
    ).exists()
    with pytest.raises(Invalid, match="已发布的清单不能修改"):
        services_items.item_add(actor=city, item_list=draft, data={**ITEM, "code": "Z"})
    with pytest.raises(Invalid, match="只能从现行发布的清单"):
        services_items.itemlist_new_version(actor=city, item_list=old)
    # the old version's items stay for the inspections that used them
    assert old.items.exists()
    assert not selectors_items.published_items().filter(item_list=old).exists()


def test_publishing_needs_the_right_and_items(personas, draft):
    with pytest.raises(Forbidden):
        services_items.itemlist_publish(actor=personas["township"], item_list=draft)
    empty = services_items.itemlist_create(
        actor=personas["district"], data={"title": "空清单", "industry": "noncoal_mine"}
    )
    with pytest.raises(Invalid, match="还没有检查事项"):
        services_items.itemlist_publish(actor=personas["district"], item_list=empty)
    with pytest.raises(NotFound):
        services_items.itemlist_publish(actor=personas["district_b"], item_list=draft)


def test_an_item_update_replaces_its_descriptions(personas, draft):
    item = draft.items.get()
    services_items.item_update(
        actor=personas["district"],
        item=item,
        data={**ITEM, "title": "新的检查内容"},
        descriptions=services_items.parse_descriptions("甲\n乙", "重大"),
    )
    item.refresh_from_db()
    assert item.title == "新的检查内容"
    assert list(item.descriptions.values_list("text", "grade")) == [
        ("甲", "major"),
        ("乙", "major"),
    ]


def test_grades_are_one_for_all_or_one_each():
    parsed = services_items.parse_descriptions("甲；乙；丙", "一般；重大；一般")
    assert [d.grade for d in parsed] == ["general", "major", "general"]
    with pytest.raises(Invalid, match="与描述条数相同"):
        services_items.parse_descriptions("甲；乙；丙", "一般；重大")
    with pytest.raises(Invalid, match="只能填"):
        services_items.parse_descriptions("甲", "严重")


def test_the_demo_lists_cite_the_standards(personas):
    hazchem = published(ItemIndustry.HAZCHEM)
    assert hazchem.items.count() >= 10
    assert hazchem.items.filter(major_criterion__contains="121号").count() >= 5
    dust = published(ItemIndustry.DUST)
    assert dust.items.filter(major_criterion__contains="第十四条").count() == 9
    assert published(ItemIndustry.CONSTRUCTION).items.count() >= 8
    assert not published(ItemIndustry.CONSTRUCTION).items.exclude(major_criterion="").exists()
    for item in InspectionItem.objects.prefetch_related("descriptions"):
        assert 1 <= len(item.descriptions.all()) <= 3, item.code


def test_an_enterprise_gets_its_industry_and_the_general_items(personas):
    chem = Enterprise.objects.get(name="东湖精细化工有限公司")
    industries = set(
        selectors_items.items_for_enterprise(chem).values_list("item_list__industry", flat=True)
    )
    assert industries == {ItemIndustry.HAZCHEM, ItemIndustry.GENERAL}
    build = Enterprise.objects.get(name="城东建设工程有限公司")
    industries = set(
        selectors_items.items_for_enterprise(build).values_list("item_list__industry", flat=True)
    )
    assert industries == {ItemIndustry.CONSTRUCTION, ItemIndustry.GENERAL}
    ids = list(selectors_items.items_for_enterprise(chem).values_list("pk", flat=True)[:3])
    found = selectors_items.descriptions_for(ids)
    assert set(found) == set(ids) and all(found[i] for i in ids)


def test_a_draft_of_the_enterprise_industry_is_not_in_its_checklist(personas, draft):
    assert not selectors_items.published_items(ItemIndustry.FIREWORKS).exists()
