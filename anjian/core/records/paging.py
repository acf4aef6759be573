"""Page-numbered lists that never count a large set to draw a page.

A page fetches one row more than it shows (so it knows whether a next page exists) and counts
at most `COUNT_CAP` + 1 rows: the footer says "共 N 条" for a small set and "超过 1,000 条" for a
large one. Counting a million hazards to print a number nobody reads is what made lists slow.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

PAGE_SIZES = (10, 30, 50, 100)
DEFAULT_PAGE_SIZE = 30
COUNT_CAP = 1000


@dataclass
class Page:
    items: list
    number: int
    size: int
    has_next: bool
    count: int  # exact when not `more`, else COUNT_CAP
    more: bool  # more than COUNT_CAP rows match

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def pages(self) -> int | None:
        """The number of pages when the total is known."""
        return None if self.more else max(1, -(-self.count // self.size))

    @property
    def total_text(self) -> str:
        return f"超过 {COUNT_CAP:,}" if self.more else str(self.count)


def page_size(params) -> int:
    raw = params.get("per_page", "")
    return int(raw) if raw.isdigit() and int(raw) in PAGE_SIZES else DEFAULT_PAGE_SIZE


def page_number(params) -> int:
    raw = params.get("page", "")
    return max(1, min(int(raw), 100_000)) if raw.isdigit() else 1


def get_page(qs: QuerySet, params) -> Page:
    """The requested page of an ordered queryset, with a bounded count."""
    size, number = page_size(params), page_number(params)
    offset = (number - 1) * size
    rows = list(qs[offset : offset + size + 1])
    has_next = len(rows) > size
    count = qs.order_by().values("pk")[: COUNT_CAP + 1].count()
    more = count > COUNT_CAP
    count = min(count, COUNT_CAP)
    return Page(rows[:size], number, size, has_next, count, more)
