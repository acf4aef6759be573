"""The yearly cap: counted per enterprise and year, enforced when a check is planned, passed
only with an audited override by a named higher authority."""

from datetime import date

import pytest

from anjian.accounts.models import User
from anjian.core.errors import Forbidden
from anjian.core.models import AuditEvent
from anjian.enterprises.models import Enterprise
from anjian.inspections import selectors_caps, services_caps, services_visits
from anjian.inspections.models import EnterpriseClass
from anjian.inspections.services_caps import CapReached


@pytest.fixture
def chem(personas):
    return Enterprise.objects.get(name="东湖精细化工有限公司")


@pytest.fixture
def team(personas):
    return [personas["district"], User.objects.get(username="inspector2")]


def set_cap(enterprise, cap, year=2026):
    """The demo classes every enterprise; a test narrows one enterprise's cap."""
    EnterpriseClass.objects.update_or_create(
        enterprise=enterprise,
        year=year,
        defaults={"scheme": "shanxi-2025", "category": "level1", "cap": cap},
    )


def plan(personas, chem, team, day=date(2026, 3, 2), **kw):
    return services_visits.inspection_create(
        actor=personas["district"], enterprise=chem, planned_on=day, team=team, **kw
    )


def test_a_check_above_the_cap_is_refused_with_the_reason(personas, chem, team):
    set_cap(chem, 1)
    plan(personas, chem, team)
    assert selectors_caps.usage(chem.pk, 2026).as_dict() == {"year": 2026, "cap": 1, "used": 1}
    with pytest.raises(CapReached) as refused:
        plan(personas, chem, team, day=date(2026, 6, 1))
    assert "达到年度检查次数上限 1 次" in refused.value.message
    services_caps.record_refusal(personas["district"], refused.value)
    assert AuditEvent.objects.filter(event_type="inspection.cap_refused").exists()
    # another year, and a higher-level special check, do not count against it
    plan(personas, chem, team, day=date(2027, 1, 5))
    plan(personas, chem, team, day=date(2026, 7, 1), kind="higher_special")


def test_an_override_by_the_named_authority_lets_one_check_through(personas, chem, team):
    set_cap(chem, 1)
    plan(personas, chem, team)
    with pytest.raises(Forbidden):
        services_caps.cap_override(
            actor=personas["district"], enterprise=chem, year=2026, reason="群众举报核查"
        )
    override = services_caps.cap_override(
        actor=personas["city"], enterprise=chem, year=2026, reason="群众举报核查"
    )
    event = AuditEvent.objects.get(event_type="inspection.cap_override")
    assert event.actor == personas["city"] and "群众举报" in event.reason
    second = plan(personas, chem, team, day=date(2026, 6, 1))
    override.refresh_from_db()
    assert second.over_cap and override.used_by == second
    with pytest.raises(CapReached):  # one override, one check
        plan(personas, chem, team, day=date(2026, 8, 1))


def test_a_team_needs_two_certified_officers(personas, chem):
    with pytest.raises(Exception, match="两名以上持有效行政执法证"):
        plan(personas, chem, [personas["district"], personas["grid"]])
