"""Which band a value is in, given a point's thresholds (pure; no database)."""

from __future__ import annotations

from .choices import SEVERITY, PointState


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


def threshold_of(point, state: str):
    return {
        "high": point.high,
        "high_high": point.high_high,
        "low": point.low,
        "low_low": point.low_low,
    }.get(state)


def worse(a: str, b: str) -> bool:
    """Is band `a` more severe than `b` (in the same direction or from normal)?"""
    return SEVERITY.get(a, 0) > SEVERITY.get(b, 0)
