"""分类分级 and the yearly plan: classes from the rules with their explanation, the plan's
approval by a second person, its public page, key enterprises and the cap."""

from datetime import date

import pytest
from django.utils import timezone

from anjian.accounts.models import User
from anjian.core.errors import Forbidden, Invalid, NotFound
from anjian.core.models import AuditEvent
from anjian.core.records.pages import labelled_history
from anjian.enterprises.models import Enterprise
from anjian.inspections import selectors_caps, selectors_plans, services_plans, services_visits
from anjian.inspections.models import EnterpriseClass, InspectionPlan
from anjian.inspections.services_caps import CapReached

YEAR = timezone.localdate().year
CHEM = "东湖精细化工有限公司"


@pytest.fixture
def chem(personas):
    return Enterprise.objects.get(name=CHEM)


def named(name):
    return Enterprise.objects.get(name=name)


def test_the_demo_classes_every_enterprise_by_the_rules(personas, chem):
    assert EnterpriseClass.objects.filter(year=YEAR).count() == Enterprise.objects.count()
    klass = EnterpriseClass.objects.get(enterprise=chem, year=YEAR)
    # 危险化学品, 标准化三级 → 三级类, at most 8 a year (Shanxi 2025)
    assert (klass.scheme, klass.category, klass.cap) == ("shanxi-2025", "level3", 8)
    assert "标准化三级" in klass.explanation and "不超过 8 次" in klass.explanation
    assert "重大风险（红） ×4" in klass.explanation and klass.weight >= 32


@pytest.mark.parametrize(
    ("name", "category", "cap"),
    [
        ("临江化学试剂有限公司", "level2", 4),  # 危化品 二级
        ("城东液化气储配站有限公司", "ungraded", 12),  # 危化品 未定级
        ("东湖机械制造有限公司", "level2", 2),  # 非高危 二级
        ("临江商贸有限公司", "ungraded", 6),  # 非高危 未定级
        ("青石石灰石矿有限公司", "C", 2),  # 非煤矿山 较大风险 → C
    ],
)
def test_each_group_is_classed_by_its_own_rule(personas, name, category, cap):
    klass = EnterpriseClass.objects.get(enterprise=named(name), year=YEAR)
    assert (klass.category, klass.cap) == (category, cap)
    assert klass.explanation.startswith("依据")


def test_a_recent_major_hazard_raises_the_draw_weight(personas, chem):
    facts = selectors_plans.facts_of(personas["city"], [chem])[chem.pk]
    assert facts["major_hazards_12m"] >= 1  # the demo's major hazard at the plant
    # a year later the hazard is no longer recent
    later = selectors_plans.facts_of(personas["city"], [chem], today=date(YEAR + 2, 1, 1))[chem.pk]
    assert later["major_hazards_12m"] == 0


def test_classifying_needs_the_right_and_the_scope(personas, chem):
    with pytest.raises(Forbidden):
        services_plans.classify(actor=personas["grid"], enterprises=[chem], year=YEAR)
    other = named("西城商业广场有限公司")  # district B
    with pytest.raises(NotFound):
        services_plans.classify(actor=personas["district"], enterprises=[other], year=YEAR)
    with pytest.raises(Invalid):
        services_plans.classify(actor=personas["district"], enterprises=[chem], year=1800)


def test_reclassifying_a_jurisdiction_takes_a_fixed_number_of_queries(
    personas, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        done = services_plans.classify_jurisdiction(actor=personas["district"], year=YEAR + 1)
    assert len(done) == Enterprise.objects.visible_to(personas["district"]).count()
    event = AuditEvent.objects.filter(event_type="inspection.classify").latest("id")
    assert event.after["year"] == YEAR + 1 and event.after["enterprises"] == len(done)


def test_an_unclassed_enterprise_has_its_group_cap(personas, chem):
    assert not EnterpriseClass.objects.filter(enterprise=chem, year=YEAR + 3).exists()
    found = selectors_caps.usage(chem.pk, YEAR + 3)
    assert (found.cap, found.category) == (8, "")  # 危化品 标准化三级 under the scheme


# -- the plan ---------------------------------------------------------------------------------


def test_the_demo_plan_is_approved_by_a_second_person_and_published(personas, chem):
    plan = InspectionPlan.objects.get(office=personas["district"].organisation, year=YEAR)
    assert plan.status == "published" and plan.approved_by == personas["city"]
    assert chem in plan.key_enterprises.all()
    assert sum(plan.monthly_quotas) > 0 and len(plan.monthly_quotas) == 12


def draft(personas, year=YEAR + 1, **data):
    return services_plans.plan_create(
        actor=personas["district"],
        data={"title": "测试计划", "year": year, "monthly_quotas": [1] * 12, **data},
    )


def test_the_author_cannot_approve_their_own_plan(personas):
    plan = draft(personas)
    plan = services_plans.plan_transition(actor=personas["district"], plan=plan, action="submit")
    assert "approve" not in [
        t.action for t in selectors_plans.plan_actions(personas["district"], plan)
    ]
    with pytest.raises(Forbidden):
        services_plans.plan_transition(actor=personas["district"], plan=plan, action="approve")
    colleague = User.objects.get(username="inspector2")
    plan = services_plans.plan_transition(actor=colleague, plan=plan, action="approve")
    assert plan.status == "approved" and plan.approved_by == colleague


def test_a_plan_names_twelve_monthly_quotas_and_one_per_office_and_year(personas):
    with pytest.raises(Invalid) as bad:
        draft(personas, monthly_quotas=[1, 2, 3])
    assert "12 个数字" in bad.value.message
    with pytest.raises(Invalid) as twice:
        draft(personas, year=YEAR)
    assert "已存在" in twice.value.message
    with pytest.raises(Forbidden):
        services_plans.plan_create(actor=personas["ent_manager"], data={"title": "x", "year": YEAR})


def test_key_enterprises_come_from_the_office_jurisdiction(personas):
    with pytest.raises(Invalid) as bad:
        draft(personas, key_enterprises=[named("西城商业广场有限公司").pk])
    assert "管辖范围" in bad.value.message


def test_a_key_enterprise_at_its_cap_is_refused_with_the_reason(personas):
    shop = named("东湖机械制造有限公司")  # 非高危 二级: cap 2
    team = [personas["district"], User.objects.get(username="inspector2")]
    for day in (date(YEAR + 1, 2, 1), date(YEAR + 1, 3, 1)):
        services_visits.inspection_create(
            actor=personas["district"], enterprise=shop, planned_on=day, team=team
        )
    EnterpriseClass.objects.filter(enterprise=shop, year=YEAR).update(year=YEAR + 1)
    assert selectors_caps.usage(shop.pk, YEAR + 1).full
    plan = draft(personas)
    with pytest.raises(CapReached) as refused:
        services_plans.plan_add_key(actor=personas["district"], plan=plan, enterprise=shop)
    assert "不能列为重点检查企业" in refused.value.message and "上限 2 次" in refused.value.message
    assert AuditEvent.objects.filter(event_type="inspection.cap_refused").exists()
    from anjian.inspections import services_caps

    services_caps.cap_override(
        actor=personas["city"], enterprise=shop, year=YEAR + 1, reason="列入年度重点检查"
    )
    plan = services_plans.plan_add_key(actor=personas["district"], plan=plan, enterprise=shop)
    assert shop in plan.key_enterprises.all()


def test_progress_counts_checks_per_month_and_key_enterprises_covered(personas, chem):
    plan = draft(personas, key_enterprises=[chem.pk, named("临江商贸有限公司").pk])
    team = [personas["district"], User.objects.get(username="inspector2")]
    services_visits.inspection_create(
        actor=personas["district"], enterprise=chem, planned_on=date(YEAR + 1, 3, 9), team=team
    )
    found = selectors_plans.progress(plan)
    assert found["months"][2] == {"month": 3, "quota": 1, "done": 1}
    assert found["done_total"] == 1 and found["quota_total"] == 12
    assert [e.name for e in found["covered"]] == [CHEM]
    assert [e.name for e in found["uncovered"]] == ["临江商贸有限公司"]


def test_only_a_draft_is_edited_and_only_by_its_office(personas):
    plan = draft(personas)
    with pytest.raises(Forbidden):
        services_plans.plan_update(actor=personas["city"], plan=plan, data={"title": "改"})
    services_plans.plan_transition(actor=personas["district"], plan=plan, action="submit")
    plan.refresh_from_db()
    with pytest.raises(Forbidden):
        services_plans.plan_update(actor=personas["district"], plan=plan, data={"title": "改"})


def test_the_default_proposal_explains_each_key_enterprise(personas, chem):
    district = personas["district"]
    proposal = dict(
        (e.name, why)
        for e, why in selectors_plans.proposed_key_enterprises(
            district, district.organisation, YEAR
        )
    )
    assert "重大风险（红）" in proposal[CHEM] and "有重大危险源" in proposal[CHEM]
    assert "西城商业广场有限公司" not in proposal  # another district
    assert "东湖机械制造有限公司" not in proposal  # 二级, low risk, no source
    assert "临江商贸有限公司" not in proposal  # 非高危 未定级: the strictest of its group, not key
    assert "最严类别" in proposal["城东液化气储配站有限公司"]  # 危化品 未定级 → 12 a year


def test_a_returned_plan_goes_back_to_its_office_with_the_reason(personas):
    plan = draft(personas)
    plan = services_plans.plan_transition(actor=personas["district"], plan=plan, action="submit")
    with pytest.raises(Invalid):
        services_plans.plan_transition(actor=personas["city"], plan=plan, action="return")
    plan = services_plans.plan_transition(
        actor=personas["city"], plan=plan, action="return", reason="重点企业不全，请补充"
    )
    assert plan.status == "draft"
    steps = [r.label for r in labelled_history(services_plans.PLAN_FLOW, plan)]
    assert steps == ["编制", "提交审批", "退回修改"]
    updated = services_plans.plan_update(
        actor=personas["district"], plan=plan, data={"title": "补充后的计划", "year": 1}
    )
    assert updated.title == "补充后的计划" and updated.year == YEAR + 1  # the year stays
