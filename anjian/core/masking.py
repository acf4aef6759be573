"""Masks for personal data shown without the "view personal data" permission (GB/T 35273)."""

from __future__ import annotations


def mask_id_number(value: str) -> str:
    """110101199001011234 → 110***********1234 (first 3 and last 4 kept)."""
    value = (value or "").strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678; landlines keep their last 4 digits."""
    value = (value or "").strip()
    if len(value) == 11 and value.isdigit():
        return value[:3] + "****" + value[-4:]
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]
