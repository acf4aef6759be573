"""Demo data of the inspections app's plans part: every demo enterprise classed for this year by
the rules, the yearly plan of 东湖区应急管理局 (district A), approved and published, and the draft
of 西山区应急管理局 (district B)."""

from __future__ import annotations

from django.utils import timezone

from anjian.core.seed import SeedContext, demo_step
from anjian.enterprises.models import Enterprise

from . import selectors_plans, services_plans
from .models import InspectionPlan

CHEMICAL_PLANT = "东湖精细化工有限公司"
# A month's quota: fewer checks in the Spring Festival month and in the summer heat.
DEMO_QUOTAS = [2, 1, 3, 3, 3, 2, 2, 2, 3, 3, 3, 2]
DEMO_SPECIAL = (
    "一、3–5 月开展危险化学品企业安全生产专项检查（重点：重大危险源包保责任落实、特殊作业管理）。\n"
    "二、6–8 月开展工贸企业粉尘涉爆、有限空间作业专项检查。\n"
    "三、9–11 月开展建筑施工领域防高处坠落专项检查。"
)


@demo_step(62, "企业监管类别（分类分级）")
def demo_classes(ctx: SeedContext) -> None:
    year = timezone.localdate().year
    city = ctx.data["users"]["city"]
    services_plans.classify_jurisdiction(actor=city, year=year)


@demo_step(64, "年度监督检查计划")
def demo_plan(ctx: SeedContext) -> None:
    users = ctx.data["users"]
    author, approver = users["district"], users["city"]
    year = timezone.localdate().year
    if InspectionPlan.objects.filter(office=author.organisation, year=year).exists():
        return
    proposal = selectors_plans.proposed_key_enterprises(author, author.organisation, year)
    keys = {enterprise.pk for enterprise, _why in proposal}
    keys.add(Enterprise.objects.get(name=CHEMICAL_PLANT).pk)
    plan = services_plans.plan_create(
        actor=author,
        data={
            "title": f"{author.organisation.name}{year}年度安全生产监督检查计划",
            "year": year,
            "monthly_quotas": DEMO_QUOTAS,
            "special_checks": DEMO_SPECIAL,
            "key_enterprises": sorted(keys),
        },
    )
    plan = services_plans.plan_transition(actor=author, plan=plan, action="submit")
    plan = services_plans.plan_transition(actor=approver, plan=plan, action="approve")
    services_plans.plan_transition(actor=approver, plan=plan, action="publish")
    # District B is still drafting its plan: the office edits it, others of the city only read.
    other = users["district_b"]
    services_plans.plan_create(
        actor=other,
        data={
            "title": f"{other.organisation.name}{year}年度安全生产监督检查计划（草稿）",
            "year": year,
            "monthly_quotas": [1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 1],
        },
    )
