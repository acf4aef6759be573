"""Risk points and major hazard sources: strict enumerations and plausible dates, every
problem in one answer."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.enterprises.models import Enterprise
from anjian.risks.models import MajorHazardSource, RiskPoint
from tests.matrix import login_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def chem(personas):
    return Enterprise.objects.get(name="东湖精细化工有限公司")


def _point(client, chem, **fields):
    body = {
        "enterprise": chem.pk,
        "name": "装卸作业",
        "kind": "activity",
        "hazard_factors": "车辆伤害",
        "method": "ls",
        "L": 2,
        "S": 3,
        "responsible_person": "吴安全",
        **fields,
    }
    return client.post("/api/v1/risk-points", json.dumps(body), content_type="application/json")


def _fields(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {e["field"] for e in response.json()["details"]["errors"]}


def test_an_unknown_kind_and_a_past_review_date_are_refused_together(client, personas, chem):
    login_as(client, personas, "ent_manager")
    yesterday = timezone.localdate() - timedelta(days=1)
    before = RiskPoint.objects.count()
    response = _point(client, chem, kind="machine", review_on=yesterday.isoformat(), L=9)
    assert _fields(response) == {"kind", "review_on", "L"}
    assert RiskPoint.objects.count() == before


def test_a_blank_kind_is_refused_not_stored(client, personas, chem):
    login_as(client, personas, "ent_manager")
    assert _fields(_point(client, chem, kind="")) == {"kind"}


def test_today_or_later_is_a_good_next_review(client, personas, chem):
    login_as(client, personas, "ent_manager")
    response = _point(client, chem, review_on=timezone.localdate().isoformat())
    assert response.status_code == 201, response.content


def test_an_unknown_method_is_refused_in_chinese(client, personas, chem):
    login_as(client, personas, "ent_manager")
    response = _point(client, chem, method="fmea")
    assert _fields(response) == {"method"}
    assert "LEC" in response.json()["details"]["errors"][0]["message"]


def test_a_source_with_an_unknown_unit_kind_or_a_future_assessment_is_refused(
    client, personas, chem
):
    login_as(client, personas, "ent_manager")
    body = {
        "enterprise": chem.pk,
        "name": "液氨储罐",
        "unit_kind": "warehouse",
        "exposed_people_500m": 10,
        "assessed_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        "principal": "张主任",
        "technical_lead": "李技术",
        "operations_lead": "王操作",
        "substances": [{"name": "氨", "q_t": "5"}],
    }
    before = MajorHazardSource.objects.count()
    response = client.post(
        "/api/v1/major-hazard-sources", json.dumps(body), content_type="application/json"
    )
    assert _fields(response) == {"unit_kind", "assessed_on"}
    assert MajorHazardSource.objects.count() == before


def test_an_override_reason_over_the_limit_is_refused_not_cut(personas, chem):
    from anjian.core.errors import Invalid
    from anjian.risks import services

    with pytest.raises(Invalid, match="最多 300 字"):
        services.enterprise_risk_override(
            actor=personas["district"], enterprise=chem, level="major", reason="理" * 301
        )
    chem.refresh_from_db()
    assert len(chem.risk_grade_reason) <= 300 and chem.risk_grade_reason != "理" * 300
