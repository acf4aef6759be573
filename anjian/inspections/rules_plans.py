"""The classification and cap rules of `anjian.standards.inspection`, under the scheme this
deployment chose (`ANJIAN["INSPECTION_CAP_SCHEME"]`, default the Shanxi 2025 table)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from anjian.standards import inspection
from anjian.standards.base import StandardsError

DEFAULT_SCHEME = "shanxi-2025"

__all__ = ["StandardsError", "default_cap", "draw_weight", "scheme", "supervision_class"]


def scheme() -> str:
    return str(getattr(settings, "ANJIAN", {}).get("INSPECTION_CAP_SCHEME") or DEFAULT_SCHEME)


def supervision_class(facts: dict[str, Any]) -> inspection.SupervisionClass:
    return inspection.supervision_class(facts, scheme())


def draw_weight(facts: dict[str, Any]) -> inspection.DrawWeight:
    return inspection.draw_weight(facts, scheme())


def default_cap(sector_code: str, standardization_grade: str = "") -> int:
    """The cap of an enterprise not yet classed: its group's row for its standardisation grade
    (未定级 when blank). The mine groups need an assessment the registry does not hold; until
    the enterprise is classed, the group's lowest cap applies (the fewest checks)."""
    group = inspection.sector_group(sector_code)
    try:
        return inspection.supervision_class(
            {"sector_group": group, "standardization_grade": standardization_grade or ""},
            scheme(),
        ).cap
    except StandardsError:
        rows = inspection.CAP_SCHEMES[scheme()].groups[group].rows
        return min(row.cap for row in rows)


def category_choices() -> list[tuple[str, str]]:
    """Every category of the scheme, once, with its label (the class list's filter)."""
    seen: dict[str, str] = {}
    for group in inspection.CAP_SCHEMES[scheme()].groups.values():
        for row in group.rows:
            seen.setdefault(row.category, row.label.split("（")[0])
    return list(seen.items())


def category_label(scheme_key: str, sector_code: str, category: str) -> str:
    """The category as the scheme names it for the enterprise's group, e.g. 三级类."""
    found = inspection.CAP_SCHEMES.get(scheme_key)
    group = found.groups.get(inspection.sector_group(sector_code)) if found else None
    row = group.row(category) if group else None
    return f"{group.label} · {row.label}" if group and row else category
