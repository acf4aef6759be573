"""Region codes (区划代码): GB/T 2260 (province 2, city 2, county 2 digits) extended by township 3 and
village/community 3 digits, 12 digits in all. A region's jurisdiction is the significant prefix
of its code, so "everything in this district" is `region_code LIKE prefix%`.
"""

from __future__ import annotations

import re

# Levels of the region tree, from the top; the values are those stored on regions.
PROVINCE = "province"
CITY = "city"
COUNTY = "county"
TOWNSHIP = "township"
VILLAGE = "village"

# Significant length of the code at each level.
PREFIX_LENGTH = {PROVINCE: 2, CITY: 4, COUNTY: 6, TOWNSHIP: 9, VILLAGE: 12}
FULL_LENGTH = 12
_DIGITS = re.compile(r"^\d{6}(\d{3}){0,2}$")


class CodeError(ValueError):
    """A malformed region code; the message is Chinese and says what is wrong."""


def normalize(code: str) -> str:
    """Accept 6, 9 or 12 digits; return the 12-digit code."""
    code = (code or "").strip()
    if not _DIGITS.match(code):
        raise CodeError(f"区划代码“{code}”格式不正确：应为 6、9 或 12 位数字。")
    return code.ljust(FULL_LENGTH, "0")


def level_of(code: str) -> str:
    code = normalize(code)
    if code[9:] != "000":
        return VILLAGE
    if code[6:9] != "000":
        return TOWNSHIP
    if code[4:6] != "00":
        return COUNTY
    if code[2:4] != "00":
        return CITY
    if code[:2] == "00":
        raise CodeError(f"区划代码“{code}”无效：省级代码不能为 00。")
    return PROVINCE


def prefix_of(code: str) -> str:
    code = normalize(code)
    return code[: PREFIX_LENGTH[level_of(code)]]


def parent_code(code: str) -> str | None:
    """The code of the enclosing region, or None for a province."""
    code = normalize(code)
    level = level_of(code)
    if level == PROVINCE:
        return None
    order = list(PREFIX_LENGTH)
    parent_len = PREFIX_LENGTH[order[order.index(level) - 1]]
    return code[:parent_len].ljust(FULL_LENGTH, "0")


def within(code: str, prefix: str) -> bool:
    return normalize(code).startswith(prefix)


def jurisdiction_prefix(code: str) -> str:
    """The prefix a filter on `region_code` uses: a full code's significant prefix, or a bare
    prefix such as "9901" as given."""
    try:
        return prefix_of(code)
    except CodeError:
        return (code or "").strip()
