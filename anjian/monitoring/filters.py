"""One filter definition per monitoring list: the pages and the API share them."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from anjian.core.records.filters import FilterSet

from .choices import AlarmStatus


class PointFilters(FilterSet):
    enterprise: int | None = None
    source: int | None = Field(default=None, description="重大危险源 id")

    exact: ClassVar = {"enterprise": "enterprise_id", "source": "source_id"}
    sorts: ClassVar = {"id": ("id",)}  # the API's order; the page keeps enterprise, then code
    default_sort: ClassVar = "id"


class AlarmFilters(FilterSet):
    status: AlarmStatus | None = Field(
        default=None, description="open：阈值越限且未恢复；closed：已恢复"
    )
    enterprise: int | None = None
    point: int | None = Field(default=None, description="监测点 id")

    exact: ClassVar = {"status": "status", "enterprise": "enterprise_id", "point": "point_id"}
    sorts: ClassVar = {"-opened_at": ("-opened_at",)}
    default_sort: ClassVar = "-opened_at"

    @classmethod
    def from_query(cls, params) -> AlarmFilters:
        """The page opens on the alarms still open; `status=` (the 全部 tab) shows them all."""
        if "status" not in params:
            params = {**dict(params.items()), "status": AlarmStatus.OPEN}
        return super().from_query(params)

    def active(self) -> dict:
        return self.dict(exclude_none=True, exclude={"sort", "status"})  # the tabs show status
