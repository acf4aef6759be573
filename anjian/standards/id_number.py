"""Resident identity card number check digit (GB 11643-1999 公民身份号码)."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Result

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"  # indexed by Σ(ai·Wi) mod 11


@dataclass(frozen=True)
class IdNumberResult(Result):
    valid: bool
    normalized: str
    explanation: str


def validate(value: str) -> IdNumberResult:
    """An 18-character number whose last character is the GB 11643 check character."""
    text = (value or "").strip().upper()
    clause = "依据GB 11643-1999《公民身份号码》第8.2条"
    if len(text) != 18 or not text[:17].isdigit():
        return IdNumberResult(False, text, f"{clause}，公民身份号码应为 18 位，前 17 位为数字。")
    total = sum(int(d) * w for d, w in zip(text[:17], WEIGHTS, strict=True))
    expected = CHECK[total % 11]
    ok = expected == text[17]
    verdict = "校验通过" if ok else f"校验码应为「{expected}」，实际为「{text[17]}」"
    return IdNumberResult(ok, text, f"{clause}，加权和 {total}，mod 11 = {total % 11}，{verdict}。")
