"""Benchmark: sustained ingestion through the HTTP API in batches of 1,000, thresholds evaluated,
next to the database's fastest bulk path; and the alarm list's latency while ingesting."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta

from django.db import close_old_connections, transaction
from django.test import Client
from django.utils import timezone

from anjian.core.bench import BenchContext, Figure, client_for, percentiles, scenario

from .ingest import _store
from .models import MonitoringPoint

BATCH = 1000
BATCHES = 40


def _batches(points: list[str], start) -> list[bytes]:
    bodies = []
    step = 0
    for _ in range(BATCHES):
        rows = []
        while len(rows) < BATCH:
            ts = (start + timedelta(milliseconds=step * 100)).isoformat()
            for code in points:
                rows.append({"point": code, "ts": ts, "value": 5.0 + (step % 50) / 10})
                if len(rows) == BATCH:
                    break
            step += 1
        bodies.append(json.dumps(rows).encode())
    return bodies


@scenario("monitoring.ingest")
def ingestion(ctx: BenchContext) -> list[Figure]:
    points = list(MonitoringPoint.objects.filter(code__startswith="BENCH-").order_by("code"))
    if not points:
        return []
    with transaction.atomic():
        raw, _ = _token(points[0].enterprise)
    client = Client(SERVER_NAME="127.0.0.1")
    headers = {"Authorization": f"Bearer {raw}"}
    bodies = _batches([p.code for p in points], timezone.now() - timedelta(hours=2))
    latencies: list[float] = []
    done = threading.Event()
    watcher = threading.Thread(target=_watch_alarms, args=(latencies, done))
    watcher.start()
    started = time.perf_counter()
    for body in bodies:
        response = client.post(
            "/api/v1/monitoring/readings", body, content_type="application/json", headers=headers
        )
        assert response.status_code == 200 and response.json()["accepted"] == BATCH, (
            response.content
        )
    elapsed = time.perf_counter() - started
    done.set()
    watcher.join()
    rate = BATCH * BATCHES / elapsed
    floor = _floor([p.pk for p in points])
    p50, p95 = percentiles(latencies) if latencies else (0.0, 0.0)
    return [
        Figure(
            "监测数据接入（HTTP，每批 1000 条，含阈值判断）",
            "rows/s",
            round(rate),
            round(rate),
            round(floor),
            f"{BATCH * BATCHES} 条，{len(points)} 个监测点；下限为直接批量写入（PostgreSQL 为 COPY）",
        ),
        Figure(
            "接入期间报警列表 API",
            "ms",
            round(p50, 2),
            round(p95, 2),
            0,
            f"{len(latencies)} 次请求",
        ),
    ]


def _token(plant):
    import hashlib
    import secrets

    from .models import GatewayToken

    raw = "gw_" + secrets.token_urlsafe(32)
    GatewayToken.objects.create(
        enterprise=plant,
        name="bench",
        prefix=raw[:10],
        key_hash=hashlib.sha256(raw.encode()).hexdigest(),
    )
    return raw, None


def _watch_alarms(latencies: list[float], done: threading.Event) -> None:
    client = client_for("city")
    while not done.is_set():
        started = time.perf_counter()
        client.get("/api/v1/monitoring/alarms?status=open&limit=50")
        latencies.append((time.perf_counter() - started) * 1000)
        time.sleep(0.05)
    close_old_connections()


def _floor(point_ids: list[int]) -> float:
    start = timezone.now() - timedelta(days=3)
    rows = [
        (point_ids[i % len(point_ids)], start + timedelta(milliseconds=i), 5.0)
        for i in range(BATCH * BATCHES)
    ]
    with transaction.atomic():
        began = time.perf_counter()
        for i in range(0, len(rows), BATCH):
            _store(rows[i : i + BATCH])
        rate = len(rows) / (time.perf_counter() - began)
        transaction.set_rollback(True)
    return rate
