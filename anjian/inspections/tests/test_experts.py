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


def test_the_demo_expert_sees_the_assigned_visit_and_its_enterprise(demo, expert):
    visits = Inspection.objects.visible_to(expert)
    assert visits.count() == 1
    visit = visits.get()
    assert visit.members.filter(user=expert, role=MemberRole.EXPERT).exists()
    assert list(Enterprise.objects.visible_to(expert)) == [visit.enterprise]
    assert not Hazard.objects.visible_to(expert).exists()


def test_joining_a_team_assigns_the_visit_its_enterprise_and_its_hazards(
    expert, visit, chem, found
):
    assert Inspection.objects.visible_to(expert).filter(pk=visit.pk).exists()
    assert Enterprise.objects.visible_to(expert).filter(pk=chem.pk).exists()
    assert list(Hazard.objects.visible_to(expert)) == [found]
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
    assert not Inspection.objects.visible_to(expert).filter(pk=visit.pk).exists()
    assert not Hazard.objects.visible_to(expert).exists()
    assert not Enterprise.objects.visible_to(expert).filter(pk=chem.pk).exists()
    assert Inspection.objects.visible_to(expert).count() == 1  # the demo visit stays


def test_pages_and_api_show_the_expert_only_the_assigned(client, expert, visit, chem, found):
    login_verified(client, expert)
    assert client.get(f"/enterprises/{chem.pk}/").status_code == 200
    assert client.get(f"/api/v1/enterprises/{chem.pk}").status_code == 200
    assert client.get(f"/hazards/{found.pk}/").status_code == 200
    assert client.get(f"/api/v1/hazards/{found.pk}").status_code == 200
    listed = client.get("/api/v1/enterprises").json()
    names = {row["name"] for row in listed["items"]}
    assert chem.name in names and len(names) == 2  # the plant and the demo visit's enterprise
    hazards = client.get("/api/v1/hazards").json()
    assert [row["id"] for row in hazards["items"]] == [found.pk]
    for other in Enterprise.objects.exclude(
        pk__in=Enterprise.objects.visible_to(expert).values("pk")
    ):
        assert client.get(f"/enterprises/{other.pk}/").status_code == 404
        assert client.get(f"/api/v1/enterprises/{other.pk}").status_code == 404
    for hazard in Hazard.objects.exclude(pk=found.pk):
        assert client.get(f"/hazards/{hazard.pk}/").status_code == 404
        assert client.get(f"/api/v1/hazards/{hazard.pk}").status_code == 404
    for other in Inspection.objects.exclude(pk__in=Inspection.objects.visible_to(expert)):
        assert client.get(f"/inspections/code/{other.visit_code}/").status_code == 200  # public
        assert not Inspection.objects.visible_to(expert).filter(pk=other.pk).exists()
