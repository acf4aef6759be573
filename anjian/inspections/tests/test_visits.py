"""Inspections (visits): planning with a team, 四不两直, joint inspections, the cap at start,
and findings that become hazards or violations."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from PIL import Image

from anjian.accounts.models import User
from anjian.core import attachments
from anjian.core.errors import Forbidden, Invalid, PreconditionFailed
from anjian.core.models import AuditEvent, Notification
from anjian.enterprises.models import Enterprise
from anjian.inspections import selectors_caps, selectors_visits, services_caps, services_visits
from anjian.inspections.models import (
    EnterpriseClass,
    Finding,
    Inspection,
    InspectionMember,
    InspectorProfile,
    Violation,
)
from anjian.inspections.seeds_visits import demo_items
from anjian.inspections.services_caps import CapReached

CHEM = "东湖精细化工有限公司"


@pytest.fixture
def chem(personas):
    return Enterprise.objects.get(name=CHEM)


@pytest.fixture
def team(personas):
    return [personas["district"], User.objects.get(username="inspector2")]


@pytest.fixture
def items(personas):
    return demo_items()


def plan(personas, chem, team, day=None, **kw):
    return services_visits.inspection_create(
        actor=personas["district"],
        enterprise=chem,
        planned_on=day or date(2027, 3, 2),
        team=team,
        **kw,
    )


def started(personas, chem, team, items, **kw):
    visit = plan(personas, chem, team, items=items, **kw)
    return services_visits.inspection_transition(
        actor=personas["district"], inspection=visit, action="start"
    )


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def photo(user):
    return attachments.save(data=png_bytes(), name="现场.png", actor=user)


# planning ---------------------------------------------------------------------------------


def test_every_team_member_must_hold_a_valid_certificate(personas, chem, team):
    InspectorProfile.objects.filter(user=team[1]).update(certificate_expires_on=date(2027, 1, 1))
    with pytest.raises(Invalid, match="两名以上持有效行政执法证"):
        plan(personas, chem, team)
    with pytest.raises(Invalid, match="主办检查人员"):
        plan(personas, chem, team, day=date(2026, 12, 20), lead=personas["city"])


def test_only_users_with_the_expert_role_join_as_experts(personas, chem, team):
    with pytest.raises(Invalid, match="专家角色"):
        plan(personas, chem, team, experts=[personas["township"]])
    expert = User.objects.get(username="expert")
    visit = plan(personas, chem, team, experts=[expert])
    roles = dict(InspectionMember.objects.filter(inspection=visit).values_list("user", "role"))
    assert roles == {team[0].pk: "lead", team[1].pk: "member", expert.pk: "expert"}
    assert selectors_visits.inspections_for(expert).filter(pk=visit.pk).exists()


def test_an_announced_inspection_notifies_the_enterprise(
    personas, chem, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visit = plan(personas, chem, team)
    assert Notification.objects.filter(
        recipient=personas["ent_manager"], body__contains=visit.number
    ).exists()


def test_an_unannounced_inspection_is_hidden_from_the_enterprise_until_it_starts(
    personas, chem, team, items, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visit = plan(personas, chem, team, items=items, unannounced=True)
    manager = personas["ent_manager"]
    assert not Notification.objects.filter(recipient=manager, body__contains=visit.number).exists()
    assert not selectors_visits.inspections_for(manager).filter(pk=visit.pk).exists()
    assert selectors_visits.inspections_for(personas["township"]).filter(pk=visit.pk).exists()
    services_visits.inspection_transition(
        actor=personas["district"], inspection=visit, action="start"
    )
    assert selectors_visits.inspections_for(manager).filter(pk=visit.pk).exists()


# the cap at start -------------------------------------------------------------------------


def test_starting_at_the_cap_is_refused_with_the_reason_unless_overridden(personas, chem, team):
    first = plan(personas, chem, team)
    second = plan(personas, chem, team, day=date(2027, 5, 2))
    # the enterprise's class is lowered after both were planned: the first still fits (it
    # counts itself once), the second does not
    EnterpriseClass.objects.create(
        enterprise=chem, year=2027, scheme="demo", category="一级", cap=1
    )
    services_visits.inspection_transition(
        actor=personas["district"], inspection=first, action="start"
    )
    with pytest.raises(CapReached, match="达到年度检查次数上限 1 次"):
        services_visits.inspection_transition(
            actor=personas["district"], inspection=second, action="start"
        )
    second.refresh_from_db()
    assert second.status == "planned"
    override = services_caps.cap_override(
        actor=personas["city"], enterprise=chem, year=2027, reason="举报核查需要"
    )
    services_visits.inspection_transition(
        actor=personas["district"], inspection=second, action="start"
    )
    second.refresh_from_db()
    override.refresh_from_db()
    assert second.status == "in_progress" and second.over_cap and override.used_by == second


def test_an_inspection_planned_with_an_override_starts_without_another(personas, chem, team):
    EnterpriseClass.objects.create(
        enterprise=chem, year=2027, scheme="demo", category="一级", cap=1
    )
    plan(personas, chem, team)
    services_caps.cap_override(
        actor=personas["city"], enterprise=chem, year=2027, reason="举报核查需要"
    )
    extra = plan(personas, chem, team, day=date(2027, 6, 1))
    visit = services_visits.inspection_transition(
        actor=personas["district"], inspection=extra, action="start"
    )
    assert visit.status == "in_progress"


def test_sign_is_refused_here_and_pointed_to_the_signing(personas, chem, team, items):
    visit = started(personas, chem, team, items)
    with pytest.raises(Invalid, match="现场签字"):
        services_visits.inspection_transition(
            actor=personas["district"], inspection=visit, action="sign"
        )


# joint inspections ------------------------------------------------------------------------


def other_office_visit(personas, chem, day):
    """An inspection planned by the township office, with its own two officers."""
    township = personas["township"]
    colleague = User.objects.create_user(
        username="township2", password="x-Passw0rd!", organisation=township.organisation
    )
    colleague.roles.set(township.roles.all())
    InspectorProfile.objects.create(user=colleague, certificate_number="1")
    return services_visits.inspection_create(
        actor=township, enterprise=chem, planned_on=day, team=[township, colleague]
    )


def test_tasks_of_another_office_within_a_fortnight_are_proposed_and_merged(personas, chem, team):
    theirs = other_office_visit(personas, chem, date(2027, 3, 5))
    far = date(2027, 3, 5) + timedelta(days=15)
    found = selectors_visits.joint_candidates(
        personas["district"],
        enterprise_id=chem.pk,
        planned_on=date(2027, 3, 2),
        exclude_office_id=personas["district"].organisation_id,
    )
    assert found == [theirs]
    assert selectors_visits.proposal_text(theirs).endswith("已安排 3月5日 检查该企业，建议联合检查")
    assert not selectors_visits.joint_candidates(
        personas["district"],
        enterprise_id=chem.pk,
        planned_on=far + timedelta(days=1),
        exclude_office_id=personas["district"].organisation_id,
    )
    ours = plan(personas, chem, team, joint=[theirs])
    theirs.refresh_from_db()
    assert theirs.joint_with == ours
    members = set(
        InspectionMember.objects.filter(inspection=ours).values_list("user__username", flat=True)
    )
    assert members == {"district", "inspector2", "township", "township2"}
    # one visit for the enterprise: the merged task is not counted a second time
    assert selectors_caps.usage(chem.pk, 2027).used == 1
    assert AuditEvent.objects.filter(
        event_type="inspection.join", object_id=str(theirs.pk)
    ).exists()
    with pytest.raises(Invalid, match="只能并入"):
        plan(personas, chem, team, day=date(2027, 3, 3), kind="higher_special", joint=[theirs])


# findings ---------------------------------------------------------------------------------


def test_a_nonconformity_becomes_a_hazard_through_the_hazards_service(personas, chem, team, items):
    visit = started(personas, chem, team, items)
    item = items[2]
    description = item.descriptions.first()
    picture = photo(personas["district"])
    finding = services_visits.finding_record(
        actor=personas["district"],
        inspection=visit,
        item=item,
        result="nonconform",
        description=description,
        photos=[picture.pk],
        becomes="hazard",
        lat="30.5",
        lon="114.3",
    )
    hazard = finding.hazard
    assert hazard.source == "inspection" and hazard.description == description.text
    assert hazard.enterprise == chem and visit.number in hazard.location
    assert hazard.finding == finding  # linked both ways
    picture.refresh_from_db()
    assert picture.object_id == str(hazard.pk)
    assert finding.deadline == timezone.localdate() + timedelta(days=15)
    assert finding.latitude is not None
    visit.refresh_from_db()
    assert visit.rectification_deadline == finding.deadline
    assert AuditEvent.objects.filter(
        event_type="inspection.finding", object_id=str(visit.pk)
    ).exists()
    # what it became never changes
    with pytest.raises(Invalid, match="不能再更改处理方式"):
        services_visits.finding_record(
            actor=personas["district"],
            inspection=visit,
            item=item,
            result="nonconform",
            description=description,
            becomes="violation",
        )


def test_a_nonconformity_becomes_a_violation_with_the_items_provision(personas, chem, team, items):
    visit = started(personas, chem, team, items)
    item = items[0]
    finding = services_visits.finding_record(
        actor=personas["district"],
        inspection=visit,
        item=item,
        result="nonconform",
        text="主要负责人未经考核",
        becomes="violation",
    )
    violation = Violation.objects.get(finding=finding)
    assert violation.status == "pending" and violation.facts == "主要负责人未经考核"
    assert violation.provision == f"{item.basis_law}{item.basis_article}"
    assert violation.enterprise == chem


def test_only_team_members_of_a_started_inspection_record_findings(personas, chem, team, items):
    visit = plan(personas, chem, team, items=items)
    with pytest.raises(Invalid, match="请先开始检查"):
        services_visits.finding_record(
            actor=personas["district"], inspection=visit, item=items[0], result="conform"
        )
    services_visits.inspection_transition(
        actor=personas["district"], inspection=visit, action="start"
    )
    with pytest.raises(Forbidden):
        services_visits.finding_record(
            actor=personas["township"], inspection=visit, item=items[0], result="conform"
        )
    with pytest.raises(Invalid, match="只有“不符合”"):
        services_visits.finding_record(
            actor=personas["district"],
            inspection=visit,
            item=items[0],
            result="conform",
            becomes="hazard",
        )


def test_a_stale_version_is_refused(personas, chem, team, items):
    visit = started(personas, chem, team, items)
    args = {"actor": personas["district"], "inspection": visit, "item": items[0]}
    first = services_visits.finding_record(result="conform", **args)
    services_visits.finding_record(result="na", expected_version=first.version, **args)
    with pytest.raises(PreconditionFailed):
        services_visits.finding_record(result="conform", expected_version=first.version, **args)
    assert Finding.objects.get(pk=first.pk).result == "na"


def test_the_demo_has_a_full_checklist_with_a_hazard_and_a_violation(personas):
    # last week's visit is finished (signed, awaiting its re-check); today's is under way
    visit = Inspection.objects.get(status="rechecking", enterprise__name=CHEM)
    progress = selectors_visits.progress(visit)
    assert progress.done == progress.total > 2 and progress.nonconform == 2
    today = Inspection.objects.get(status="in_progress", enterprise__name=CHEM)
    assert 0 < selectors_visits.progress(today).done < selectors_visits.progress(today).total
    assert Finding.objects.filter(inspection=visit, hazard__source="inspection").count() == 1
    assert Violation.objects.filter(inspection=visit).count() == 1
    planned = Inspection.objects.get(status="planned", enterprise__name=CHEM)
    assert planned.unannounced


def test_a_visit_code_never_reads_as_a_word():
    codes = {services_visits.new_visit_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == 10 and any(ch.isdigit() for ch in c) for c in codes)
    assert not any(set(c) & set("01IO") for c in codes)  # nothing to misread on paper
