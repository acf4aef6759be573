"""Periodic work as one idempotent command (`anjian tick`), run every minute.

Apps register hooks with `@register("name")`. Each hook runs under a lease taken with a
conditional UPDATE, so two ticks started at once (cron overlap, several servers) never run the
same hook together; hooks themselves must be idempotent (e.g. notifications carry a key).
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import TickLock

log = logging.getLogger("anjian.tick")
Hook = Callable[[], int | None]
_hooks: dict[str, Hook] = {}


def register(name: str) -> Callable[[Hook], Hook]:
    def decorator(fn: Hook) -> Hook:
        _hooks[name] = fn
        return fn

    return decorator


def hooks() -> dict[str, Hook]:
    return dict(_hooks)


def _acquire(name: str) -> bool:
    now = timezone.now()
    lease = now + timedelta(seconds=settings.ANJIAN["TICK_LOCK_SECONDS"])
    # Another tick may create the row at the same moment; either way it exists afterwards.
    with contextlib.suppress(IntegrityError), transaction.atomic():
        TickLock.objects.get_or_create(name=name)
    taken = TickLock.objects.filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now), name=name
    ).update(locked_until=lease, last_started=now)
    return taken == 1


def _release(name: str, error: str = "") -> None:
    TickLock.objects.filter(name=name).update(
        locked_until=None, last_finished=timezone.now(), last_error=error[:4000]
    )


@dataclass(frozen=True)
class HookResult:
    name: str
    ran: bool
    count: int = 0
    error: str = ""


def run(only: list[str] | None = None) -> list[HookResult]:
    results = []
    for name, fn in sorted(_hooks.items()):
        if only and name not in only:
            continue
        if not _acquire(name):
            results.append(HookResult(name, ran=False))
            continue
        try:
            count = fn() or 0
        except Exception:  # one failing hook must not stop the others
            error = traceback.format_exc()
            log.exception("tick hook %s failed", name)
            _release(name, error)
            results.append(HookResult(name, ran=True, error=error.splitlines()[-1]))
            continue
        _release(name)
        results.append(HookResult(name, ran=True, count=count))
    return results
