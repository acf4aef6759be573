import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from anjian.core import tick
from anjian.core.models import Notification
from anjian.monitoring.models import Alarm, MonitoringPoint, Reading
from anjian.monitoring.services import gateway_token_issue
from tests.matrix import check_action_matrix, check_api_matrix, login_as
from tests.scopes import expected


def _post(client, batch, **headers):
    return client.post(
        "/api/v1/monitoring/readings",
        json.dumps(batch),
        content_type="application/json",
        headers=headers,
    )


def _ts(minutes_from_now=0.0):
    return (timezone.now() + timedelta(minutes=minutes_from_now)).isoformat()


@pytest.fixture
def gateway(personas):
    chem = MonitoringPoint.objects.get(code="DEMO-LT-01").enterprise
    raw, _ = gateway_token_issue(actor=personas["ent_manager"], enterprise=chem, name="罐区网关")
    return {"Authorization": f"Bearer {raw}"}


def test_a_batch_with_five_bad_rows_keeps_the_good_ones_and_names_the_bad(
    client, personas, gateway
):
    before = Reading.objects.count()
    batch = [
        {"point": "DEMO-LT-01", "ts": _ts(-1), "value": 60.5},
        {"point": "NO-SUCH", "ts": _ts(-1), "value": 1},
        {"point": "DEMO-GAS-01", "ts": _ts(-1), "value": "high"},
        {"point": "DEMO-GAS-01", "ts": _ts(60), "value": 0.3},
        {"point": "DEMO-LT-01", "ts": "yesterday", "value": 61},
        {
            "point": MonitoringPoint.objects.get(code="DEMO-GAS-01").pk,
            "ts": _ts(-0.5),
            "value": 0.4,
        },
        {"ts": _ts(-1), "value": 2},
    ]
    response = _post(client, batch, **gateway)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["accepted"] == 2
    assert [r["index"] for r in body["rejected"]] == [1, 2, 3, 4, 6]
    assert all(r["reason"] for r in body["rejected"])
    assert "未来" in body["rejected"][2]["reason"] or "晚于" in body["rejected"][2]["reason"]
    assert Reading.objects.count() == before + 2


def test_a_high_high_excursion_opens_exactly_one_alarm_and_closes_on_normal(
    client, personas, gateway, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        for step, value in enumerate([92, 95, 97, 93, 91]):
            _post(
                client, [{"point": "DEMO-LT-01", "ts": _ts(0.1 * step), "value": value}], **gateway
            )
    alarms = Alarm.objects.filter(point__code="DEMO-LT-01", opened_at__gte=_ts(-1))
    assert alarms.count() == 1
    alarm = alarms.get()
    assert (alarm.kind, alarm.status, alarm.first_value, alarm.peak_value) == (
        "high_high",
        "open",
        92,
        97,
    )
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, [{"point": "DEMO-LT-01", "ts": _ts(1), "value": 70}], **gateway)
    alarm.refresh_from_db()
    assert alarm.status == "closed" and alarm.closed_at is not None
    for who in ("ent_manager", "township"):
        assert (
            Notification.objects.filter(recipient=personas[who], title__startswith="高高报").count()
            == 1
        )
    assert not Notification.objects.filter(recipient=personas["other_ent"]).exists()


def test_a_high_alarm_escalates_to_high_high_within_the_same_excursion(client, personas, gateway):
    _post(
        client,
        [
            {"point": "DEMO-LT-01", "ts": _ts(0.1), "value": 86},
            {"point": "DEMO-LT-01", "ts": _ts(0.2), "value": 91},
        ],
        **gateway,
    )
    alarm = Alarm.objects.get(point__code="DEMO-LT-01", status="open")
    assert alarm.kind == "high_high" and alarm.first_value == 86


def test_out_of_order_readings_are_stored_but_do_not_move_the_state(client, personas, gateway):
    _post(client, [{"point": "DEMO-GAS-01", "ts": _ts(0.1), "value": 0.2}], **gateway)
    _post(client, [{"point": "DEMO-GAS-01", "ts": _ts(-30), "value": 5}], **gateway)
    point = MonitoringPoint.objects.get(code="DEMO-GAS-01")
    assert point.state == "normal" and not Alarm.objects.filter(point=point).exists()


def test_a_gateway_posts_only_for_its_own_enterprise(client, personas):
    from anjian.enterprises.models import Enterprise

    other = Enterprise.objects.get(name="西山新型建材有限公司")
    raw, _ = gateway_token_issue(actor=personas["other_ent"], enterprise=other, name="x")
    body = _post(
        client, [{"point": "DEMO-LT-01", "ts": _ts(-1), "value": 50}], Authorization=f"Bearer {raw}"
    ).json()
    assert body["accepted"] == 0 and body["rejected"][0]["index"] == 0


def test_a_regulator_is_refused_before_the_body_is_read(client, personas):
    login_as(client, personas, "township")
    response = client.post("/api/v1/monitoring/readings", "{}", content_type="application/json")
    assert response.status_code == 403


def test_who_may_post_readings(client, personas):
    def act(c, name):
        response = _post(c, [{"point": "DEMO-GAS-01", "ts": _ts(-1), "value": 0.1}])
        ok = response.status_code == 200 and response.json()["accepted"] == 1
        return type("R", (), {"status_code": 200 if ok else 403})()

    check_action_matrix(client, personas, act=act, allowed={"ent_manager", "ent_principal"})


def _offline():
    open_alarms = Alarm.objects.filter(kind="offline", status="open")
    return sorted(open_alarms.values_list("point__code", flat=True))


def test_silence_opens_one_offline_alarm_and_data_closes_it(client, personas, gateway):
    # every demo point has reported within the last 10 minutes and goes offline after 30 silent ones
    demo_points = ["DEMO-GAS-01", "DEMO-GAS-02", "DEMO-GAS-03", "DEMO-GAS-04"]
    demo_points += ["DEMO-LT-01", "DEMO-PT-01", "DEMO-PT-02"]
    later = timezone.now() + timedelta(minutes=45)
    with time_machine.travel(later):
        tick.run(["monitoring.offline"])
        tick.run(["monitoring.offline"])
        assert _offline() == demo_points  # one apiece, however often the tick runs
        _post(
            client,
            [{"point": "DEMO-LT-01", "ts": timezone.now().isoformat(), "value": 60}],
            **gateway,
        )
    assert _offline() == [c for c in demo_points if c != "DEMO-LT-01"]
    assert MonitoringPoint.objects.get(code="DEMO-LT-01").state == "normal"


def test_points_and_alarms_matrix(client, personas, gateway):
    _post(client, [{"point": "DEMO-GAS-01", "ts": _ts(0.1), "value": 4}], **gateway)
    points = MonitoringPoint.objects.all()
    check_api_matrix(
        client,
        personas,
        list_url="/api/v1/monitoring/points",
        detail_url=lambda pk: f"/api/v1/monitoring/points/{pk}",
        expected=expected(points),
        all_keys=points.values_list("id", flat=True),
    )
    alarms = Alarm.objects.all()
    check_api_matrix(
        client,
        personas,
        list_url="/api/v1/monitoring/alarms",
        detail_url=lambda pk: f"/api/v1/monitoring/alarms/{pk}",
        expected=expected(alarms),
        all_keys=alarms.values_list("id", flat=True),
    )


def test_acknowledging_and_alarm_statistics(client, personas, gateway):
    _post(client, [{"point": "DEMO-GAS-01", "ts": _ts(0.1), "value": 4}], **gateway)
    alarm = Alarm.objects.get(point__code="DEMO-GAS-01")
    login_as(client, personas, "ent_manager")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        response = client.post(
            f"/api/v1/monitoring/alarms/{alarm.pk}/acknowledge",
            json.dumps({"cause": "false", "note": "探头受潮"}),
            content_type="application/json",
        )
    assert response.status_code == 200 and response.json()["cause"] == "false"
    again = client.post(
        f"/api/v1/monitoring/alarms/{alarm.pk}/acknowledge",
        json.dumps({"cause": "real"}),
        content_type="application/json",
    )
    assert again.status_code == 409
    stats = client.get("/api/v1/monitoring/alarms/stats").json()
    # the demo's open high alarm on DEMO-PT-01 and its handled one on DEMO-LT-01 (a real one)
    # count too; acknowledging does not close one
    assert [(s["name"], s["count"], s["open"]) for s in stats] == [("东湖精细化工有限公司", 3, 2)]
    assert stats[0]["false_share"] == 50.0 and stats[0]["mean_minutes_to_acknowledge"] >= 4


def test_the_series_carries_the_thresholds(client, personas):
    login_as(client, personas, "township")
    since = (timezone.now() - timedelta(hours=2)).isoformat()
    body = client.get("/api/v1/monitoring/points/DEMO-LT-01/series", {"since": since}).json()
    assert body["resolution"] == "raw" and len(body["data"]) >= 100
    assert body["thresholds"]["high"] == 85 and body["thresholds"]["high_high"] == 90
    since = (timezone.now() - timedelta(days=2)).isoformat()
    body = client.get("/api/v1/monitoring/points/DEMO-LT-01/series", {"since": since}).json()
    assert body["resolution"] == "minute" and body["data"]


def test_a_reading_dated_before_2000_is_refused_by_index(client, personas, gateway):
    batch = [
        {"point": "DEMO-LT-01", "ts": "1999-12-31T23:59:00+08:00", "value": 60},
        {"point": "DEMO-LT-01", "ts": _ts(-1), "value": 60},
    ]
    body = _post(client, batch, **gateway).json()
    assert body["accepted"] == 1
    assert body["rejected"] == [{"index": 0, "reason": "时间 ts 早于 2000 年，请校准网关时钟。"}]


@pytest.mark.parametrize(
    ("thresholds", "ok"),
    [
        ({"low_low": 1, "low": 1, "high": 5, "high_high": 5}, True),
        ({"low": 2, "high_high": 9}, True),
        ({"low_low": 3, "low": 2}, False),
        ({"low": 5, "high": 5}, False),
        ({"high": 9, "high_high": 8}, False),
        ({"low_low": 6, "high": 5}, False),
    ],
)
def test_thresholds_must_be_in_order(client, personas, thresholds, ok):
    login_as(client, personas, "ent_manager")
    chem = MonitoringPoint.objects.get(code="DEMO-LT-01").enterprise
    body = {"enterprise": chem.pk, "code": "T-ORDER", "name": "测试点", "kind": "level"}
    body |= {"unit": "%", **thresholds}
    response = client.post(
        "/api/v1/monitoring/points", json.dumps(body), content_type="application/json"
    )
    if ok:
        assert response.status_code == 201, response.content
    else:
        assert response.status_code == 422, response.content
        assert "低低报 ≤ 低报 < 高报 ≤ 高高报" in response.json()["message"]
        assert not MonitoringPoint.objects.filter(code="T-ORDER").exists()
