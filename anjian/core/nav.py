"""Navigation by capability: each app registers its entries; the shell shows what the user may use.

Entries of capabilities that are not installed simply do not exist, so there are no dead links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str
    icon: str
    order: int
    visible: Callable[[object], bool]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_entries: dict[str, NavEntry] = {}


def register(
    key: str,
    label: str,
    url_name: str,
    *,
    icon: str = "circle",
    order: int = 100,
    visible: Callable[[object], bool] = lambda user: user.is_authenticated,
) -> None:
    _entries[key] = NavEntry(key, label, url_name, icon, order, visible)


def entries_for(user) -> list[NavEntry]:
    return sorted((e for e in _entries.values() if e.visible(user)), key=lambda e: e.order)
