"""Experts see exactly what they are assigned to: the inspections whose team they are on, those
inspections' enterprises and the hazards their findings became — nothing else, everywhere."""

from __future__ import annotations

import pytest
from django.utils import timezone

from anjian.accounts.models import User
from anjian.core.models import AuditEvent, ExpertAssignment
from anjian.enterprises.models import Enterprise
from anjian.hazards.models import Hazard
from anjian.inspections import (
    services_experts,
    services_visits,
    signals_experts,  # noqa: F401  (connected with the URLs at start-up)
)
from anjian.inspections.choices import MemberRole, Result
from anjian.inspections.models import Finding, Inspection, InspectionMember
from tests.personas import login_verified


@pytest.fixture
def expert(demo):
    return User.objects.get(username="expert")


@pytest.fixture
def chem(demo):
    return Enterprise.objects.get(name="东湖精细化工有限公司")


@pytest.fixture
def visit(personas, expert, chem, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services_visits.inspection_create(
            actor=personas["district"],
            enterprise=chem,
            planned_on=timezone.localdate(),
            team=[personas["district"], User.objects.get(username="inspector2")],
            experts=[expert],
        )


@pytest.fixture
def found(personas, visit, chem, django_capture_on_commit_callbacks):
    """A finding of the visit that became one of the plant's hazards."""
    hazard = Hazard.objects.filter(enterprise=chem).order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        Finding.objects.create(
            inspection=visit,
            result=Result.NONCONFORM,
            becomes="hazard",
            hazard=hazard,
            checked_by=personas["district"],
            checked_at=timezone.now(),
        )
    return hazard


def justified(expert) -> tuple[set, set, set]:
    """What the expert's memberships justify: the visits, their enterprises, their hazards."""
    visits = Inspection.objects.filter(members__user=expert, members__role=MemberRole.EXPERT)
    hazards = Finding.objects.filter(inspection__in=visits, hazard__isnull=False)
    return (
        set(visits.values_list("pk", flat=True)),
        set(visits.values_list("enterprise_id", flat=True)),
        set(hazards.values_list("hazard_id", flat=True)),
    )


def seen(expert) -> tuple[set, set, set]:
    return (
        set(Inspection.objects.visible_to(expert).values_list("pk", flat=True)),
        set(Enterprise.objects.visible_to(expert).values_list("pk", flat=True)),
        set(Hazard.objects.visible_to(expert).values_list("pk", flat=True)),
    )


def test_the_demo_expert_sees_exactly_the_assigned_visits_enterprises_and_hazards(demo, expert):
    visits, enterprises, hazards = justified(expert)
    assert len(visits) >= 2 and hazards  # the demo: a visit at the plant, one elsewhere
    assert seen(expert) == (visits, enterprises, hazards)
    assert Enterprise.objects.exclude(pk__in=enterprises).exists()  # and not the others


def test_joining_a_team_assigns_the_visit_its_enterprise_and_its_hazards(
    expert, visit, chem, found
):
    assert visit.pk in seen(expert)[0] and chem.pk in seen(expert)[1]
    assert found.pk in seen(expert)[2]
    assert seen(expert) == justified(expert)
    assert AuditEvent.objects.filter(
        event_type="inspection.expert_assigned", object_id=str(visit.pk)
    ).exists()


def test_assigning_twice_changes_nothing(expert, visit):
    before = ExpertAssignment.objects.filter(user=expert).count()
    services_experts.assign(visit)
    assert ExpertAssignment.objects.filter(user=expert).count() == before


def test_leaving_the_team_takes_back_what_no_other_visit_justifies(
    expert, visit, chem, found, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        InspectionMember.objects.filter(inspection=visit, user=expert).delete()
    assert visit.pk not in seen(expert)[0]
    assert found.pk not in seen(expert)[2]  # no other visit of the expert found it
    assert seen(expert) == justified(expert)  # the demo visits stay


def test_pages_and_api_show_the_expert_only_the_assigned(client, expert, visit, chem, found):
    login_verified(client, expert)
    assert client.get(f"/enterprises/{chem.pk}/").status_code == 200
    assert client.get(f"/api/v1/enterprises/{chem.pk}").status_code == 200
    assert client.get(f"/hazards/{found.pk}/").status_code == 200
    assert client.get(f"/api/v1/hazards/{found.pk}").status_code == 200
    _, enterprises, hazards = justified(expert)
    listed = client.get("/api/v1/enterprises").json()
    assert {row["id"] for row in listed["items"]} == enterprises
    listed = client.get("/api/v1/hazards").json()
    assert {row["id"] for row in listed["items"]} == hazards and found.pk in hazards
    for other in Enterprise.objects.exclude(
        pk__in=Enterprise.objects.visible_to(expert).values("pk")
    ):
        assert client.get(f"/enterprises/{other.pk}/").status_code == 404
        assert client.get(f"/api/v1/enterprises/{other.pk}").status_code == 404
    for hazard in Hazard.objects.exclude(pk__in=hazards):
        assert client.get(f"/hazards/{hazard.pk}/").status_code == 404
        assert client.get(f"/api/v1/hazards/{hazard.pk}").status_code == 404
    for other in Inspection.objects.exclude(pk__in=Inspection.objects.visible_to(expert)):
        assert client.get(f"/inspections/code/{other.visit_code}/").status_code == 200  # public
        assert not Inspection.objects.visible_to(expert).filter(pk=other.pk).exists()
