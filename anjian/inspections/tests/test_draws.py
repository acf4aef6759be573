"""双随机 draws: the seed stays hidden until the reveal, the reveal is the published algorithm's
answer, the pool leaves out enterprises at their cap, conflicts are honoured, and anyone can
re-run a published draw and sees any change to it."""

from datetime import date

import pytest
from django.db import connection

from anjian.accounts.models import User
from anjian.core.errors import Forbidden, Invalid
from anjian.core.models import AuditEvent
from anjian.enterprises.models import Enterprise
from anjian.inspections import services_draws
from anjian.inspections.choices import DrawStatus, MemberRole, Origin
from anjian.inspections.models import Draw, EnterpriseClass, Inspection, InspectorConflict
from anjian.standards import random_draw as rd

DAY = date(2026, 9, 1)


@pytest.fixture
def district(personas):
    return personas["district"]


def commit(actor, **kw):
    args = {
        "title": "建筑施工企业抽查",
        "pool_filters": {"sector": "construction"},
        "count": 2,
        "team_size": 2,
        "planned_on": DAY,
    }
    args.update(kw)
    return services_draws.draw_commit(actor=actor, **args)


def test_the_demo_draw_is_revealed_with_its_inspections(demo):
    draw = Draw.objects.get(number__startswith="东湖区应急管理局")
    assert draw.status == DrawStatus.REVEALED
    assert rd.verify(draw.inputs, draw.seed, draw.commitment, draw.result).ok
    made = Inspection.objects.filter(draw=draw, origin=Origin.DRAW)
    assert made.count() == 2


def test_commit_keeps_the_seed_out_of_every_record(district):
    draw = commit(district)
    assert draw.status == DrawStatus.COMMITTED
    assert draw.commitment == rd.commitment(draw.seed)
    assert draw.number.endswith("抽2号")  # the demo draw took number 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seed FROM {Draw._meta.db_table} WHERE id = %s", [draw.pk])
        stored = cursor.fetchone()[0]
    assert draw.seed not in stored  # kept encrypted in the database
    events = AuditEvent.objects.filter(event_type="draw.commit", object_id=str(draw.pk))
    assert events.count() == 1
    assert draw.seed not in str(events.get().after)


def test_reveal_is_the_algorithm_run_on_the_committed_inputs(district):
    draw = commit(district)
    draw = services_draws.draw_reveal(actor=district, draw=draw)
    expected = rd.run(draw.inputs, draw.seed).as_dict()
    assert draw.result["picks"] == expected["picks"]
    assert draw.result["inputs_digest"] == draw.inputs_digest
    planned = Inspection.objects.filter(draw=draw).order_by("pk")
    assert [i.enterprise_id for i in planned] == [p["enterprise"] for p in expected["picks"]]
    for inspection, pick in zip(planned, expected["picks"], strict=True):
        lead = inspection.members.get(role=MemberRole.LEAD)
        assert lead.user_id == pick["lead"]
        assert inspection.planned_on == DAY
    with pytest.raises(Exception, match="已开奖"):
        services_draws.draw_reveal(actor=district, draw=draw)


def test_enterprises_at_their_cap_are_left_out(district):
    construction = Enterprise.objects.filter(
        sector__code="construction", region_code__startswith="990102"
    )
    full = construction.order_by("pk").first()
    EnterpriseClass.objects.update_or_create(
        enterprise=full,
        year=DAY.year,
        defaults={"scheme": "shanxi-2025", "category": "一级", "cap": 0, "weight": 1},
    )
    draw = commit(district, count=1)
    pool = [e["id"] for e in draw.inputs["enterprises"]]
    assert full.pk not in pool
    others = construction.exclude(pk=full.pk)
    assert len(pool) == others.count() - _full_from_demo(others)
    event = AuditEvent.objects.get(event_type="draw.commit", object_id=str(draw.pk))
    assert full.name in event.after["excluded_at_cap"]


def _full_from_demo(rows) -> int:
    from anjian.inspections.selectors_draws import bulk_usage

    usage = bulk_usage([e.pk for e in rows], DAY.year)
    return sum(1 for cap, used in usage.values() if cap and used >= cap)


def test_a_declared_conflict_keeps_the_officer_away(district):
    other = User.objects.get(username="inspector2")
    target = Enterprise.objects.get(name="城东建设工程有限公司")
    services_draws.conflict_declare(actor=other, enterprise=target, reason="配偶在该企业任职")
    draw = commit(district, pool_filters={"sector": "construction", "region": "990102"})
    assert [other.pk, target.pk] in draw.inputs["conflicts"]
    assert len(draw.inputs["inspectors"]) >= 3
    visited = 0
    for seed in (rd.new_seed() for _ in range(30)):
        for pick in rd.run(draw.inputs, seed).as_dict()["picks"]:
            if pick["enterprise"] == target.pk:
                visited += 1
                assert other.pk not in pick["inspectors"]
    assert visited
    assert AuditEvent.objects.filter(event_type="inspector.conflict_declare").exists()


def test_an_enterprise_no_team_can_visit_is_left_out(district):
    target = Enterprise.objects.get(name="城东建设工程有限公司")
    officers = [i["id"] for i in commit(district).inputs["inspectors"]]
    for user in User.objects.filter(pk__in=officers[:-1]):
        InspectorConflict.objects.create(user=user, enterprise=target, reason="测试")
    draw = commit(district)
    assert target.pk not in [e["id"] for e in draw.inputs["enterprises"]]
    event = AuditEvent.objects.get(event_type="draw.commit", object_id=str(draw.pk))
    assert event.after["excluded_for_conflicts"] == [target.name]


def test_a_conflict_needs_a_reason(district):
    target = Enterprise.objects.get(name="城东建设工程有限公司")
    with pytest.raises(Invalid, match="回避理由"):
        services_draws.conflict_declare(actor=district, enterprise=target, reason=" ")


def test_only_an_office_may_draw_and_only_its_own_draws_are_revealed(personas, district):
    with pytest.raises(Forbidden):
        commit(personas["ent_manager"])
    draw = commit(district)
    with pytest.raises(Forbidden):
        services_draws.draw_reveal(actor=personas["city"], draw=draw)


def test_an_empty_pool_is_refused_in_words(district):
    with pytest.raises(Invalid, match="没有可抽取的企业"):
        commit(district, pool_filters={"sector": "no-such-sector"})


def test_a_certificate_number_is_checked(district):
    other = User.objects.get(username="inspector2")
    with pytest.raises(Invalid, match="行政执法证号"):
        services_draws.profile_save(
            actor=district, user=other, certificate_number="12-34", expires_on=DAY
        )
    profile = services_draws.profile_save(
        actor=district, user=other, certificate_number="99010220099", expires_on=DAY
    )
    assert profile.certificate_number == "99010220099"
    with pytest.raises(Invalid, match="本单位"):
        services_draws.profile_save(
            actor=district,
            user=personas_user("district_b"),
            certificate_number="99010320001",
            expires_on=DAY,
        )


def personas_user(name):
    return User.objects.get(username=name)


def test_a_draw_refused_at_reveal_leaves_nothing_half_done(district):
    draw = commit(district, pool_filters={"sector": "construction", "region": "990102"})
    picked = rd.run(draw.inputs, draw.seed).as_dict()["picks"][1]["enterprise"]
    EnterpriseClass.objects.update_or_create(
        enterprise_id=picked,
        year=DAY.year,
        defaults={"scheme": "shanxi-2025", "category": "一级", "cap": 0, "weight": 1},
    )
    with pytest.raises(Invalid, match="开奖未完成"):
        services_draws.draw_reveal(actor=district, draw=draw)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.COMMITTED and draw.result is None
    assert not Inspection.objects.filter(draw=draw).exists()


def test_the_pool_is_built_in_the_same_number_of_queries_whatever_its_size(district):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from anjian.inspections.selectors_draws import build_pool

    def queries(filters):
        with CaptureQueriesContext(connection) as captured:
            pool = build_pool(district, district.organisation, filters, None, on=DAY, experts=True)
        return len(captured), len(pool.enterprises)

    queries({})  # the actor's scope and permissions are loaded once, on first use
    small, few = queries({"sector": "construction"})
    large, many = queries({})
    assert many > few
    assert large == small


def test_an_officer_with_an_expired_certificate_is_not_drawn(district):
    from anjian.inspections.models import InspectorProfile

    expired = InspectorProfile.objects.get(user__username="inspector2")
    expired.certificate_expires_on = date(2026, 8, 31)
    expired.save()
    drawn = [i["id"] for i in commit(district).inputs["inspectors"]]
    assert expired.user_id not in drawn and district.pk in drawn


def test_a_plan_narrows_the_pool_to_its_key_enterprises_or_leaves_them_out(district):
    from anjian.inspections.models import InspectionPlan

    plan, _ = InspectionPlan.objects.update_or_create(  # the demo may have one already
        office=district.organisation,
        year=DAY.year,
        defaults={"region_code": district.organisation.region_code, "title": "年度计划"},
    )
    key = Enterprise.objects.get(name="临江路桥建设集团有限公司")
    plan.key_enterprises.set([key])
    only = commit(
        district, count=1, plan=plan, pool_filters={"sector": "construction", "key": "yes"}
    )
    assert [e["id"] for e in only.inputs["enterprises"]] == [key.pk]
    assert only.plan == plan
    others = commit(district, plan=plan, pool_filters={"sector": "construction", "key": "no"})
    assert key.pk not in [e["id"] for e in others.inputs["enterprises"]]
    assert others.inputs["filters"] == {"sector": "construction", "key": "no"}
