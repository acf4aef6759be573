"""Mainland telephone numbers: mobile and fixed-line formats of the national numbering plan.

《电信网编号计划（2017年版）》(工业和信息化部): a mobile number is 11 digits beginning with 1 and
a second digit 3–9; a fixed-line number is the trunk prefix 0, an area code (two digits for
Beijing 10 and the 2x cities, three for the others) and a local number of 7 or 8 digits that
does not begin with 0 or 1. The country code +86 (or 0086) may precede a mobile number; an
extension may follow a fixed line (-801, 转801).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .base import Result, StandardsError

SOURCE = "《电信网编号计划（2017年版）》"

MOBILE = re.compile(r"^1[3-9]\d{9}$")
# 0 + area code (10, 2x, or three digits 3–9xx) + local number (7–8 digits, not 0/1 first),
# optionally an extension of 1–6 digits.
LANDLINE = re.compile(r"^0(10|2\d|[3-9]\d{2})([2-9]\d{6,7})(?:(?:-|转|ext)(\d{1,6}))?$")
COUNTRY = re.compile(r"^(?:\+86|0086|86)(?=1\d{10}$)")
SEPARATORS = re.compile(r"[\s\-()（）]")


@dataclass(frozen=True)
class PhoneValidation(Result):
    value: str
    valid: bool
    kind: str | None  # "mobile" | "landline"
    normalized: str  # 13912345678, 0571-87654321, 0571-87654321-801
    reason: str  # why not, for a field error ("" when valid)
    explanation: str


def _plain(text: str) -> tuple[str, str]:
    """The number with separators removed, and its extension (after 转 or ext or a second -)."""
    extension = ""
    match = re.search(r"(?:转|ext\.?|分机)\s*(\d+)$", text, flags=re.IGNORECASE)
    if match:
        extension, text = match.group(1), text[: match.start()]
    else:
        parts = text.split("-")
        if len(parts) == 3 and parts[0].startswith("0"):
            text, extension = "-".join(parts[:2]), parts[2]
    return SEPARATORS.sub("", text), extension


def validate(value: Any) -> PhoneValidation:
    """Check one telephone number; the explanation says which format it matched or why not."""
    if not isinstance(value, str):
        raise StandardsError("phone", f"电话号码应为文本，收到「{value}」。")
    text = unicodedata.normalize("NFKC", value).strip()
    number, extension = _plain(text)
    number = COUNTRY.sub("", number)
    if MOBILE.match(number) and not extension:
        return PhoneValidation(
            value,
            True,
            "mobile",
            number,
            "",
            f"依据{SOURCE}，「{number}」为 11 位手机号码（1 开头，第二位为 3～9）。",
        )
    landline = LANDLINE.match(number + (f"-{extension}" if extension else ""))
    if landline:
        area, local, ext = landline.groups()
        normalized = f"0{area}-{local}" + (f"-{ext}" if ext else "")
        return PhoneValidation(
            value,
            True,
            "landline",
            normalized,
            "",
            f"依据{SOURCE}，「{normalized}」为固定电话：长途区号 0{area}，"
            f"本地号码 {len(local)} 位" + (f"，分机 {ext}" if ext else "") + "。",
        )
    reason = f"「{text}」不是有效的电话号码：{_why_not(number)}"
    return PhoneValidation(value, False, None, text, reason, f"依据{SOURCE}，{reason}")


def _why_not(number: str) -> str:
    if not number:
        return "未填写号码。"
    if not number.isdigit():
        return "只能包含数字（座机可用“-”分隔区号和分机）。"
    if number.startswith("1"):
        return f"手机号码应为 11 位、以 13～19 开头，实际为 {len(number)} 位。"
    if number.startswith("0"):
        return (
            "座机号码应为“区号-号码”，区号 3～4 位（以 0 开头），号码 7～8 位且不以 0 或 1 开头。"
        )
    return "手机号码为 11 位（如 13812345678）；座机号码须带区号（如 0571-87654321）。"
