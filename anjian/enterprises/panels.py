"""Panels on the one-enterprise page (一企一档) that other apps contribute.

An app registers a panel (title, template, context function); the enterprise page shows the
panels in order without importing those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    order: int
    context: Callable  # (enterprise, user) -> dict, or None to hide the panel for this user


_panels: dict[str, Panel] = {}


def register(key: str, title: str, template: str, context: Callable, *, order: int = 100) -> None:
    _panels[key] = Panel(key, title, template, order, context)


def for_enterprise(enterprise, user) -> list[tuple[Panel, dict]]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        data = panel.context(enterprise, user)
        if data is not None:
            shown.append((panel, data))
    return shown
