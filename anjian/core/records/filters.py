"""Filter sets: one declaration serves the list page, the API and the export.

A filter set is a ninja `Schema` (so the API documents it) whose class attributes say how its
fields filter: `region_field` takes the `region` parameter as a jurisdiction code range,
`exact` maps a parameter to a lookup, `search` lists the text columns `q` looks in, and `sorts`
names the orderings. What does not fit a declaration goes in `refine()`. `from_query()` parses
a page's query string; a bad value becomes a Chinese message, never a server error.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.db.models import Q, QuerySet
from ninja import Schema
from pydantic import ValidationError

from anjian.core.api_errors import translate_validation
from anjian.core.errors import Invalid
from anjian.core.scoping import within_region
from anjian.standards.region_code import jurisdiction_prefix


class FilterSet(Schema):
    region_field: ClassVar[str | None] = None
    exact: ClassVar[dict[str, str]] = {}
    search: ClassVar[tuple[str, ...]] = ()
    sorts: ClassVar[dict[str, tuple[str, ...]]] = {}
    sort_labels: ClassVar[dict[str, str]] = {}  # the sort select of the page (default first)
    default_sort: ClassVar[str] = ""

    def apply(self, qs: QuerySet) -> QuerySet:
        region = getattr(self, "region", None)
        if self.region_field and region:
            qs = qs.filter(within_region(self.region_field, jurisdiction_prefix(region)))
        for name, lookup in self.exact.items():
            value = getattr(self, name, None)
            if value is not None and value != "":
                qs = qs.filter(**{lookup: value})
        text = (getattr(self, "q", None) or "").strip()
        if text:
            qs = qs.filter(self.match(text))
        return self.refine(qs)

    def match(self, text: str) -> Q:
        """What `q` finds: any of the `search` columns containing the text."""
        condition = Q()
        for column in self.search:
            condition |= Q(**{f"{column}__contains": text})
        return condition

    def refine(self, qs: QuerySet) -> QuerySet:
        """Filters that need more than a lookup (subqueries, date ranges, derived states)."""
        return qs

    def ordering(self) -> tuple[str, ...]:
        return self.sorts[getattr(self, "sort", None) or self.default_sort]

    def active(self) -> dict[str, Any]:
        """The filters the user set (the sort is not a filter)."""
        return self.dict(exclude_none=True, exclude={"sort"})

    @classmethod
    def from_query(cls, params) -> Self:
        data = {k: v for k, v in params.items() if k in cls.model_fields and v != ""}
        try:
            return cls(**data)
        except ValidationError as exc:
            body = translate_validation(exc.errors())
            raise Invalid(body["message"], errors=body["details"]["errors"]) from exc
