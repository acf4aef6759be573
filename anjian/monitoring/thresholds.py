"""Which band a value is in, given a point's thresholds (pure; no database)."""

from __future__ import annotations

from .choices import SEVERITY, PointState

THRESHOLDS = ("low_low", "low", "high", "high_high")  # low to high; named as their bands


def band(value: float, *, low_low=None, low=None, high=None, high_high=None) -> str:
    """normal / high / high_high / low / low_low; a threshold is reached when value ≥ it (≤ for lows)."""
    if high_high is not None and value >= high_high:
        return PointState.HIGH_HIGH
    if high is not None and value >= high:
        return PointState.HIGH
    if low_low is not None and value <= low_low:
        return PointState.LOW_LOW
    if low is not None and value <= low:
        return PointState.LOW
    return PointState.NORMAL


def limits(point) -> dict[str, float | None]:
    return {key: getattr(point, key) for key in THRESHOLDS}


def labelled(point) -> list[tuple[str, float]]:
    """The point's set thresholds, low to high, with their Chinese names (高报 …)."""
    return [(PointState(key).label, v) for key, v in limits(point).items() if v is not None]


def threshold_of(point, state: str):
    return getattr(point, state) if state in THRESHOLDS else None


def worse(a: str, b: str) -> bool:
    """Is band `a` more severe than `b` (in the same direction or from normal)?"""
    return SEVERITY.get(a, 0) > SEVERITY.get(b, 0)
