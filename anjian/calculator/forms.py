"""The calculator page's forms: read what the user typed, call the calculation, describe the answer.

What the user typed is kept as text (``values``) so that a form shown again after an error holds
exactly the same input. Blank required fields are reported here; everything else is checked by
the standards functions, whose messages name the field, which this module puts in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core import rules as calculations
from anjian.standards import StandardsError, gb18218, risk
from anjian.standards.base import Result

FIELD_LABELS = {
    "deaths": gettext_lazy("死亡人数"),
    "serious_injuries": gettext_lazy("重伤人数"),
    "direct_loss_10k_yuan": gettext_lazy("直接经济损失"),
    "substances": gettext_lazy("危险化学品"),
    "exposed_people_500m": gettext_lazy("500米范围内常住人口"),
    "L": gettext_lazy("可能性 L"),
    "E": gettext_lazy("暴露频繁程度 E"),
    "C": gettext_lazy("后果严重程度 C"),
    "S": gettext_lazy("严重性 S"),
    "code": gettext_lazy("统一社会信用代码"),
}
SUBSTANCE_LABELS = {
    "name": gettext_lazy("物质名称"),
    "category": gettext_lazy("表2类别"),
    "q_t": gettext_lazy("实际存在量 q"),
}
SUBSTANCE_FIELD = re.compile(r"^substances\[(\d+)\](?:\.(\w+))?$")
ROW_KEYS = ("name", "category", "q_t")

ACCIDENT_COLOURS = {"特别重大": "red", "重大": "orange", "较大": "yellow", "一般": "blue"}
HAZARD_COLOURS = {"一级": "red", "二级": "orange", "三级": "yellow", "四级": "blue"}


@dataclass(frozen=True)
class Calculator:
    key: str
    label: str  # lazy translation
    icon: str
    fields: tuple[str, ...]
    compute: Callable[[dict[str, Any]], Result]
    headline: Callable[[Result], tuple[str, str]]  # (badge text, Tabler colour)
    substances: bool = False  # GB 18218: rows of substances; the form takes the full width

    @property
    def form_template(self) -> str:
        return f"calculator/_form_{self.key.replace('-', '_')}.html"

    @property
    def result_template(self) -> str:
        return f"calculator/_result_{self.key.replace('-', '_')}.html"

    def read(self, data: QueryDict) -> dict[str, Any]:
        values: dict[str, Any] = {field: data.get(field, "").strip() for field in self.fields}
        if self.substances:
            values["rows"] = substance_rows(data)
        return values

    def blank(self) -> dict[str, Any]:
        return self.read(QueryDict())


@dataclass(frozen=True)
class Outcome:
    calculator: Calculator
    values: dict[str, Any]
    result: dict[str, Any] | None = None
    headline: str = ""
    colour: str = ""
    error: str = ""


def submit(calculator: Calculator, data: QueryDict) -> Outcome:
    values = calculator.read(data)
    try:
        result = calculator.compute(values)
    except StandardsError as exc:
        return Outcome(calculator, values, error=error_text(exc))
    headline, colour = calculator.headline(result)
    return Outcome(calculator, values, result.as_dict(), headline, colour)


def error_text(exc: StandardsError) -> str:
    match = SUBSTANCE_FIELD.match(exc.field)
    if match:
        row = int(match.group(1)) + 1
        part = SUBSTANCE_LABELS.get(match.group(2) or "")
        if part:
            label = _("第{row}行物质的{part}").format(row=row, part=part)
        else:
            label = _("第{row}行物质").format(row=row)
    else:
        label = FIELD_LABELS.get(exc.field, exc.field)
    return _("{label}：{message}").format(label=label, message=exc.message)


def _require(values: dict[str, Any], *fields: str) -> dict[str, Any]:
    for field in fields:
        if not values[field]:
            raise StandardsError(field, _("请填写。"))
    return {field: values[field] for field in fields}


def substance_rows(data: QueryDict) -> list[dict[str, str]]:
    columns = [[item.strip() for item in data.getlist(key)] for key in ROW_KEYS]
    cells = zip_longest(*columns, fillvalue="")
    rows = [dict(zip(ROW_KEYS, row, strict=True)) for row in cells]
    return rows or [dict.fromkeys(ROW_KEYS, "")]


def _major_hazard(values: dict[str, Any]) -> Result:
    """Blank rows are skipped; an error names the row as the user sees it, blank rows counted."""
    substances, positions = [], []
    for position, row in enumerate(values["rows"]):
        if not any(row.values()):
            continue
        if not row["name"] and not row["category"]:
            message = _("请填写表1物质名称或选择表2类别。")
            raise StandardsError(f"substances[{position}].name", message)
        substances.append({key: value for key, value in row.items() if value})
        positions.append(position)
    try:
        return calculations.major_hazard(
            substances=substances, exposed_people_500m=values["exposed_people_500m"] or None
        )
    except StandardsError as exc:
        match = SUBSTANCE_FIELD.match(exc.field)
        if not match:
            raise
        index, part = int(match.group(1)), match.group(2)
        field = f"substances[{positions[index]}]" + (f".{part}" if part else "")
        raise StandardsError(field, exc.message) from None


def _accident_headline(result: Any) -> tuple[str, str]:
    return _("{grade}事故").format(grade=result.grade), ACCIDENT_COLOURS[result.grade]


def _hazard_headline(result: Any) -> tuple[str, str]:
    if not result.is_major_hazard:
        return _("不构成重大危险源"), "green"
    return _("{grade}重大危险源").format(grade=result.grade), HAZARD_COLOURS[result.grade]


def _risk_headline(result: Any) -> tuple[str, str]:
    text = _("{level}风险（{colour}）").format(level=result.level, colour=result.colour)
    return text, result.colour_code


def _credit_headline(result: Any) -> tuple[str, str]:
    return (_("代码有效"), "green") if result.valid else (_("代码无效"), "red")


CALCULATORS: dict[str, Calculator] = {
    calculator.key: calculator
    for calculator in (
        Calculator(
            "accident",
            gettext_lazy("事故等级"),
            "alert-triangle",
            ("deaths", "serious_injuries", "direct_loss_10k_yuan"),
            lambda values: calculations.accident_grade(
                **_require(values, "deaths", "serious_injuries", "direct_loss_10k_yuan")
            ),
            _accident_headline,
        ),
        Calculator(
            "major-hazard",
            gettext_lazy("重大危险源辨识"),
            "flask",
            ("exposed_people_500m",),
            _major_hazard,
            _hazard_headline,
            substances=True,
        ),
        Calculator(
            "lec",
            gettext_lazy("LEC 评价法"),
            "chart-dots",
            ("L", "E", "C"),
            lambda values: calculations.lec(**_require(values, "L", "E", "C")),
            _risk_headline,
        ),
        Calculator(
            "ls",
            gettext_lazy("LS 风险矩阵"),
            "layout-grid",
            ("L", "S"),
            lambda values: calculations.ls(**_require(values, "L", "S")),
            _risk_headline,
        ),
        Calculator(
            "credit-code",
            gettext_lazy("统一社会信用代码"),
            "id",
            ("code",),
            lambda values: calculations.credit_code(**_require(values, "code")),
            _credit_headline,
        ),
    )
}


def choices() -> dict[str, Any]:
    """The pick lists of the forms, straight from the standards tables."""
    names = []
    for row in gb18218.table1_rows():
        names.extend((row.name, *row.aliases))
    return {
        "substance_names": list(dict.fromkeys(names)),
        "table2": list(gb18218.TABLE2.values()),
        "lec_factors": [
            (field, FIELD_LABELS[field], [(str(value), meaning) for value, meaning in table])
            for field, table in (("L", risk.LEC_L), ("E", risk.LEC_E), ("C", risk.LEC_C))
        ],
        "ls_range": [str(value) for value in range(1, 6)],
    }
