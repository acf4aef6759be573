"""Demo data of the inspections app's visits part: at the demo chemical plant, last week's
inspection with its whole checklist (one 不符合 became a hazard, another a violation; the papers
step signs it), today's inspection under way, one planned unannounced (四不两直) check for the phone walk-through, and one at
another enterprise of the district, so scopes differ."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from anjian.core.seed import SeedContext, demo_step

from . import services_visits
from .choices import ItemIndustry, Kind, ListStatus, Origin, Result
from .models import HazardDescription, Inspection, InspectionItem, ItemList

# A minimal published list, only when no item list exists yet (the items part seeds the real ones).
FALLBACK_ITEMS = [
    (
        "WH-01",
        "企业主要负责人、安全管理人员经考核合格",
        "《中华人民共和国安全生产法》",
        "第二十七条",
        "",
        ["主要负责人未经安全生产知识和管理能力考核合格"],
    ),
    (
        "WH-02",
        "涉及重点监管危险化工工艺的装置实现自动化控制",
        "《危险化学品生产经营单位重大生产安全事故隐患判定标准》",
        "第十条",
        "涉及重点监管危险化工工艺的装置未实现自动化控制",
        ["反应釜未设置温度、压力自动控制及联锁"],
    ),
    (
        "WH-03",
        "可燃和有毒气体泄漏检测报警装置设置并投用",
        "《危险化学品安全管理条例》",
        "第二十条",
        "",
        ["罐区可燃气体检测报警器未投入使用", "报警器未按期检定"],
    ),
    (
        "WH-04",
        "特殊作业（动火、受限空间）执行作业票制度",
        "《危险化学品企业特殊作业安全规范》",
        "GB 30871-2022 第5条",
        "",
        ["动火作业未办理作业票"],
    ),
    (
        "WH-05",
        "安全出口、疏散通道畅通",
        "《中华人民共和国消防法》",
        "第二十八条",
        "",
        ["疏散通道堆放物料"],
    ),
]


def demo_items() -> list[InspectionItem]:
    published = InspectionItem.objects.filter(
        item_list__status=ListStatus.PUBLISHED, item_list__industry=ItemIndustry.HAZCHEM
    )
    if not published.exists() and not ItemList.objects.exists():
        item_list = ItemList.objects.create(
            industry=ItemIndustry.HAZCHEM,
            title="危险化学品企业监督检查事项清单",
            status=ListStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        for order, (code, title, law, article, major, descriptions) in enumerate(FALLBACK_ITEMS):
            item = InspectionItem.objects.create(
                item_list=item_list,
                code=code,
                order=order + 1,
                title=title,
                basis_law=law,
                basis_article=article,
                major_criterion=major,
            )
            for text in descriptions:
                HazardDescription.objects.create(
                    item=item, text=text, grade="major" if major else "general"
                )
    return list(published.order_by("order", "code")[:8])


BASIS = "危险化学品安全专项整治"


@demo_step(70, "监督检查（现场检查）")
def demo_visits(ctx: SeedContext) -> None:
    users, enterprises = ctx.data["users"], ctx.data["enterprises"]
    district, second = users["district"], users["inspector2"]
    if Inspection.objects.filter(enterprise=enterprises[0], basis=BASIS).exists():
        return  # seeded already (the draws step has inspections of its own)
    items = demo_items()
    today = timezone.localdate()
    # 上级部署的专项检查 do not count against the yearly cap, so the demo leaves the cap free
    common = {
        "actor": district,
        "team": [district, second],
        "lead": district,
        "items": items,
        "kind": Kind.HIGHER_SPECIAL,
        "origin": Origin.PLAN,
        "basis": BASIS,
    }
    chem = enterprises[0]
    # last week's visit: its whole checklist done (the papers step signs it: a finished visit)
    done = services_visits.inspection_create(
        enterprise=chem, planned_on=today - timedelta(days=7), experts=[users["expert"]], **common
    )
    done = services_visits.inspection_transition(actor=district, inspection=done, action="start")
    _checklist(done, items, district)
    # today's visit: under way, half its checklist done
    visit = services_visits.inspection_create(enterprise=chem, planned_on=today, **common)
    visit = services_visits.inspection_transition(actor=district, inspection=visit, action="start")
    for item in items[: len(items) // 2]:
        services_visits.finding_record(
            actor=district, inspection=visit, item=item, result=Result.CONFORM, note="现场核查"
        )
    services_visits.inspection_create(
        enterprise=chem, planned_on=today + timedelta(days=7), unannounced=True, **common
    )
    bridge = next(e for e in enterprises if e.name == "临江路桥建设集团有限公司")
    services_visits.inspection_create(
        enterprise=bridge, planned_on=today + timedelta(days=3), **common
    )
    ctx.data["inspection"] = visit


def _checklist(visit: Inspection, items: list[InspectionItem], actor) -> None:
    """Every item checked; the second a violation, and the first later item with a general
    description a (general) hazard."""
    general = next(
        (i for i in items[2:] if i.descriptions.filter(grade="general").exists()), items[-1]
    )
    for index, item in enumerate(items):
        description = item.descriptions.order_by("pk").first()
        kw: dict = {"result": Result.CONFORM}
        if item == general:
            description = item.descriptions.filter(grade="general").order_by("pk").first()
            kw = {"result": Result.NONCONFORM, "description": description, "becomes": "hazard"}
        elif index == 1:
            kw = {
                "result": Result.NONCONFORM,
                "description": description,
                "becomes": "violation",
                "facts": f"现场检查发现{description.text if description else item.title}。",
            }
        services_visits.finding_record(
            actor=actor, inspection=visit, item=item, note="现场核查", **kw
        )
