"""Mainland China mobile numbers (中国大陆手机号), where only a mobile will do (an account's phone).

The rule itself is `phone.validate` (电信网编号计划): 11 digits beginning 13–19, with +86 / 0086
and spaces or hyphens accepted and normalised away; this module only narrows it to mobiles.
"""

from __future__ import annotations

from . import phone

MOBILE_RULE = "手机号应为 11 位数字，以 13–19 开头（如 13812345678）"


def normalize_mobile(value: str) -> str | None:
    """The 11-digit number, or None when it is not a mainland mobile number."""
    checked = phone.validate(value or "")
    return checked.normalized if checked.valid and checked.kind == "mobile" else None
