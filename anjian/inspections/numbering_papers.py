"""文号 of the visit documents: per office, per document type, per year, never reused.

A number reads `（东湖）应急现记〔2026〕3号`: the office's short name in round brackets (the
district or county of the bureau: 东湖区应急管理局 → 东湖), 应急 for the emergency-management
system, the type's two-character code, the year in 〔〕 and the sequence number. Each office
keeps its own sequence for each type and year (core `numbering`, allocated in the signing's
transaction, so a rolled-back signing gives its numbers back and a committed one keeps them).
"""

from __future__ import annotations

from anjian.core import numbering

from .choices import DocumentKind

CODES: dict[str, str] = {
    DocumentKind.RECORD: "现记",
    DocumentKind.RECTIFICATION_ORDER: "责改",
    DocumentKind.ONSITE_MEASURES: "现决",
    DocumentKind.RECHECK_OPINION: "复查",
}
OFFICE_SUFFIXES = ("应急管理局", "安全生产监督管理局", "安全生产委员会办公室", "应急局", "局")
PLACE_SUFFIXES = ("自治县", "新区", "区", "县", "市", "旗")


def office_short_name(name: str) -> str:
    """东湖区应急管理局 → 东湖; 江城市应急管理局 → 江城; a name without a known suffix stays."""
    short = name.strip()
    for suffix in OFFICE_SUFFIXES:
        if short.endswith(suffix):
            short = short[: -len(suffix)] or short
            break
    for suffix in PLACE_SUFFIXES:
        if short.endswith(suffix) and len(short) - len(suffix) >= 2:
            return short[: -len(suffix)]
    return short


def sequence_kind(office_id: int, kind: str) -> str:
    return f"inspdoc:{office_id}:{kind}"


def document_number(office, kind: str, *, year: int | None = None) -> str:
    """The next 文号 of `kind` for `office`; must run inside the issuing transaction."""
    fmt = f"（{office_short_name(office.name)}）应急{CODES[kind]}〔{{year}}〕{{n}}号"
    return numbering.next_number(sequence_kind(office.pk, kind), year=year, fmt=fmt)
