"""Excel layout of the register of filed major hazard sources (重大危险源备案登记册)."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from anjian.core.records.exporting import SheetExport
from anjian.core.records.sheets import Column, Layout

from . import selectors
from .choices import GRADE_COLOURS, SourceStatus
from .filters import SourceFilters

GRADE_ORDER = Case(
    *[When(grade=g, then=Value(i)) for i, g in enumerate(GRADE_COLOURS)],
    output_field=IntegerField(),
)


def _substances(source) -> str:
    return "；".join(
        f"{s.name or s.label or s.category} {s.q_t.normalize():f} t（{s.table}）"
        for s in source.substances.all()
    )


REGISTER = Layout(
    "重大危险源登记册",
    [
        Column("企业名称", "enterprise", get=lambda s: s.enterprise.name, width=28),
        Column("统一社会信用代码", "credit_code", get=lambda s: s.enterprise.credit_code, width=22),
        Column("区划代码", "region_code", width=12),
        Column("单元名称", "name", width=18),
        Column("单元类型", "unit_kind", get=lambda s: s.get_unit_kind_display(), width=10),
        Column("危险化学品及设计最大量", "substances", get=_substances, width=40),
        Column("S", "s_value", width=8),
        Column("α", "alpha", width=6),
        Column("R", "r_value", width=8),
        Column("等级", "grade", width=8),
        Column("500米内常住人口", "exposed_people_500m", width=10),
        Column("主要负责人", "principal", width=10),
        Column("技术负责人", "technical_lead", width=10),
        Column("操作负责人", "operations_lead", width=10),
        Column("评估日期", "assessed_on", width=12),
        Column("下次评估日期", "reassessment_due", width=12),
        Column("备案日期", "filed_on", width=12),
    ],
)


def _filed(user, filters: SourceFilters):
    filters = filters.model_copy(update={"status": SourceStatus.FILED})
    qs = selectors.sources_for(user, filters)
    return qs.prefetch_related("substances").order_by(GRADE_ORDER, "enterprise__name", "name")


# Exporting the register is for the regulators who file sources (there is no separate export
# permission on the model yet).
EXPORT = SheetExport(
    REGISTER,
    permission="risks.export_majorhazardsource",
    denied="您无权导出重大危险源登记册。",
    rows=_filed,
    event="mhs.export",
    filename=lambda: f"重大危险源登记册-{timezone.localtime():%Y%m%d}.xlsx",
)
PERMISSION = EXPORT.permission
