"""Benchmarks of hazards: the district officer's overdue list and the statistics."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from anjian.core.bench import BenchContext, client_for, latency, scenario
from anjian.core.scoping import within_region

from .models import Hazard

OVERDUE_SQL = """
SELECT h.id, h.number, h.description, h.deadline, h.grade, h.status, e.name
FROM hazards_hazard h JOIN enterprises_enterprise e ON e.id = h.enterprise_id
WHERE h.region_code >= %s AND h.region_code < %s AND h.voided_at IS NULL
  AND h.status IN ('reported', 'rectifying', 'pending_acceptance') AND h.deadline < %s
ORDER BY CASE WHEN h.grade = 'major' THEN 0 ELSE 1 END, h.deadline, h.id DESC LIMIT 51
"""
LIST_SQL = """
SELECT h.id, h.number, h.description, h.location, h.deadline, h.grade, h.status, h.found_at,
       e.name, s.name
FROM hazards_hazard h JOIN enterprises_enterprise e ON e.id = h.enterprise_id
JOIN regions_sector s ON s.id = h.sector_id
WHERE h.region_code >= %s AND h.region_code < %s
ORDER BY h.found_at DESC, h.id DESC LIMIT 31
"""
STATS_SQL = """
SELECT count(*), count(*) FILTER (WHERE status = 'closed'),
       count(*) FILTER (WHERE confirmed_at IS NOT NULL), sum(cost)
FROM hazards_hazard WHERE region_code >= %s AND region_code < %s AND status <> 'voided'
"""
STATS_SQL_SQLITE = """
SELECT count(*), sum(status = 'closed'), sum(confirmed_at IS NOT NULL), sum(cost)
FROM hazards_hazard WHERE region_code >= %s AND region_code < %s AND status <> 'voided'
"""


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()


@scenario("hazards.district")
def district_views(ctx: BenchContext):
    client = client_for("bench_district")
    prefix = ["990120000000", "990121000000"]  # the district's code range
    total = Hazard.objects.filter(within_region("region_code", "990120")).count()
    today = timezone.localdate()
    detail = f"区内 {total} 条，全市 {Hazard.objects.count()} 条"
    stats_sql = STATS_SQL if connection.vendor == "postgresql" else STATS_SQL_SQLITE

    def api_list():
        response = client.get("/api/v1/hazards?overdue=true&sort=overdue&limit=50")
        assert response.status_code == 200, response.content

    def page_list():
        response = client.get("/hazards/?overdue=true&sort=overdue")
        assert response.status_code == 200

    def page_all():
        response = client.get("/hazards/")
        assert response.status_code == 200

    def stats():
        response = client.get("/api/v1/hazards/stats")
        assert response.status_code == 200

    floor_list = lambda: _raw(OVERDUE_SQL, [*prefix, today])  # noqa: E731
    figures = [
        latency("隐患逾期列表 API（区级，重大在前）", api_list, floor_list, ctx.repeat, detail),
        latency("隐患统计 API（区级）", stats, lambda: _raw(stats_sql, prefix), ctx.repeat, detail),
    ]
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("hazards:list")
    except NoReverseMatch:
        return figures
    figures.insert(1, latency("隐患逾期列表页（区级）", page_list, floor_list, ctx.repeat, detail))
    floor_page = lambda: _raw(LIST_SQL, prefix)  # noqa: E731
    figures.insert(
        2, latency("隐患清单页（区级，最近发现）", page_all, floor_page, ctx.repeat, detail)
    )
    return figures
