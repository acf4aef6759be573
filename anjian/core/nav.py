"""Navigation by capability: each app registers its entries; the shell shows what the user may use.

Entries of capabilities that are not installed simply do not exist, so there are no dead links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .scoping import scope_of


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str
    icon: str
    order: int
    visible: Callable[[Any], bool]

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
    visible: Callable[[Any], bool] = lambda user: user.is_authenticated,
) -> None:
    _entries[key] = NavEntry(key, label, url_name, icon, order, visible)


def entries_for(user) -> list[NavEntry]:
    return sorted((e for e in _entries.values() if e.visible(user)), key=lambda e: e.order)


# Capability areas (design.md §1): entries of one area share a drop-down in the top bar.
AREAS = {
    "enterprises": "企业",
    "enterprise-map": "企业",
    "enterprise-claims": "企业",
    "hazard-queue": "隐患",
    "hazards": "隐患",
    "hazard-stats": "隐患",
    "risk-points": "风险",
    "risk-map": "风险",
    "risk-sources": "风险",
    "monitoring": "风险",
    "inspection-item-lists": "检查",
    "inspection-plans": "检查",
    "inspection-classes": "检查",
    "draws": "检查",
    "officers": "检查",
    "conflicts": "检查",
    "inspection-stats": "检查",
    "inspection-ratings": "检查",
    "inspection-code": "检查",
    "inspections": "检查",
    "admin-users": "系统管理",
    "admin-organisations": "系统管理",
    "admin-regions": "系统管理",
    "security-roles": "安全管理",
    "security-users": "安全管理",
    "security-policy": "安全管理",
    "security-lockouts": "安全管理",
}
PERSONAL = {"account"}  # shown in the account drop-down, not the top bar


@dataclass(frozen=True)
class MenuGroup:
    label: str
    entries: list[NavEntry]
    icon: str

    @property
    def keys(self) -> list[str]:
        return [e.key for e in self.entries]


def menu_for(user) -> list[NavEntry | MenuGroup]:
    """The top bar: standalone entries and area drop-downs, in the order of their first entry."""
    items: list[NavEntry | MenuGroup] = []
    groups: dict[str, MenuGroup] = {}
    for entry in entries_for(user):
        if entry.key in PERSONAL:
            continue
        area = AREAS.get(entry.key)
        if area is None:
            items.append(entry)
        elif area in groups:
            groups[area].entries.append(entry)
        else:
            groups[area] = MenuGroup(area, [entry], entry.icon)
            items.append(groups[area])
    return [i.entries[0] if isinstance(i, MenuGroup) and len(i.entries) == 1 else i for i in items]


# Integrators (系统对接人员) hold this permission; the administrators see the docs too. The docs
# page itself stays open to integrations; only the menu link is kept from everyone else.
API_DOCS_PERMISSION = "accounts.use_api"


def shows_api_docs(user) -> bool:
    if not user.is_authenticated:
        return False
    return scope_of(user).kind == "admin" or user.has_perm(API_DOCS_PERMISSION)


def personal_for(user) -> list[NavEntry]:
    return [e for e in entries_for(user) if e.key in PERSONAL]
