"""Hazards declared on the record layer: the list page comes from these declarations."""

from __future__ import annotations

from anjian.core.records.tables import Col
from anjian.core.records.types import FilterField, PageAction, RecordType

from . import selectors
from .choices import Grade, Source, Status
from .filters import HazardFilters
from .forms import enterprise_options, region_options, sector_options

CELLS = "hazards/cells/"

HAZARDS = RecordType(
    name="hazard",
    namespace="hazards",
    title="隐患清单",
    pretitle="隐患排查治理",
    noun="隐患",
    filters=HazardFilters,
    rows=selectors.hazards_for,
    view_perm="hazards.view_hazard",
    search_label="编号、描述或部位",
    search_placeholder="如：YH-2026-000001、消防通道",
    sort_blank="最近发现",
    filter_fields=[
        FilterField("region", "区划", region_options),
        FilterField("sector", "监管行业", sector_options),
        FilterField("grade", "等级", Grade),
        FilterField("status", "状态", Status),
        FilterField("source", "来源", Source),
        FilterField("overdue", "逾期", [("true", "已逾期")]),
        FilterField("listed", "挂牌督办", [("true", "挂牌督办中"), ("false", "未挂牌")]),
        FilterField("enterprise", "企业", enterprise_options),
        FilterField("found_from", "发现日期起", kind="date"),
        FilterField("found_to", "发现日期止", kind="date"),
    ],
    columns=[
        Col("description", "隐患", template=CELLS + "description.html", optional=False),
        Col("enterprise", "企业", value="enterprise.name", sub="sector.name", show="lg"),
        Col("grade", "等级", template=CELLS + "grade.html", optional=False),
        Col("status", "状态", badge=Status, show="sm"),
        Col("deadline", "整改期限", template=CELLS + "deadline.html", show="md"),
        Col("found_at", "发现时间", show="xl"),
    ],
    actions=[
        PageAction(
            "上报隐患",
            "hazards:report",
            "plus",
            perm="hazards.report_hazard",
            primary=True,
            testid="hazard-report",
        ),
        PageAction("待我处理", "hazards:queue", "checklist"),
        PageAction(
            "批量导入",
            "hazards:import",
            "file-upload",
            perm="hazards.import_hazard",
            testid="hazard-import",
        ),
        PageAction(
            "导出 Excel",
            "hazards:export",
            "download",
            perm="hazards.export_hazard",
            keep_query=True,
            testid="hazard-export",
        ),
    ],
    row_attrs=lambda h: {"class": "hazard-overdue", "data-overdue": "true"} if h.is_overdue else {},
    styles=("hazards/hazards.css",),
)
