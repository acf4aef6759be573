"""Unified social credit code (统一社会信用代码), GB 32100-2015.

18 characters: registration authority (1), organisation type (2), administrative division (3–8),
subject identifier = GB 11714 organisation code (9–17), check character (18).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from anjian.standards.base import Result, StandardsError

STANDARD = "GB 32100-2015《法人和其他组织统一社会信用代码编码规则》"
INNER_STANDARD = "GB 11714《全国组织机构代码编制规则》"

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = tuple(pow(3, index, 31) for index in range(17))
LENGTH = 18

INNER_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Authority codes with their organisation types. Authorities added later (2–4, 6–8, A, N) are
# valid codes that this table simply does not name.
AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": ("机构编制", {"1": "机关", "2": "事业单位", "3": "群众团体", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "Y": ("其他", {}),
}


@dataclass(frozen=True)
class CheckCharacter(Result):
    first17: str
    weighted_sum: int
    check_character: str
    explanation: str


@dataclass(frozen=True)
class CreditCodeValidation(Result):
    code: str
    normalized: str
    valid: bool
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    registration_authority: str | None
    organisation_type: str | None
    division_code: str | None
    organisation_code: str | None
    explanation: str


def _normalize(code: str) -> str:
    """Trim, full-width to half-width, upper-case."""
    return unicodedata.normalize("NFKC", code).strip().upper()


def _compute(first17: str) -> tuple[int, str]:
    total = sum(CHARSET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    value = 31 - total % 31
    return total, CHARSET[0 if value == 31 else value]


def check_character(first17: Any) -> CheckCharacter:
    """The 18th character for the first 17: C18 = 31 − (Σ value·3^(i−1) mod 31), 31 → 0."""
    text = _normalize(first17) if isinstance(first17, str) else ""
    bad = [char for char in text if char not in CHARSET]
    if len(text) != LENGTH - 1 or bad:
        raise StandardsError(
            "first17",
            f"应为17位，字符取自 {CHARSET}（不使用 I、O、S、V、Z），收到「{first17}」。",
        )
    total, char = _compute(text)
    return CheckCharacter(
        first17=text,
        weighted_sum=total,
        check_character=char,
        explanation=(
            f"依据{STANDARD}的校验码计算规则：前17位代码值按权重 3^(i−1) mod 31 加权求和 "
            f"Σ = {total}，{total} mod 31 = {total % 31}，31 − {total % 31} = "
            f"{31 - total % 31}{'（31 记为 0）' if total % 31 == 0 else ''}，校验码为「{char}」。"
        ),
    )


def _format_errors(text: str) -> list[str]:
    errors = []
    if len(text) != LENGTH:
        errors.append(f"长度应为{LENGTH}位，实际为{len(text)}位。")
    for position, char in enumerate(text, start=1):
        if char not in CHARSET:
            errors.append(
                f"第{position}位字符「{char}」不是合法字符"
                "（只使用数字和除 I、O、S、V、Z 外的大写字母）。"
            )
    division = text[2:8]
    if len(text) == LENGTH and not division.isdigit():
        errors.append(f"第3～8位为行政区划码，应全为数字，实际为「{division}」。")
    return errors


def _inner_check_character(organisation_code: str) -> str:
    """GB 11714 check: 11 − (Σ value·weight mod 11); 10 → X, 11 → 0; letters count A = 10."""
    total = sum(
        int(char, 36) * weight
        for char, weight in zip(organisation_code[:8], INNER_WEIGHTS, strict=True)
    )
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def validate(code: Any) -> CreditCodeValidation:
    """Format and GB 32100 check failures are errors; a GB 11714 check failure is a warning."""
    if not isinstance(code, str):
        raise StandardsError("code", f"统一社会信用代码应为文本，收到「{code}」。")
    text = _normalize(code)
    errors = _format_errors(text)
    warnings: list[str] = []
    if not errors:
        _total, expected = _compute(text[:17])
        if expected != text[17]:
            errors.append(f"校验码错误：第18位应为「{expected}」，实际为「{text[17]}」。")
        inner = _inner_check_character(text[8:17])
        if inner != text[16]:
            warnings.append(
                f"第9～17位组织机构代码未通过{INNER_STANDARD}校验：第17位按该规则应为「{inner}」，"
                f"实际为「{text[16]}」（部分早期赋码不符合此规则，仅作提示）。"
            )
    authority, kind = _describe(text)
    well_formed = len(text) == LENGTH and not _format_errors(text)
    return CreditCodeValidation(
        code=code,
        normalized=text,
        valid=not errors,
        errors=tuple(errors),
        warnings=tuple(warnings),
        registration_authority=authority,
        organisation_type=kind,
        division_code=text[2:8] if well_formed else None,
        organisation_code=text[8:17] if well_formed else None,
        explanation=_explain(text, errors, warnings, authority, kind),
    )


def _describe(text: str) -> tuple[str | None, str | None]:
    if len(text) < 2 or text[0] not in AUTHORITIES:
        return None, None
    authority, kinds = AUTHORITIES[text[0]]
    return authority, kinds.get(text[1])


def _explain(
    text: str, errors: list[str], warnings: list[str], authority: str | None, kind: str | None
) -> str:
    head = f"依据{STANDARD}校验「{text}」（已去除首尾空白、全角转半角、转大写）："
    if errors:
        return head + "不合规。" + "".join(errors)
    if authority:
        issuer = f"登记管理部门为{authority}" + (f"，机构类别为{kind}" if kind else "")
    else:
        issuer = f"登记管理部门代码「{text[0]}」不在本系统对照表中（后续新增代码，不视为错误）"
    note = "".join(warnings)
    return head + f"长度、字符集和第18位校验码均正确；{issuer}。{note}"
