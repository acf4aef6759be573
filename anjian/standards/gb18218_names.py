"""Matching a user-typed substance name or CAS number to a GB 18218 Table 1 row.

A name matches, in this order of precedence:
1. a row's full name, an alias, either half of a combined name ("甲烷,天然气"), or one of the
   common trade names in ``EXTRA_NAMES``;
2. a row's name without its parenthesised qualifier (汽油 → 汽油(乙醇汽油、甲醇汽油)), only
   when that is unambiguous; 硝化纤维素 names five rows and is an error listing them.
A CAS number matches any of the CAS numbers of a row. Full-width and half-width forms,
whitespace and letter case do not matter. Nothing unknown is ever mapped to a default.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from anjian.standards.base import StandardsError, suggestions
from anjian.standards.gb18218_tables import STANDARD, TABLE1, TABLE1_BY_NO, Table1Row

# Names in everyday use for substances a Table 1 row covers. 一氧化碳 is named in Table 3 and
# falls under row 13 (煤气); propane and butane are CAS-listed in row 52.
EXTRA_NAMES: dict[int, tuple[str, ...]] = {
    13: ("一氧化碳", "CO"),
    49: ("液化天然气", "压缩天然气", "LNG", "CNG"),
    52: ("丙烷", "丁烷", "LPG"),
    66: ("乙醇汽油", "甲醇汽油"),
}

CAS_PATTERN = re.compile(r"\d{2,7}-\d{2}-\d")


def _name_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _combined_parts(key: str) -> list[str]:
    """Split "甲烷,天然气" at top-level commas; a comma between digits is a locant (1,3-丁二烯)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(key):
        depth += {"(": 1, ")": -1}.get(char, 0)
        between_digits = 0 < index < len(key) - 1 and (
            key[index - 1].isdigit() and key[index + 1].isdigit()
        )
        if char == "," and depth == 0 and not between_digits:
            parts.append(key[start:index])
            start = index + 1
    parts.append(key[start:])
    return [part for part in parts if part] if len(parts) > 1 else []


def _without_qualifier(key: str) -> str | None:
    """汽油(乙醇汽油、甲醇汽油) → 汽油; nested parentheses are balanced from the end."""
    if not key.endswith(")"):
        return None
    depth = 0
    for index in range(len(key) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(key[index], 0)
        if depth == 0:
            return key[:index] or None
    return None


_Index = dict[str, set[int]]


def _build() -> tuple[_Index, _Index, _Index, dict[str, str]]:
    exact: dict[str, set[int]] = defaultdict(set)
    stripped: dict[str, set[int]] = defaultdict(set)
    cas: dict[str, set[int]] = defaultdict(set)
    display: dict[str, str] = {}
    for row in TABLE1:
        names = (row.name, *row.aliases, *EXTRA_NAMES.get(row.no, ()))
        for name in names:
            key = _name_key(name)
            display.setdefault(key, name)
            for variant in (key, *_combined_parts(key)):
                exact[variant].add(row.no)
                display.setdefault(variant, variant)
        head = _without_qualifier(_name_key(row.name))
        if head:
            stripped[head].add(row.no)
            display.setdefault(head, head)
        for number in row.cas:
            cas[number].add(row.no)
    return dict(exact), dict(stripped), dict(cas), display


_EXACT, _STRIPPED, _CAS, _DISPLAY = _build()


def find_row(query: str, field: str) -> Table1Row:
    """The Table 1 row a name, alias or CAS number designates; ``StandardsError`` otherwise."""
    key = _name_key(query)
    if not key:
        raise StandardsError(field, "物质名称不能为空。")
    if CAS_PATTERN.fullmatch(key):
        if key not in _CAS:
            raise StandardsError(
                field,
                f"CAS号 {key} 不在{STANDARD}表1中；如为表1未列举的危险化学品，"
                "请按表2给出类别 category（可用 label 填写名称）。",
            )
        return _single(_CAS[key], query, field)
    for index in (_EXACT, _STRIPPED):
        if key in index:
            return _single(index[key], query, field)
    close = [_DISPLAY[item] for item in suggestions(key, _DISPLAY)]
    hint = f"相近的名称：{'、'.join(close)}。" if close else ""
    raise StandardsError(
        field,
        f"「{query}」不在{STANDARD}表1中。{hint}如为表1未列举的危险化学品，"
        "请按表2给出类别 category（可用 label 填写名称）。",
    )


def _single(numbers: set[int], query: str, field: str) -> Table1Row:
    if len(numbers) == 1:
        return TABLE1_BY_NO[next(iter(numbers))]
    listed = "；".join(f"第{no}项 {TABLE1_BY_NO[no].name}" for no in sorted(numbers))
    raise StandardsError(field, f"「{query}」对应表1中的多项，请填写完整名称以区分：{listed}。")
