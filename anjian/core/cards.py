"""Cards on the home page (工作台) that apps contribute: a count and a link, per user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Card:
    key: str
    title: str
    order: int
    compute: Callable  # (user) -> dict(value=, note=, url=, colour=) or None to hide


_cards: dict[str, Card] = {}


def register(key: str, title: str, compute: Callable, *, order: int = 100) -> None:
    _cards[key] = Card(key, title, order, compute)


def for_user(user) -> list[tuple[Card, dict]]:
    shown = []
    for card in sorted(_cards.values(), key=lambda c: c.order):
        data = card.compute(user)
        if data is not None:
            shown.append((card, data))
    return shown
