"""Excel layout of the register of filed major hazard sources (重大危险源备案登记册)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from anjian.core import audit
from anjian.core.errors import Forbidden
from anjian.core.xlsx import stream_workbook

from . import selectors
from .choices import SourceStatus
from .filters import SourceFilters

# Exporting the register is for the regulators who file sources (there is no separate export
# permission on the model yet).
PERMISSION = "risks.export_majorhazardsource"
HEADERS = [
    "企业名称",
    "统一社会信用代码",
    "区划代码",
    "单元名称",
    "单元类型",
    "危险化学品及设计最大量",
    "S",
    "α",
    "R",
    "等级",
    "500米内常住人口",
    "主要负责人",
    "技术负责人",
    "操作负责人",
    "评估日期",
    "下次评估日期",
    "备案日期",
]
GRADE_ORDER = Case(
    *[When(grade=g, then=Value(i)) for i, g in enumerate(("一级", "二级", "三级", "四级"))],
    output_field=IntegerField(),
)
WIDTHS = [28, 22, 12, 18, 10, 40, 8, 6, 8, 8, 10, 10, 10, 10, 12, 12, 12]


def _substances(source) -> str:
    return "；".join(
        f"{s.name or s.label or s.category} {s.q_t.normalize():f} t（{s.table}）"
        for s in source.substances.all()
    )


def _row(source) -> list:
    return [
        source.enterprise.name,
        source.enterprise.credit_code,
        source.region_code,
        source.name,
        source.get_unit_kind_display(),
        _substances(source),
        source.s_value,
        source.alpha,
        source.r_value,
        source.grade,
        source.exposed_people_500m,
        source.principal,
        source.technical_lead,
        source.operations_lead,
        source.assessed_on,
        source.reassessment_due,
        source.filed_on,
    ]


def register_response(user, filters: SourceFilters):
    """The filed sources in the user's scope and the filters (grade…) as .xlsx; audited."""
    if not user.has_perm(PERMISSION):
        raise Forbidden("您无权导出重大危险源登记册。")
    filters = filters.model_copy(update={"status": SourceStatus.FILED})
    qs = selectors.sources_for(user, filters).order_by(GRADE_ORDER, "enterprise__name", "name")
    with transaction.atomic():
        audit.record(
            "mhs.export",
            actor=user,
            object_type="risks.majorhazardsource",
            after={**filters.active(), "rows": qs.count()},
        )
    stamp = timezone.localtime().strftime("%Y%m%d")
    rows = (_row(source) for source in qs)
    return stream_workbook(
        f"重大危险源登记册-{stamp}.xlsx",
        HEADERS,
        rows,
        sheet_title="重大危险源登记册",
        widths=WIDTHS,
    )
