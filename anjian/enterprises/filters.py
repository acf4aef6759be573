"""One filter definition for the enterprise list: the page, the map, the API and the export."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar, Literal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from pydantic import Field

from anjian.core.records.filters import FilterSet

from .choices import OperatingStatus, RiskGrade, SupervisionClass
from .models import Licence


class EnterpriseFilters(FilterSet):
    region: str | None = Field(default=None, description="区划代码（含下级）")
    sector: str | None = Field(default=None, description="监管行业代码")
    risk_grade: RiskGrade | None = None
    supervision_class: SupervisionClass | None = None
    status: OperatingStatus | None = None
    licence_expiring: int | None = Field(
        default=None, ge=0, le=365, description="证照在 N 天内到期（含已过期）"
    )
    q: str | None = Field(default=None, max_length=100, description="名称或统一社会信用代码")
    sort: Literal["name", "-updated_at", "risk", "region"] | None = None

    region_field: ClassVar = "region_code"
    exact: ClassVar = {
        "sector": "sector__code",
        "risk_grade": "risk_grade",
        "supervision_class": "supervision_class",
        "status": "status",
    }
    sorts: ClassVar = {
        "region": ("region_code", "name"),
        "name": ("name",),
        "risk": ("risk_order", "name"),
        "-updated_at": ("-updated_at",),
    }
    sort_labels: ClassVar = {"name": "按名称", "risk": "按风险等级", "-updated_at": "最近更新"}
    default_sort: ClassVar = "region"

    def match(self, text: str) -> Q:
        return Q(name__contains=text) | Q(credit_code=text.upper())

    def refine(self, qs: QuerySet) -> QuerySet:
        if self.licence_expiring is not None:
            limit = timezone.localdate() + timedelta(days=self.licence_expiring)
            expiring = Licence.objects.live().filter(
                enterprise=OuterRef("pk"), expires_on__lte=limit
            )
            qs = qs.filter(Exists(expiring))
        return qs


from_query = EnterpriseFilters.from_query
