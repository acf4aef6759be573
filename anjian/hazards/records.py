"""Hazards declared on the record layer: the list page and the workflow dialogs (confirm,
extend, submit, accept, reject, void, list, unlist, delegate) come from these declarations."""

from __future__ import annotations

from anjian.core.records.tables import Col
from anjian.core.records.types import FilterField, PageAction, RecordType
from anjian.core.records.workflow import Screen
from anjian.enterprises.selectors import region_options, sector_options

from . import selectors, services
from .choices import Grade, Source, Status
from .filters import HazardFilters
from .forms import AcceptForm, ConfirmForm, DelegateForm, ExtendForm, ListForm, SubmitForm
from .workflow import HAZARD_FLOW

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
        FilterField("enterprise", "企业", kind="picker", picker="enterprise"),
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

FORMS = {
    "confirm": ConfirmForm,
    "extend": ExtendForm,
    "submit": SubmitForm,
    "accept": AcceptForm,
    "list": ListForm,
    "delegate": DelegateForm,
}
HINTS = {
    "confirm": "确认后隐患进入整改，企业按期限整改。重大隐患由企业主要负责人制定治理方案，"
    "报监管部门审查同意（16号令第十五条）。",
    "extend": "延期须说明原因；新的期限应晚于原期限。",
    "submit": "提交后由验收人现场核查。请上传整改后照片并签名；确实无法拍照的须说明原因。",
    "accept": "验收通过即销号。请核对整改前后照片后签名。",
    "reject": "退回后企业继续整改，原因会通知企业。",
    "void": "作废的隐患保留在记录中，不计入统计。",
    "list": "挂牌督办适用于重大隐患。只能在本级或下级挂牌；督办单位必选，"
    "督办单位和上一级监管部门会收到通知。挂牌后只有督办层级可以验收或解除督办。",
    "unlist": "解除督办须说明原因，只有督办层级可以解除。",
    "delegate": "督办层级可委托下级监管部门验收，委托记入流转记录和审计日志。",
}


def _apply(user, hazard, action, version, payload):
    return services.hazard_transition(
        actor=user, hazard=hazard, action=action, expected_version=version, **payload
    )


SCREEN = Screen(
    workflow=HAZARD_FLOW,
    namespace="hazards",
    get=selectors.hazard_for,
    apply=_apply,
    forms=FORMS,
    hints=HINTS,
    statements=services.STATEMENTS,
    title=lambda hazard: hazard.number,
    form_kwargs=lambda hazard, action: {"hazard": hazard} if action in FORMS else {},
    styles=("hazards/hazards.css",),
)
