"""Panels that apps contribute to another record type's page (the 一企一档 page shows the
hazards, risks and monitoring of one enterprise) without the page importing those apps.

An app registers a panel for a target record type (title, template, context function); the
detail page shows the target's panels in order. A context function returns None to hide its
panel from a user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    order: int
    context: Callable[[Any, Any], dict | None]  # (record, user) -> context or None


_panels: dict[str, dict[str, Panel]] = {}


def register(
    target: str,
    key: str,
    title: str,
    template: str,
    context: Callable[[Any, Any], dict | None],
    *,
    order: int = 100,
) -> None:
    _panels.setdefault(target, {})[key] = Panel(key, title, template, order, context)


def for_record(target: str, obj, user) -> list[tuple[Panel, dict]]:
    shown = []
    for panel in sorted(_panels.get(target, {}).values(), key=lambda p: p.order):
        data = panel.context(obj, user)
        if data is not None:
            shown.append((panel, data))
    return shown


def rendered(request, target: str, obj) -> list[tuple[Panel, str]]:
    """Each panel rendered from its own template with its own context."""
    return [
        (panel, render_to_string(panel.template, {**data, "panel": panel}, request))
        for panel, data in for_record(target, obj, request.user)
    ]
