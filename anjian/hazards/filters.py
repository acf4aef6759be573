"""One filter definition for hazard lists: pages, API, export and statistics share it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from ninja import Schema
from pydantic import Field, ValidationError

from anjian.core.api_errors import translate_validation
from anjian.core.errors import Invalid
from anjian.core.scoping import within_region
from anjian.standards import region_code as codes

from .choices import OPEN_STATES, Grade, Source, Status

MAJOR_FIRST = Case(
    When(grade=Grade.MAJOR, then=Value(0)), default=Value(1), output_field=IntegerField()
)
SORTS = {
    "-found_at": ("-found_at",),
    "deadline": ("deadline",),
    "overdue": ("major_first", "deadline"),  # overdue, major first
}


class HazardFilters(Schema):
    region: str | None = Field(None, description="区划代码（含下级）")
    sector: str | None = Field(None, description="监管行业代码")
    grade: Grade | None = None
    status: Status | None = None
    open: bool | None = Field(None, description="true：未销号、未作废")
    source: Source | None = None
    overdue: bool | None = Field(None, description="true：已过整改期限未销号")
    listed: bool | None = Field(None, description="true：挂牌督办中")
    enterprise: int | None = None
    found_from: date | None = Field(None, description="发现日期起")
    found_to: date | None = Field(None, description="发现日期止")
    q: str | None = Field(None, max_length=100, description="编号、描述或部位")
    sort: Literal["-found_at", "deadline", "overdue"] | None = None

    def apply(self, qs: QuerySet) -> QuerySet:
        if self.region:
            qs = qs.filter(within_region("region_code", codes.jurisdiction_prefix(self.region)))
        if self.sector:
            qs = qs.filter(sector__code=self.sector)
        for name in ("grade", "status", "source"):
            if getattr(self, name):
                qs = qs.filter(**{name: getattr(self, name)})
        if self.open:
            qs = qs.filter(status__in=OPEN_STATES)
        if self.overdue:
            qs = qs.filter(status__in=OPEN_STATES, deadline__lt=timezone.localdate())
        if self.listed is not None:
            qs = qs.filter(listed=self.listed)
        if self.enterprise:
            qs = qs.filter(enterprise_id=self.enterprise)
        if self.found_from:
            qs = qs.filter(found_at__gte=_start(self.found_from))
        if self.found_to:
            qs = qs.filter(found_at__lt=_start(self.found_to + timedelta(days=1)))
        if self.q:
            text = self.q.strip()
            qs = (
                qs.filter(number=text.upper())
                if text.upper().startswith("YH-")
                else qs.filter(description__contains=text) | qs.filter(location__contains=text)
            )
        return qs

    def ordering(self) -> tuple[str, ...]:
        return SORTS[self.sort or "-found_at"]


def _start(day: date):
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day))


def from_query(params) -> HazardFilters:
    data = {k: v for k, v in params.items() if k in HazardFilters.model_fields and v != ""}
    try:
        return HazardFilters(**data)
    except ValidationError as exc:
        body = translate_validation(exc.errors())
        raise Invalid(body["message"], errors=body["details"]["errors"]) from exc
