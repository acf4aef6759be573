"""One filter definition for the enterprise list: the page, the API and the export share it."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from ninja import Schema
from pydantic import Field, ValidationError

from anjian.core.api_errors import translate_validation
from anjian.core.errors import Invalid
from anjian.core.scoping import within_region
from anjian.standards import region_code as codes

from .choices import OperatingStatus, RiskGrade, SupervisionClass
from .models import Licence

SORTS = {
    "name": ("name",),
    "-updated_at": ("-updated_at",),
    "risk": ("risk_order", "name"),
    "region": ("region_code", "name"),
}


class EnterpriseFilters(Schema):
    region: str | None = Field(None, description="区划代码（含下级）")
    sector: str | None = Field(None, description="监管行业代码")
    risk_grade: RiskGrade | None = None
    supervision_class: SupervisionClass | None = None
    status: OperatingStatus | None = None
    licence_expiring: int | None = Field(
        None, ge=0, le=365, description="证照在 N 天内到期（含已过期）"
    )
    q: str | None = Field(None, max_length=100, description="名称或统一社会信用代码")
    sort: Literal["name", "-updated_at", "risk", "region"] | None = None

    def apply(self, qs: QuerySet) -> QuerySet:
        if self.region:
            qs = qs.filter(within_region("region_code", codes.jurisdiction_prefix(self.region)))
        if self.sector:
            qs = qs.filter(sector__code=self.sector)
        for name in ("risk_grade", "supervision_class", "status"):
            value = getattr(self, name)
            if value:
                qs = qs.filter(**{name: value})
        if self.licence_expiring is not None:
            limit = timezone.localdate() + timedelta(days=self.licence_expiring)
            expiring = Licence.objects.live().filter(
                enterprise=OuterRef("pk"), expires_on__lte=limit
            )
            qs = qs.filter(Exists(expiring))
        if self.q:
            text = self.q.strip()
            qs = qs.filter(Q(name__contains=text) | Q(credit_code=text.upper()))
        return qs

    def ordering(self) -> tuple[str, ...]:
        return SORTS[self.sort or "region"]


def from_query(params) -> EnterpriseFilters:
    """Parse page query parameters; bad values give a Chinese message, not a server error."""
    data = {k: v for k, v in params.items() if k in EnterpriseFilters.model_fields and v != ""}
    try:
        return EnterpriseFilters(**data)
    except ValidationError as exc:
        body = translate_validation(exc.errors())
        raise Invalid(body["message"], errors=body["details"]["errors"]) from exc
