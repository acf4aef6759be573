"""GB 18218-2018 危险化学品重大危险源辨识: identification (S = Σq/Q ≥ 1) and grading (R).

Quantities are tonnes (design maximum, §4.2.2) and are assessed per unit (单元), not per
enterprise. All arithmetic is exact (``Fraction``), so S = 1 and R = 10/50/100 fall on the
side the standard puts them.

Each substance is a mapping with ``q_t`` and one of:
- ``name``: a Table 1 name, alias or CAS number (see ``gb18218_names``);
- ``category``: a Table 2 code such as "W2", or a list of codes when the chemical has several
  hazard classes (§4.1.2: the lowest Q applies); ``label`` may name such a chemical;
- ``Q_t`` (with ``beta``): explicit values, e.g. for a mixture under §4.2.3.
``Q_t`` and ``beta`` may also override the table values of a named substance.

β when the standard is silent (rules.md 1d): a Table 1 row outside Table 3 takes the largest
Table 4 β of the categories given with it, else 1; an unlisted chemical takes the β of the
category that set its Q (ties: the largest β).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from anjian.standards.base import (
    Result,
    StandardsError,
    equals,
    fmt,
    is_terminating,
    normalize_text,
    to_count,
    to_decimal,
)
from anjian.standards.gb18218_names import find_row
from anjian.standards.gb18218_tables import (
    STANDARD,
    TABLE1,
    TABLE2,
    TABLE5_ALPHA,
    TABLE6_GRADES,
    Table1Row,
    Table2Entry,
)

__all__ = ["TABLE2", "Assessment", "SubstanceLine", "assess", "table1_rows"]

SUBSTANCE_KEYS = ("name", "label", "category", "q_t", "Q_t", "beta")


@dataclass(frozen=True)
class SubstanceLine(Result):
    name: str
    table: str
    q_t: Decimal
    Q_t: Decimal
    beta: Decimal
    beta_basis: str
    q_over_Q: Fraction


@dataclass(frozen=True)
class Assessment(Result):
    S: Fraction
    is_major_hazard: bool
    exposed_people_500m: int | None
    alpha: Decimal | None
    R: Fraction | None
    grade: str | None
    substances: tuple[SubstanceLine, ...]
    explanation: str


def table1_rows() -> tuple[Table1Row, ...]:
    """The 85 rows of Table 1 (name, aliases, CAS, Q in t, Table 3 β), for pick lists."""
    return TABLE1


def assess(substances: Sequence[Mapping[str, Any]], exposed_people_500m: Any = None) -> Assessment:
    """Identify (§4.2.1) and, for a major hazard installation, grade (§4.3) one unit."""
    if isinstance(substances, (str, bytes)) or not isinstance(substances, Sequence):
        raise StandardsError("substances", "应为物质列表，每项含 name 或 category 以及 q_t（吨）。")
    if not substances:
        raise StandardsError("substances", "至少填写一种危险化学品。")
    lines = tuple(_line(item, index) for index, item in enumerate(substances))
    people = None
    if exposed_people_500m is not None:
        people = to_count(exposed_people_500m, "exposed_people_500m")
    s_value = sum((line.q_over_Q for line in lines), Fraction(0))
    parts = [_identification(lines), _s_text(lines, s_value)]
    if s_value < 1:
        parts.append("不构成重大危险源，无需分级")
        return Assessment(s_value, False, people, None, None, None, lines, _join(parts))
    if people is None:
        raise StandardsError(
            "exposed_people_500m",
            f"S {equals(s_value)} ≥ 1，构成重大危险源；"
            "分级需要填写厂区边界外500米范围内的常住人口数。",
        )
    alpha, band = _alpha(people)
    r_value = Fraction(alpha) * sum((Fraction(line.beta) * line.q_over_Q for line in lines), 0)
    grade, grade_band = _grade(r_value)
    parts.append(
        f"第4.3条：厂区边界外500米范围内常住人口{people}人，属表5「{band}」，α = {alpha}；"
        f"{_r_text(lines, alpha, r_value)}；按表6，{grade_band}，为{grade}重大危险源"
    )
    return Assessment(s_value, True, people, alpha, r_value, grade, lines, _join(parts))


def _join(parts: list[str]) -> str:
    return f"依据{STANDARD}：" + "。".join(parts) + "。"


def _line(item: Any, index: int) -> SubstanceLine:
    prefix = f"substances[{index}]"
    if not isinstance(item, Mapping):
        raise StandardsError(prefix, "每种物质应为对象，含 name 或 category 以及 q_t（吨）。")
    unknown = sorted(set(item) - set(SUBSTANCE_KEYS))
    if unknown:
        raise StandardsError(
            f"{prefix}.{unknown[0]}",
            f"不认识的字段「{unknown[0]}」；可用字段：{'、'.join(SUBSTANCE_KEYS)}。",
        )
    if item.get("q_t") is None:
        raise StandardsError(f"{prefix}.q_t", "请填写实际存在量 q_t（吨，按设计最大量）。")
    quantity = to_decimal(item["q_t"], f"{prefix}.q_t")
    row = _row(item.get("name"), f"{prefix}.name")
    entry = _category_entries(item.get("category"), f"{prefix}.category")
    critical, table = _critical(row, entry, item.get("Q_t"), prefix)
    beta, basis = _beta(row, entry, item.get("beta"), prefix)
    return SubstanceLine(
        name=_display_name(row, entry, item.get("label")),
        table=table,
        q_t=quantity,
        Q_t=critical,
        beta=beta,
        beta_basis=basis,
        q_over_Q=Fraction(quantity) / Fraction(critical),
    )


def _row(name: Any, field: str) -> Table1Row | None:
    if name is None:
        return None
    if not isinstance(name, str):
        raise StandardsError(field, f"物质名称应为文本，收到「{name}」。")
    return find_row(name, field)


def _category_entries(value: Any, field: str) -> tuple[Table2Entry, ...]:
    if value is None:
        return ()
    codes = [value] if isinstance(value, str) else value
    if not isinstance(codes, (list, tuple)) or not codes:
        raise StandardsError(field, "类别应为表2代码（如 W2），多种危险性时为代码列表。")
    entries = []
    for code in codes:
        key = normalize_text(str(code)).upper()
        if key not in TABLE2:
            raise StandardsError(field, f"「{code}」不是表2的类别代码；可选：{'、'.join(TABLE2)}。")
        entries.append(TABLE2[key])
    return tuple(entries)


def _determining(entries: tuple[Table2Entry, ...]) -> Table2Entry:
    """§4.1.2: several hazard classes take the lowest Q; on a tie the larger β is kept."""
    return min(entries, key=lambda entry: (entry.Q_t, -entry.beta))


def _positive(value: Any, field: str) -> Decimal:
    number = to_decimal(value, field)
    if number == 0:
        raise StandardsError(field, "应大于0。")
    return number


def _critical(
    row: Table1Row | None, entries: tuple[Table2Entry, ...], override: Any, prefix: str
) -> tuple[Decimal, str]:
    if row:
        quantity, table = row.Q_t, f"表1 第{row.no}项"
    elif entries:
        chosen = _determining(entries)
        quantity, table = chosen.Q_t, f"表2 {chosen.code}"
    elif override is None:
        raise StandardsError(
            f"{prefix}.name", "请给出表1名称 name、表2类别 category 或临界量 Q_t 之一。"
        )
    else:
        table = "指定临界量"
    if override is None:
        return quantity, table
    quantity = _positive(override, f"{prefix}.Q_t")
    return quantity, table if table == "指定临界量" else f"{table}（临界量按指定值）"


def _beta(
    row: Table1Row | None, entries: tuple[Table2Entry, ...], override: Any, prefix: str
) -> tuple[Decimal, str]:
    if override is not None:
        return _positive(override, f"{prefix}.beta"), "指定值"
    if row and row.beta is not None:
        return row.beta, "表3"
    if entries:
        chosen = max(entries, key=lambda entry: entry.beta) if row else _determining(entries)
        return chosen.beta, f"表4 {chosen.code}"
    if row:
        return Decimal(1), "表1物质未列入表3且未给出表2类别，取1"
    raise StandardsError(f"{prefix}.beta", "未给出名称和类别时，须同时给出校正系数 beta。")


def _display_name(row: Table1Row | None, entries: tuple[Table2Entry, ...], label: Any) -> str:
    if row:
        return row.name
    if label is not None and str(label).strip():
        return str(label).strip()
    if entries:
        return f"表2 {'、'.join(entry.code for entry in entries)}类物质"
    return "指定物质"


def _alpha(people: int) -> tuple[Decimal, str]:
    return next((alpha, label) for low, alpha, label in TABLE5_ALPHA if people >= low)


def _grade(r_value: Fraction) -> tuple[str, str]:
    return next((grade, label) for low, grade, label in TABLE6_GRADES if r_value >= low)


def _identification(lines: tuple[SubstanceLine, ...]) -> str:
    items = "；".join(
        f"{line.name}：{line.table}，Q = {fmt(line.Q_t)} t，β = {fmt(line.beta)}"
        f"（{line.beta_basis}）"
        for line in lines
    )
    return f"第4.1.2条确定临界量 Q 和校正系数 β——{items}"


def _s_text(lines: tuple[SubstanceLine, ...], s_value: Fraction) -> str:
    terms = " + ".join(f"{fmt(line.q_t)}/{fmt(line.Q_t)}" for line in lines)
    verdict = "≥ 1" if s_value >= 1 else "< 1"
    return f"第4.2.1条：S = {terms} {equals(s_value)} {verdict}"


def _r_text(lines: tuple[SubstanceLine, ...], alpha: Decimal, r_value: Fraction) -> str:
    terms = " + ".join(f"{fmt(line.beta)} × {fmt(line.q_t)}/{fmt(line.Q_t)}" for line in lines)
    text = f"R = α·Σβq/Q = {alpha} × ({terms})"
    if len(lines) > 1:
        total = sum((Fraction(line.beta) * line.q_over_Q for line in lines), Fraction(0))
        sign = "=" if is_terminating(total) else "≈"
        text += f" {sign} {alpha} × {fmt(total)}"
    return f"{text} {equals(r_value)}"
