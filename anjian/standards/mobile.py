"""Mainland China mobile numbers (中国大陆手机号).

Numbering plan of the Ministry of Industry and Information Technology (电信网编号计划): a mobile
number has 11 digits and begins 13–19. Written forms with the country code (+86 / 0086 / 86)
and with spaces or hyphens between the groups are accepted and normalised to the 11 digits.
"""

from __future__ import annotations

import re

_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-]")
_COUNTRY = ("+86", "0086", "86")


def normalize_mobile(value: str) -> str | None:
    """The 11-digit number, or None when it is not a mainland mobile number."""
    digits = _SEPARATORS.sub("", value or "")
    for prefix in _COUNTRY:
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix) :]
            break
    return digits if _MOBILE.fullmatch(digits) else None


MOBILE_RULE = "手机号应为 11 位数字，以 13–19 开头（如 13812345678）"
