"""监督检查统计: checks against the plan's quotas, key enterprises covered, findings per check,
re-checks on time, over-cap refusals and the unannounced share — in a fixed number of queries,
within the user's jurisdiction, on the page, in Excel and through the API."""

from __future__ import annotations

import io
from datetime import datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from anjian.core import audit
from anjian.core.errors import Forbidden
from anjian.enterprises.models import Enterprise
from anjian.inspections import selectors_stats
from anjian.inspections.choices import Result
from anjian.inspections.models import Finding, Inspection, InspectionPlan, Recheck
from tests.personas import login_verified

YEAR = 2026
EAST = "东湖区应急管理局"


def _east(stats):
    return next(r for r in stats["offices"] if r["office"] == EAST)


@pytest.fixture
def scenario(personas):
    """The demo's six finished visits of 东湖区 (last month), with a plan, findings, re-checks
    and one refusal over the cap."""
    district = personas["district"]
    visits = list(
        Inspection.objects.filter(
            office_id=district.organisation_id, status="closed", visit_code__startswith="DHJC"
        )
    )
    # the other parts' demo visits of the office (signed today, planned, drawn) stay out
    Inspection.objects.filter(office_id=district.organisation_id).exclude(
        pk__in=[v.pk for v in visits]
    ).update(status="cancelled")
    year = visits[0].planned_on.year
    plan, _ = InspectionPlan.objects.update_or_create(  # the demo's plan, if it has one
        office_id=district.organisation_id,
        year=year,
        defaults={
            "region_code": district.organisation.region_code,
            "title": "东湖区年度监督检查计划",
            "monthly_quotas": [3] * 12,
        },
    )
    keys = [visits[0].enterprise, Enterprise.objects.get(name="临江路桥建设集团有限公司")]
    plan.key_enterprises.set(keys)
    for n, visit in enumerate(visits[:3]):
        Finding.objects.create(
            inspection=visit,
            result=Result.NONCONFORM if n < 2 else Result.CONFORM,
            checked_by=district,
            checked_at=timezone.now(),
        )
    due = visits[0].planned_on
    on_time = timezone.make_aware(datetime.combine(due, time(10)))
    late = timezone.make_aware(datetime.combine(due.replace(day=28), time(10)))
    Recheck.objects.create(inspection=visits[0], due_on=due, done_at=on_time)
    Recheck.objects.create(inspection=visits[1], due_on=due, done_at=late)
    audit.record("inspection.cap_refused", actor=district, result="denied")
    return {"year": year, "visits": visits, "month": due.month}


def test_the_figures_of_an_office(personas, scenario):
    stats = selectors_stats.statistics(personas["district"], scenario["year"])
    east = _east(stats)
    assert east["done"] == 6
    assert east["months"][scenario["month"] - 1] == {
        "month": scenario["month"],
        "done": 6,
        "quota": 3,
    }
    assert east["quota"] == 36 and east["quota_rate"] == round(100 * 6 / 36, 1)
    assert (east["key_total"], east["key_covered"]) == (2, 1)
    assert east["findings"] == 2 and east["findings_per_check"] == 0.33
    assert (east["rechecks_due"], east["rechecks_on_time"], east["on_time_rate"]) == (2, 1, 50.0)
    assert east["refusals"] == 1
    assert east["unannounced"] == 2 and east["unannounced_share"] == 33.3


def test_the_count_of_queries_does_not_grow_with_the_rows(personas, scenario):
    user = personas["district"]
    user.has_perm(selectors_stats.PERMISSION)  # the permission cache, outside the count
    with CaptureQueriesContext(connection) as few:
        selectors_stats.statistics(user, scenario["year"])
    for visit in scenario["visits"]:
        Finding.objects.create(
            inspection=visit,
            result=Result.NONCONFORM,
            note="再查",
            checked_by=user,
            checked_at=timezone.now(),
        )
        Recheck.objects.create(inspection=visit, due_on=visit.planned_on)
    with CaptureQueriesContext(connection) as many:
        stats = selectors_stats.statistics(user, scenario["year"])
    assert _east(stats)["findings"] == 8
    assert len(many) == len(few) <= 6


def test_other_districts_are_outside_the_officer_s_statistics(personas, scenario):
    west = selectors_stats.statistics(personas["district_b"], scenario["year"])
    assert all(r["office"] != EAST for r in west["offices"])
    city = selectors_stats.statistics(personas["city"], scenario["year"])
    assert _east(city)["done"] == 6


@pytest.mark.parametrize("who", ["ent_manager", "grid", "sysadmin"])
def test_statistics_need_their_permission(personas, who):
    with pytest.raises(Forbidden):
        selectors_stats.statistics(personas[who], YEAR)


def test_a_quota_list_or_mapping_is_read_and_nonsense_counts_as_none():
    assert selectors_stats.quota_of([1, 2, 3], 2) == 2
    assert selectors_stats.quota_of([1, 2, 3], 5) == 0
    assert selectors_stats.quota_of({"4": "7"}, 4) == 7
    assert selectors_stats.quota_of(["x"], 1) == 0
    assert selectors_stats.quota_of([-3], 1) == 0
    assert selectors_stats.quota_of(None, 1) == 0


def test_the_page_the_export_and_the_api_agree(client, personas, scenario):
    login_verified(client, personas["district"])
    year = scenario["year"]
    page = client.get("/inspections/stats/", {"year": year})
    assert page.status_code == 200
    text = page.content.decode()
    assert EAST in text and "四不两直占比" in text and "6/36" in text
    export = client.get("/inspections/stats/export/", {"year": year})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert rows[EAST][13] == 6 and rows[EAST][14] == 36
    assert "合计" in rows
    data = client.get("/api/v1/inspection-stats", {"year": year}).json()
    assert _east(data)["done"] == 6 and _east(data)["refusals"] == 1
    assert client.get("/api/v1/inspection-stats", {"year": 1990}).status_code == 422


def test_the_export_is_audited(client, personas, scenario):
    from anjian.core.models import AuditEvent

    login_verified(client, personas["district"])
    client.get("/inspections/stats/export/", {"year": scenario["year"]})
    assert AuditEvent.objects.filter(event_type="inspection.stats_export").exists()


def test_an_enterprise_user_is_refused_the_page(client, personas):
    login_verified(client, personas["ent_manager"])
    assert client.get("/inspections/stats/").status_code == 403
    assert client.get("/api/v1/inspection-stats").status_code == 403


def test_an_empty_year_reads_well(client, personas):
    login_verified(client, personas["district"])
    page = client.get("/inspections/stats/", {"year": 2020}).content.decode()
    assert "本年度辖区内没有检查或计划" in page
