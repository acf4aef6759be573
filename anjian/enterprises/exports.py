"""Excel layout of the registry: one column list for the import template, the export and the import.

Because export and import share it, exporting a list and importing it back changes nothing:
references go by natural key (region code, grid code, sector name) and choices by label.
"""

from __future__ import annotations

from anjian.core.masking import mask_phone
from anjian.core.records.exporting import SheetExport
from anjian.core.records.sheets import (
    Column,
    Layout,
    Reference,
    choice,
    day,
    decimal,
    integer,
    label,
    yes_no,
    yes_no_label,
)
from anjian.regions import selectors as regions

from . import selectors
from .choices import RiskGrade, StandardizationGrade, SupervisionClass

COLUMNS = [
    Column(
        "统一社会信用代码", "credit_code", required=True, width=22, note="18 位，按 GB 32100 校验"
    ),
    Column("单位名称", "name", required=True, width=30),
    Column("法定代表人", "legal_representative"),
    Column("主要负责人", "principal_name"),
    Column(
        "主要负责人电话",
        "principal_phone",
        render=mask_phone,
        note="手机号 11 位，或带区号的座机号（如 0571-87654321）；导出时脱敏，保持脱敏值导入不会覆盖原号码",
    ),
    Column("安全管理负责人", "safety_manager_name"),
    Column("安全管理负责人电话", "safety_manager_phone", render=mask_phone),
    Column("地址", "address", width=30),
    Column(
        "所在乡镇（街道）代码",
        "region",
        get=lambda e: e.region.code,
        required=True,
        width=16,
        note="9 位或 12 位区划代码，须在您的辖区内",
    ),
    Column(
        "所在乡镇（街道）",
        "region_name",
        get=lambda e: e.region.name,
        width=16,
        imported=False,
        note="导出时填写区划名称，便于阅读；导入时不读此列，以代码为准",
    ),
    Column(
        "网格编码",
        "grid",
        get=lambda e: e.grid.code if e.grid_id else "",
        width=16,
        note="须属于所填乡镇（街道）",
    ),
    Column(
        "经度",
        "longitude",
        parse=decimal(6),
        width=12,
        note="小数度数，与纬度同时填写，须在所属区划范围内",
    ),
    Column("纬度", "latitude", parse=decimal(6), width=12, note="小数度数，与经度同时填写"),
    Column("国民经济行业代码", "industry_code", note="GB/T 4754，如 C2614"),
    Column("国民经济行业", "industry_name", width=20),
    Column(
        "监管行业",
        "sector",
        get=lambda e: e.sector.name,
        required=True,
        note="如：危险化学品、建筑施工、人员密集场所；须在您部门的监管范围内",
    ),
    Column("从业人员数", "employees", parse=integer),
    Column("规模以上", "above_designated_size", parse=yes_no, render=yes_no_label, note="是／否"),
    Column(
        "标准化等级",
        "standardization_grade",
        parse=choice(StandardizationGrade),
        render=label(StandardizationGrade),
        note="一级／二级／三级，无则留空",
    ),
    Column("标准化有效期至", "standardization_expires_on", parse=day, note="YYYY-MM-DD"),
    Column(
        "风险等级",
        "risk_grade",
        parse=choice(RiskGrade),
        render=label(RiskGrade),
        required=True,
        note="重大风险／较大风险／一般风险／低风险，不能留空",
    ),
    Column(
        "监管分类",
        "supervision_class",
        parse=choice(SupervisionClass, upper=True),
        required=True,
        note="A／B／C／D，不能留空",
    ),
    Column(
        "经营状态",
        "status_label",
        get=lambda e: e.get_status_display(),
        imported=False,
        note="导出时填写；导入时不读此列，经营状态在企业页面变更",
    ),
]
# The template's sample row (a made-up enterprise with a valid GB 32100 check character).
EXAMPLE = {
    "credit_code": "91990102MA0000001D",
    "name": "示例化工有限公司",
    "principal_name": "张三",
    "principal_phone": "13800000000",
    "address": "城东街道工业路 1 号",
    "region": "990102001",
    "longitude": "120.188000",
    "latitude": "30.250000",
    "industry_code": "C2614",
    "industry_name": "有机化学原料制造",
    "sector": "危险化学品",
    "employees": 120,
    "standardization_expires_on": "2027-12-31",
    "supervision_class": "B",
}
REFERENCES = [
    Reference(
        "区划代码",
        ["区划代码", "名称", "级别", "上级"],
        regions.code_sheet,
        note="“区划代码”工作表列出各区县、乡镇（街道）的名称与代码，供填写“所在乡镇（街道）代码”。",
    ),
    Reference("网格编码", ["网格编码", "网格名称", "所在乡镇（街道）"], regions.grid_sheet),
]
LAYOUT = Layout(
    "企业台帐",
    COLUMNS,
    template_name="企业台帐导入模板.xlsx",
    example=EXAMPLE,
    references=REFERENCES,
    notes=[("导入方式", "新增：每行登记一家新企业；更新：按统一社会信用代码更新已登记企业。")],
)
HEADERS = LAYOUT.headers
EXPORT = SheetExport(
    LAYOUT,
    permission="enterprises.export_enterprise",
    denied="您无权导出企业台帐。",
    rows=selectors.enterprises_for,
    event="enterprise.export",
    filename="企业台帐.xlsx",
)
