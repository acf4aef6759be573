"""One filter definition for hazard lists: pages, API, export and statistics share it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import ClassVar, Literal

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from pydantic import Field

from anjian.core.records.filters import FilterSet

from .choices import OPEN_STATES, Grade, Source, Status

MAJOR_FIRST = Case(
    When(grade=Grade.MAJOR, then=Value(0)), default=Value(1), output_field=IntegerField()
)


class HazardFilters(FilterSet):
    region: str | None = Field(default=None, description="区划代码（含下级）")
    sector: str | None = Field(default=None, description="监管行业代码")
    grade: Grade | None = None
    status: Status | None = None
    open: bool | None = Field(default=None, description="true：未销号、未作废")
    source: Source | None = None
    overdue: bool | None = Field(default=None, description="true：已过整改期限未销号")
    listed: bool | None = Field(default=None, description="true：挂牌督办中")
    enterprise: int | None = None
    found_from: date | None = Field(default=None, description="发现日期起")
    found_to: date | None = Field(default=None, description="发现日期止")
    q: str | None = Field(default=None, max_length=100, description="编号、描述或部位")
    sort: Literal["-found_at", "deadline", "overdue"] | None = None

    region_field: ClassVar = "region_code"
    exact: ClassVar = {
        "sector": "sector__code",
        "grade": "grade",
        "status": "status",
        "source": "source",
        "listed": "listed",
        "enterprise": "enterprise_id",
    }
    sorts: ClassVar = {
        "-found_at": ("-found_at",),
        "deadline": ("deadline",),
        "overdue": ("major_first", "deadline"),  # overdue, major first
    }
    sort_labels: ClassVar = {"deadline": "整改期限", "overdue": "重大在前、期限最早"}
    default_sort: ClassVar = "-found_at"

    def match(self, text: str) -> Q:
        if text.upper().startswith("YH-"):
            return Q(number=text.upper())
        return Q(description__contains=text) | Q(location__contains=text)

    def refine(self, qs: QuerySet) -> QuerySet:
        if self.open:
            qs = qs.filter(status__in=OPEN_STATES)
        if self.overdue:
            qs = qs.filter(status__in=OPEN_STATES, deadline__lt=timezone.localdate())
        if self.found_from:
            qs = qs.filter(found_at__gte=_start(self.found_from))
        if self.found_to:
            qs = qs.filter(found_at__lt=_start(self.found_to + timedelta(days=1)))
        return qs


def _start(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day))


from_query = HazardFilters.from_query
