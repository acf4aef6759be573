"""The registry declared on the record layer: its list page comes from these declarations."""

from __future__ import annotations

from types import SimpleNamespace

from anjian.core.records.tables import Col
from anjian.core.records.types import FilterField, PageAction, RecordType

from . import selectors
from .choices import OperatingStatus, RiskGrade, SupervisionClass
from .filters import EnterpriseFilters

LICENCE_FLAGS = {"expired": ("red", "证照过期"), "expiring": ("orange", "证照将到期")}
EXPIRING = [(30, "30 天内到期（含已过期）"), (90, "90 天内到期（含已过期）")]


def licence_flag(nearest_expiry):
    """The list's flag for the enterprise's first-expiring licence, by the detail page's rule."""
    if nearest_expiry is None:
        return None
    state = selectors.licence_state(SimpleNamespace(expires_on=nearest_expiry))
    return LICENCE_FLAGS.get(state)


def _flag_licences(rows, user) -> None:
    for enterprise in rows:
        enterprise.licence_flag = licence_flag(enterprise.nearest_expiry)


ENTERPRISES = RecordType(
    name="enterprise",
    namespace="enterprises",
    title="企业台帐",
    pretitle="一企一档",
    noun="企业",
    unit="家",
    filters=EnterpriseFilters,
    rows=selectors.enterprises_for,
    view_perm="enterprises.view_enterprise",
    search_label="名称或统一社会信用代码",
    sort_blank="按区划",
    filter_fields=[
        FilterField("region", "区划", selectors.region_options),
        FilterField("sector", "监管行业", selectors.sector_options),
        FilterField("risk_grade", "风险等级", RiskGrade),
        FilterField("supervision_class", "监管分类", SupervisionClass),
        FilterField("status", "经营状态", OperatingStatus),
        FilterField("licence_expiring", "证照将到期", EXPIRING),
    ],
    columns=[
        Col("name", "单位名称", template="enterprises/cells/name.html", optional=False),
        Col("region", "所在地", template="enterprises/cells/place.html", show="md"),
        Col("sector", "监管行业", value="sector.name", show="lg"),
        Col("risk_grade", "风险等级", template="enterprises/cells/risk.html", optional=False),
        Col("supervision_class", "监管分类", badge=SupervisionClass, show="lg"),
        Col("status", "经营状态", badge=OperatingStatus, show="sm"),
    ],
    actions=[
        PageAction(
            "新增企业",
            "enterprises:create",
            "plus",
            perm="enterprises.add_enterprise",
            primary=True,
            testid="enterprise-add",
        ),
        PageAction(
            "批量导入",
            "enterprises:import",
            "file-upload",
            perm="enterprises.import_enterprise",
            testid="enterprise-import",
        ),
        PageAction(
            "导出 Excel",
            "enterprises:export",
            "download",
            perm="enterprises.export_enterprise",
            keep_query=True,
            testid="enterprise-export",
        ),
        PageAction("地图", "enterprises:map", "map-pin", keep_query=True),
    ],
    prepare=_flag_licences,
    styles=("enterprises/enterprises.css",),
)
