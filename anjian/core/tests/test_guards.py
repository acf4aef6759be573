"""Answers to signed-in users are not cached, and their 404s are audited, one event per burst."""

import pytest
from django.core.cache import cache

from anjian.core import guards
from anjian.core.models import AuditEvent
from anjian.hazards.models import Hazard
from tests.matrix import login_as


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()


def test_pages_and_api_answers_for_a_signed_in_user_are_not_stored(client, personas):
    login_as(client, personas, "township")
    for url in ("/", "/hazards/", "/api/v1/hazards"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_a_walk_through_record_numbers_is_two_audit_events(client, personas):
    login_as(client, personas, "other_ent")
    outside = Hazard.objects.exclude(
        pk__in=Hazard.objects.visible_to(personas["other_ent"])
    ).values_list("pk", flat=True)[:3]
    assert outside
    before = AuditEvent.objects.filter(event_type="authz.not_found").count()
    urls = [f"/hazards/{pk}/" for pk in outside] + [f"/api/v1/hazards/{pk}" for pk in outside]
    urls += [f"/api/v1/hazards/{900000 + n}" for n in range(guards.BURST + 5)]
    for url in urls:
        assert client.get(url).status_code == 404, url
    events = AuditEvent.objects.filter(event_type="authz.not_found").order_by("id")[before:]
    assert [e.actor_username for e in events] == ["other_ent"] * 2
    assert all(e.result == "denied" for e in events)
    assert f"/hazards/{outside[0]}/" in events[0].reason and "不在辖区内" in events[0].reason
    assert "疑似遍历编号" in events[1].reason


def test_an_anonymous_404_is_not_an_audit_event(client, db):
    before = AuditEvent.objects.count()
    assert client.get("/no-such-page/").status_code in (302, 404)
    assert AuditEvent.objects.count() == before
