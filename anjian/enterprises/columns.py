"""The registry's spreadsheet layout: one column list for the template, the export and the import.

Because export and import share it, exporting a list and importing it back changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from anjian.core.masking import mask_phone
from anjian.core.sheets import as_date

from .choices import RiskGrade, StandardizationGrade, SupervisionClass


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(Decimal(str(value)))
    except InvalidOperation as exc:
        raise ValueError("应为整数") from exc
    if number < 0:
        raise ValueError("不能为负数")
    return number


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.000001"))
    except InvalidOperation as exc:
        raise ValueError("应为数字") from exc


def _yes_no(value: Any) -> bool:
    text = _text(value)
    if text in ("", "否", "N", "n", "0", "False", "false"):
        return False
    if text in ("是", "Y", "y", "1", "True", "true"):
        return True
    raise ValueError("应填“是”或“否”")


def _choice(choices) -> Callable[[Any], str]:
    by_label = {str(label): value for value, label in choices.choices}

    def parse(value: Any) -> str:
        text = _text(value)
        if text == "":
            return ""
        if text in by_label:
            return by_label[text]
        if text in choices.values:
            return text
        raise ValueError("应为：" + "、".join(by_label))

    return parse


def _label(choices) -> Callable[[Any], str]:
    labels = dict(choices.choices)
    return lambda value: str(labels.get(value, "")) if value else ""


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: Callable[[Any], Any] = _text
    render: Callable[[Any], Any] = lambda v: v
    required: bool = False
    width: int = 14
    note: str = ""


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
        note="导出时脱敏；保持脱敏值导入不会覆盖原号码",
    ),
    Column("安全管理负责人", "safety_manager_name"),
    Column("安全管理负责人电话", "safety_manager_phone", render=mask_phone),
    Column("地址", "address", width=30),
    Column(
        "所在乡镇（街道）代码",
        "region",
        required=True,
        width=16,
        note="9 位或 12 位区划代码，须在您的辖区内",
    ),
    Column("网格编码", "grid", width=16, note="须属于所填乡镇（街道）"),
    Column("经度", "longitude", parse=_decimal, width=12),
    Column("纬度", "latitude", parse=_decimal, width=12),
    Column("国民经济行业代码", "industry_code", note="GB/T 4754，如 C2614"),
    Column("国民经济行业", "industry_name", width=20),
    Column("监管行业", "sector", required=True, note="如：危险化学品、建筑施工、人员密集场所"),
    Column("从业人员数", "employees", parse=_int),
    Column(
        "规模以上",
        "above_designated_size",
        parse=_yes_no,
        render=lambda v: "是" if v else "否",
        note="是／否",
    ),
    Column(
        "标准化等级",
        "standardization_grade",
        parse=_choice(StandardizationGrade),
        render=_label(StandardizationGrade),
        note="一级／二级／三级，无则留空",
    ),
    Column(
        "标准化有效期至", "standardization_expires_on", parse=lambda v: _date(v), note="YYYY-MM-DD"
    ),
    Column(
        "风险等级",
        "risk_grade",
        parse=_choice(RiskGrade),
        render=_label(RiskGrade),
        note="重大风险／较大风险／一般风险／低风险",
    ),
    Column(
        "监管分类", "supervision_class", parse=lambda v: _text(v).upper()[:1], note="A／B／C／D"
    ),
]
HEADERS = [c.header for c in COLUMNS]
BY_HEADER = {c.header: c for c in COLUMNS}
_ = SupervisionClass  # the A–D letters are the stored values themselves


def _date(value: Any):
    return as_date(value)


def export_row(enterprise) -> list[Any]:
    """One enterprise as template cells (references by natural key, choices by label)."""
    refs = {
        "region": enterprise.region.code,
        "grid": enterprise.grid.code if enterprise.grid_id else "",
        "sector": enterprise.sector.name,
    }
    row = []
    for column in COLUMNS:
        value = refs.get(column.field, getattr(enterprise, column.field, None))
        row.append(column.render(value))
    return row
