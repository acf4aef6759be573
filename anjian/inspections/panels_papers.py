"""The papers panel on the inspection's page: its documents with their downloads, the
signatures, the re-checks (overdue in red) and the hazards its findings became."""

from __future__ import annotations

from anjian.core.records import panels


def _context(inspection, user) -> dict | None:
    from .views_papers import papers_context

    return papers_context(inspection, user)


panels.register(
    "inspection",
    "papers",
    "检查文书与复查",
    "inspections/papers/_documents.html",
    _context,
    order=40,
)
