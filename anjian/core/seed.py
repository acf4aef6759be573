"""The one data generator: demo data for people to try, and bulk data at any scale for benchmarks.

Each app registers a demo step and a scale step (in order). Demo steps are idempotent; scale steps
insert in batches with bulk operations so that 100,000 enterprises and millions of child rows take
minutes. Never run by migrations or in production.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

BATCH = 5000


@dataclass
class SeedContext:
    password: str = ""
    scale: int = 0
    rng: random.Random = field(default_factory=lambda: random.Random(20261122))  # noqa: S311
    out: Callable[[str], None] = print
    data: dict[str, Any] = field(default_factory=dict)  # what earlier steps made, for later steps


_demo: list[tuple[int, str, Callable[[SeedContext], None]]] = []
_scale: list[tuple[int, str, Callable[[SeedContext], None]]] = []


def demo_step(order: int, name: str):
    def decorator(fn):
        _demo.append((order, name, fn))
        return fn

    return decorator


def scale_step(order: int, name: str):
    def decorator(fn):
        _scale.append((order, name, fn))
        return fn

    return decorator


def demo_steps():
    return sorted(_demo, key=lambda s: s[0])


def scale_steps():
    return sorted(_scale, key=lambda s: s[0])


def batched(items, size: int = BATCH):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
