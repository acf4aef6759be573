"""Monitoring pages: who sees which point and alarm, the point list and chart data with its
thresholds, acknowledging an alarm from the page, statistics, and the gateway token shown once.

The demo points are on a major hazard source of each of five enterprises (`tests/scopes.py`);
the chemical enterprise in 城东街道 has three: DEMO-LT-01, DEMO-GAS-01 and DEMO-PT-01, whose last
reading is over its high limit (an open alarm).
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.core.models import AuditEvent
from anjian.monitoring.models import Alarm, GatewayToken, MonitoringPoint
from anjian.monitoring.services import readings_post
from tests.matrix import check_page_matrix, login_as
from tests.scopes import CHEM, SEES, expected


@pytest.fixture
def alarm(personas) -> Alarm:
    """A high-high excursion of the chlorine gas point, still open."""
    point = MonitoringPoint.objects.get(code="DEMO-GAS-01")
    ts = (timezone.now() - timedelta(seconds=30)).isoformat()
    readings_post(
        batch=[{"point": point.code, "ts": ts, "value": 4.2}], enterprise_ids=[point.enterprise_id]
    )
    return Alarm.objects.get(point=point, status="open")


def test_the_point_page_matrix(client, personas):
    points = MonitoringPoint.objects.all()
    check_page_matrix(
        client,
        personas,
        url=lambda code: f"/monitoring/points/{code}/",
        expected=expected(points, key="code"),
        all_keys=points.values_list("code", flat=True),
    )


def test_the_alarm_page_matrix(client, personas, alarm):
    check_page_matrix(
        client,
        personas,
        url=lambda pk: f"/monitoring/alarms/{pk}/",
        expected={p: {alarm.pk} for p, names in SEES.items() if CHEM in names},
        all_keys={alarm.pk},
    )


def test_the_list_shows_latest_values_states_and_thresholds(client, personas):
    login_as(client, personas, "township")
    response = client.get("/monitoring/")
    assert response.status_code == 200
    # 城东街道: the chemical enterprise's three points and the construction site's gas point
    codes = {p.code for p in response.context["page"]}
    assert codes == {"DEMO-LT-01", "DEMO-GAS-01", "DEMO-PT-01", "DEMO-GAS-02"}
    html = response.content.decode()
    assert "高报 85" in html and "高高报 90" in html and "正常" in html
    login_as(client, personas, "other_ent")
    assert [p.code for p in client.get("/monitoring/").context["page"]] == ["DEMO-PT-02"]
    login_as(client, personas, "sysadmin")
    assert client.get("/monitoring/").status_code == 403


@pytest.mark.parametrize(("key", "resolution"), [("6h", "raw"), ("24h", "minute"), ("7d", "hour")])
def test_the_point_page_carries_the_chart_data_with_its_thresholds(
    client, personas, key, resolution
):
    login_as(client, personas, "ent_principal")
    response = client.get(f"/monitoring/points/DEMO-LT-01/?range={key}")
    chart = response.context["chart"]
    assert chart["resolution"] == resolution and chart["unit"] == "%"
    assert chart["thresholds"] == {"low_low": None, "low": None, "high": 85, "high_high": 90}
    html = response.content.decode()
    assert 'id="chart-data"' in html and "vendor/echarts/echarts.min.js" in html
    if key == "6h":
        assert len(chart["data"]) >= 300  # six hours of minute readings from the demo


def test_acknowledging_an_alarm_from_the_page(client, personas, alarm):
    login_as(client, personas, "ent_manager")
    listing = client.get("/monitoring/alarms/")
    assert [a.point.code for a in listing.context["page"]] == ["DEMO-GAS-01", "DEMO-PT-01"]
    assert 'data-testid="ack-open"' in listing.content.decode()
    response = client.post(
        f"/monitoring/alarms/{alarm.pk}/acknowledge/",
        {"cause": "false", "note": "探头受潮，已更换"},
        follow=True,
    )
    assert "已确认报警" in response.content.decode()
    alarm.refresh_from_db()
    assert (alarm.cause, alarm.disposal_note, alarm.acknowledged_by.username) == (
        "false",
        "探头受潮，已更换",
        "ent_manager",
    )
    again = client.post(
        f"/monitoring/alarms/{alarm.pk}/acknowledge/", {"cause": "real"}, follow=True
    )
    assert "该报警已被确认" in again.content.decode()
    stats = client.get("/monitoring/alarms/?status=").context["stats"]
    # with the demo's handled alarm on DEMO-LT-01, a real one
    assert (stats[0]["count"], stats[0]["open"], stats[0]["false_share"]) == (3, 2, 50.0)


def test_the_acknowledgement_is_the_pages_dialog(client, personas, alarm):
    login_as(client, personas, "ent_manager")
    url, hx = f"/monitoring/alarms/{alarm.pk}/acknowledge/", {"HX-Request": "true"}
    assert 'id="action-dialog"' in client.get(f"/monitoring/alarms/{alarm.pk}/").content.decode()
    dialog = client.get(url, headers=hx).content.decode()
    assert 'data-testid="action-form"' in dialog and 'name="cause"' in dialog
    refused = client.post(url, {"note": "探头受潮"}, headers=hx)  # no cause: the dialog again
    html = refused.content.decode()
    assert refused.status_code == 200 and "请选择报警原因。" in html and "探头受潮" in html
    assert client.post(url, {"note": "探头受潮"}).status_code == 422  # the page, without JS
    done = client.post(url, {"cause": "false", "note": "探头受潮"}, headers=hx)
    assert done.status_code == 204 and done.headers["HX-Refresh"] == "true"
    alarm.refresh_from_db()
    assert alarm.cause == "false"


def test_who_may_acknowledge(client, personas, alarm):
    login_as(client, personas, "grid")
    assert (
        client.post(f"/monitoring/alarms/{alarm.pk}/acknowledge/", {"cause": "real"}).status_code
        == 403
    )
    assert client.post(f"/monitoring/alarms/{alarm.pk}/acknowledge/", {}).status_code == 403
    login_as(client, personas, "other_ent")
    assert (
        client.post(f"/monitoring/alarms/{alarm.pk}/acknowledge/", {"cause": "real"}).status_code
        == 404
    )
    login_as(client, personas, "township")
    client.post(f"/monitoring/alarms/{alarm.pk}/acknowledge/", {"cause": "real", "back": "detail"})
    alarm.refresh_from_db()
    assert alarm.cause == "real"


def test_the_gateway_token_is_shown_once_and_only_to_the_enterprise(client, personas):
    login_as(client, personas, "township")
    assert 'data-testid="gateway"' not in client.get("/monitoring/").content.decode()
    assert client.post("/monitoring/tokens/", {"name": "网关"}).status_code == 403
    login_as(client, personas, "ent_manager")
    assert 'data-testid="gateway"' in client.get("/monitoring/").content.decode()
    response = client.post("/monitoring/tokens/", {"name": "罐区网关"})
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    raw = response.context["raw"]
    assert raw.startswith("gw_") and raw in response.content.decode()
    token = GatewayToken.objects.get(name="罐区网关")
    assert raw not in client.get("/monitoring/").content.decode()
    assert token.prefix in client.get("/monitoring/").content.decode()
    assert AuditEvent.objects.filter(event_type="monitoring.gateway.issue").exists()
    posted = client.post(
        "/api/v1/monitoring/readings",
        json.dumps([{"point": "DEMO-LT-01", "ts": timezone.now().isoformat(), "value": 61}]),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert posted.json()["accepted"] == 1


def test_the_enterprise_page_has_the_monitoring_panel(client, personas, alarm):
    login_as(client, personas, "township")
    html = client.get(f"/enterprises/{alarm.enterprise_id}/").content.decode()
    assert (
        'data-testid="panel-monitoring"' in html and "DEMO-GAS-01" in html and "报警中（2）" in html
    )
