"""Inspections declared on the record layer: the list page, the detail page (fields, workflow
buttons and history, and the panels of the other parts), the workflow dialogs."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date
from typing import ClassVar, Literal

from django.db.models import QuerySet
from pydantic import Field

from anjian.accounts.selectors import regulator_offices
from anjian.core.records.filters import FilterSet
from anjian.core.records.pages import DetailPage
from anjian.core.records.tables import Col
from anjian.core.records.types import FilterField, PageAction, RecordType
from anjian.core.records.workflow import Screen

from . import selectors_visits, services_caps, services_visits
from .choices import Kind, Origin, Status
from .workflow import INSPECTION_FLOW

CELLS = "inspections/visits/cells/"


class InspectionFilters(FilterSet):
    status: Status | None = None
    origin: Origin | None = None
    kind: Kind | None = None
    office: int | None = Field(default=None, description="检查单位 id")
    enterprise: int | None = None
    unannounced: bool | None = Field(default=None, description="true：四不两直")
    planned_from: date | None = Field(default=None, description="计划检查日期起")
    planned_to: date | None = Field(default=None, description="计划检查日期止")
    q: str | None = Field(default=None, max_length=100, description="检查编号或企业名称")
    sort: Literal["-planned_on", "planned_on"] | None = None

    exact: ClassVar = {
        "status": "status",
        "origin": "origin",
        "kind": "kind",
        "office": "office_id",
        "enterprise": "enterprise_id",
        "unannounced": "unannounced",
    }
    search: ClassVar = ("number", "enterprise__name")
    sorts: ClassVar = {"-planned_on": ("-planned_on", "-id"), "planned_on": ("planned_on", "id")}
    sort_labels: ClassVar = {"planned_on": "计划日期最早在前"}
    default_sort: ClassVar = "-planned_on"

    def refine(self, qs: QuerySet) -> QuerySet:
        if self.planned_from:
            qs = qs.filter(planned_on__gte=self.planned_from)
        if self.planned_to:
            qs = qs.filter(planned_on__lte=self.planned_to)
        return qs


def _offices(user, filters):
    return [(o.pk, o.name) for o in regulator_offices().order_by("name")]


def _leads(rows, user) -> None:
    names = selectors_visits.leads_of(rows)
    for row in rows:
        row.lead_name = names.get(row.pk, "")


INSPECTIONS = RecordType(
    name="inspection",
    namespace="inspections",
    title="监督检查",
    pretitle="监督检查",
    noun="检查",
    filters=InspectionFilters,
    rows=selectors_visits.inspections_for,
    view_perm="inspections.view_inspection",
    search_label="检查编号或企业",
    search_placeholder="如：JC202600001、东湖精细化工",
    sort_blank="计划日期最近在前",
    filter_fields=[
        FilterField("status", "状态", Status),
        FilterField("origin", "任务来源", Origin),
        FilterField("kind", "检查类别", Kind),
        FilterField("office", "检查单位", _offices),
        FilterField("unannounced", "四不两直", [("true", "四不两直"), ("false", "事先通知")]),
        FilterField("enterprise", "企业", kind="picker", picker="enterprise"),
        FilterField("planned_from", "计划日期起", kind="date"),
        FilterField("planned_to", "计划日期止", kind="date"),
    ],
    columns=[
        Col("number", "检查编号", link=True, optional=False),
        Col("enterprise", "企业", value="enterprise.name", optional=False),
        Col("planned_on", "计划日期"),
        Col("lead_name", "主办人员", show="md"),
        Col("status", "状态", badge=Status, optional=False),
        Col("origin", "任务来源", value="get_origin_display", show="lg"),
        Col("unannounced", "四不两直", template=CELLS + "unannounced.html"),
    ],
    actions=[
        PageAction(
            "安排检查",
            "inspections:create",
            "plus",
            perm="inspections.add_inspection",
            primary=True,
            testid="inspection-create",
        ),
    ],
    detail_url="detail",
    list_name="list",
    prepare=_leads,
)


# A refusal at the cap is shown in the dialog, inside the dialog's transaction, which rolls
# back; the action page records it once that transaction is over (see views_visits).
cap_refusals: ContextVar[list | None] = ContextVar("cap_refusals", default=None)


def _apply(user, inspection, action, version, payload):
    try:
        return services_visits.inspection_transition(
            actor=user, inspection=inspection, action=action, expected_version=version, **payload
        )
    except services_caps.CapReached as refused:
        pending = cap_refusals.get()
        if pending is not None:
            pending.append(refused)
        raise


SCREEN = Screen(
    workflow=INSPECTION_FLOW,
    namespace="inspections",
    get=selectors_visits.inspection_for,
    apply=_apply,
    hints={
        "start": "到达现场后开始检查。企业已达年度检查次数上限且无批准的超限检查时不能开始。",
        "cancel": "取消须说明原因，取消的检查不计入年度检查次数。",
        "close": "办结后本次检查不再变更。",
    },
    title=lambda inspection: inspection.number,
)

DETAIL = DetailPage(
    name="inspection",
    get=selectors_visits.inspection_for,
    fields=[
        Col("number", "检查编号"),
        Col("enterprise", "企业", value="enterprise.name"),
        Col("office", "检查单位", value="office.name"),
        Col("status", "状态", badge=Status),
        Col("planned_on", "计划检查日期"),
        Col("origin", "任务来源", value="get_origin_display"),
        Col("kind", "检查类别", value="get_kind_display"),
        Col("basis", "检查依据"),
        Col("unannounced", "四不两直", template=CELLS + "unannounced.html"),
        Col("started_at", "开始时间"),
        Col("finished_at", "结束时间"),
        Col("rectification_deadline", "整改期限"),
        Col("over_cap", "超出年度上限", template=CELLS + "over_cap.html"),
    ],
    title=lambda inspection: f"{inspection.number} {inspection.enterprise.name}",
    pretitle="监督检查",
    screen=SCREEN,
)
