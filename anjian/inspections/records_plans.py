"""The pages of the plans part declared on the record layer: the class list (分类分级), the yearly
plans, one plan with its workflow, and its form."""

from __future__ import annotations

from anjian.core.records.pages import DetailPage, FormPage
from anjian.core.records.tables import Col
from anjian.core.records.types import FilterField, PageAction, RecordType
from anjian.core.records.workflow import Screen
from anjian.enterprises.selectors import region_options, sector_options

from . import rules_plans, selectors_plans, services_plans
from .choices import PlanStatus
from .filters_plans import ClassFilters, PlanFilters
from .forms_plans import PlanForm

CELLS = "inspections/plans/cells/"


def _label_rows(rows, filters) -> None:
    for row in rows:
        row.category_label = rules_plans.category_label(
            row.scheme, row.enterprise.sector.code, row.category
        )


def _year_options(user, filters):
    from django.utils import timezone

    this = timezone.localdate().year
    return [(y, f"{y} 年") for y in range(this + 1, this - 4, -1)]


CLASSES = RecordType(
    name="enterpriseclass",
    namespace="inspections",
    list_name="classes",
    detail_url="",
    title="企业监管类别（分类分级）",
    pretitle="年度检查次数上限 · 抽查权重",
    noun="企业",
    unit="家",
    filters=ClassFilters,
    rows=selectors_plans.classes_for,
    prepare=_label_rows,
    view_perm="inspections.view_enterpriseclass",
    search_label="企业名称",
    sort_blank="按年度上限",
    filter_fields=[
        FilterField("year", "年度", _year_options, blank="今年"),
        FilterField("category", "监管类别", lambda user, f: rules_plans.category_choices()),
        FilterField("sector", "监管行业", sector_options),
        FilterField("region", "区划", region_options),
    ],
    columns=[
        Col("enterprise", "企业", template=CELLS + "enterprise.html", optional=False),
        Col("category_label", "监管类别", optional=False),
        Col("usage", "本年度计入上限的检查 / 上限", template=CELLS + "usage.html", optional=False),
        Col("weight", "抽查权重", show="md"),
        Col("explanation", "评定依据", template=CELLS + "explanation.html", show="lg"),
    ],
    actions=[
        PageAction(
            "评定本辖区企业类别",
            "inspections:classify",
            "refresh",
            "inspections.classify_enterprise",
            primary=True,
            testid="classify",
        ),
    ],
)


PLANS = RecordType(
    name="inspectionplan",
    namespace="inspections",
    list_name="plans",
    detail_url="plan",
    title="年度监督检查计划",
    noun="计划",
    unit="份",
    filters=PlanFilters,
    rows=lambda user, filters: filters.apply(selectors_plans.plans_for(user)).order_by(
        *filters.ordering()
    ),
    view_perm="inspections.view_inspectionplan",
    search_label="计划名称",
    sort_blank="按年度（新在前）",
    filter_fields=[
        FilterField("year", "年度", _year_options),
        FilterField("status", "状态", PlanStatus),
    ],
    columns=[
        Col("title", "计划名称", link=True, optional=False),
        Col("office.name", "检查单位", show="md"),
        Col("year", "年度"),
        Col("status", "状态", badge=PlanStatus),
        Col("published_at", "公开时间", show="lg"),
    ],
    actions=[
        PageAction(
            "编制年度计划",
            "inspections:plan-create",
            "plus",
            "inspections.add_inspectionplan",
            primary=True,
        ),
    ],
)

HINTS = {
    "submit": "提交后由有审批权限的其他人员审批；审批前不能再修改。",
    "approve": "审批人不能是计划编制人本人。",
    "publish": "公开后任何人无需登录即可在公开页查看计划（不含个人信息）。",
}


def _apply(user, plan, action, version, payload):
    return services_plans.plan_transition(
        actor=user, plan=plan, action=action, version=version, **payload
    )


SCREEN = Screen(
    workflow=services_plans.PLAN_FLOW,
    namespace="inspections",
    action_name="plan-action",
    detail_name="plan",
    get=selectors_plans.plan_for,
    apply=_apply,
    hints=HINTS,
    title=lambda plan: plan.title,
)

DETAIL = DetailPage(
    name="inspectionplan",
    get=selectors_plans.plan_for,
    fields=[
        Col("office.name", "检查单位"),
        Col("year", "年度"),
        Col("status", "状态", badge=PlanStatus),
        Col("approved_by.get_full_name", "审批人"),
        Col("approved_at", "审批时间"),
        Col("published_at", "公开时间"),
    ],
    pretitle="年度监督检查计划",
    title=lambda plan: plan.title,
    screen=SCREEN,
    template="inspections/plans/detail.html",
    edit_url="inspections:plan-edit",
    may_edit=services_plans.may_change,
)


FORM = FormPage(
    form=PlanForm,
    namespace="inspections",
    noun="年度监督检查计划",
    get=selectors_plans.plan_for,
    create=services_plans.plan_create_from_form,
    update=services_plans.plan_update_from_form,
    may_create=services_plans.may_add,
    may_edit=services_plans.may_change,
    create_verb="编制",
    detail_url="inspections:plan",
    list_url="inspections:plans",
)
