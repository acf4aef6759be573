"""Benchmark scenarios registered by apps, each measured next to its floor.

The floor is the same work done the cheapest way the database allows (raw SQL, bulk insert),
so the ratio shows what the application's layers cost, independent of the machine.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

_scenarios: dict[str, Callable[[BenchContext], list[Figure]]] = {}


@dataclass
class BenchContext:
    vendor: str
    scale: int
    repeat: int = 50


@dataclass(frozen=True)
class Figure:
    scenario: str
    unit: str  # "ms" (latency, lower is better) or "rows/s" (throughput, higher is better)
    p50: float
    p95: float
    floor: float
    detail: str = ""

    @property
    def ratio(self) -> float:
        if not self.floor:
            return 0.0
        return self.p50 / self.floor if self.unit == "ms" else self.floor / self.p50

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": round(self.ratio, 2)}


def scenario(name: str):
    def decorator(fn):
        _scenarios[name] = fn
        return fn

    return decorator


def scenarios() -> dict[str, Callable[[BenchContext], list[Figure]]]:
    return dict(_scenarios)


def timed(fn: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    """Run fn repeatedly; return the durations in milliseconds."""
    for _ in range(warmup):
        fn()
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def latency(name: str, work, floor, repeat: int, detail: str = "") -> Figure:
    p50, p95 = percentiles(timed(work, repeat))
    floor_p50, _ = percentiles(timed(floor, repeat))
    return Figure(name, "ms", round(p50, 2), round(p95, 2), round(floor_p50, 3), detail)


def client_for(username: str):
    """An in-process HTTP client logged in as `username`, second factor verified."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
