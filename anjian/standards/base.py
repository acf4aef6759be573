"""Shared machinery for the standards package: result base, input parsing, number formatting.

JSON convention of every ``as_dict()``: computed figures (``Decimal``/``Fraction``) become a
JSON number, an ``int`` when integral and otherwise a ``float`` rounded to
``JSON_DECIMAL_PLACES`` places; dates and datetimes become ISO 8601 strings; tuples become lists.
The exact values stay on the result attributes, so decisions are never taken on rounded floats.
"""

from __future__ import annotations

import calendar
import dataclasses
import difflib
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from typing import Any, ClassVar

JSON_DECIMAL_PLACES = 6
# Places shown in an explanation when a quotient has no finite decimal form.
TEXT_DECIMAL_PLACES = 4


class StandardsError(ValueError):
    """Invalid input to a standards function; ``field`` names the input, ``message`` is Chinese."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class Result:
    """Mixin for the frozen dataclass results: ``as_dict()`` renders a JSON-ready dict.

    A subclass may rename attributes in the output through ``json_names`` (e.g. a field that
    cannot be called ``class`` in Python).
    """

    json_names: ClassVar[dict[str, str]] = {}

    def as_dict(self) -> dict[str, Any]:
        return {
            self.json_names.get(field.name, field.name): json_value(getattr(self, field.name))
            for field in dataclasses.fields(self)  # type: ignore[arg-type]
        }


def json_number(value: Decimal | Fraction | int) -> int | float:
    exact = Fraction(value)
    if exact.denominator == 1:
        return int(exact)
    return float(round(exact, JSON_DECIMAL_PLACES))


def json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, (Decimal, Fraction)):
        return json_number(value)
    if isinstance(value, float):
        return round(value, JSON_DECIMAL_PLACES)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Result):
        return value.as_dict()
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(item) for item in value]
    raise TypeError(f"cannot render {type(value).__name__} as JSON")


def normalize_text(value: str) -> str:
    """Full-width to half-width (NFKC), whitespace removed: how user-typed names are compared."""
    return "".join(unicodedata.normalize("NFKC", value).split())


def to_decimal(value: Any, field: str, *, allow_negative: bool = False) -> Decimal:
    """Parse a quantity; floats go through ``str`` so that 0.1 means 0.1, not its binary twin."""
    if isinstance(value, bool) or value is None:
        raise StandardsError(field, f"应填写数值，收到「{value}」。")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, (int, float)):
        number = _parse_decimal(str(value), field)
    elif isinstance(value, str):
        number = _parse_decimal(normalize_text(value), field)
    else:
        raise StandardsError(field, f"应填写数值，收到「{value}」。")
    if not number.is_finite():
        raise StandardsError(field, f"应填写有限的数值，收到「{value}」。")
    if number < 0 and not allow_negative:
        raise StandardsError(field, f"不能为负数，收到 {fmt(number)}。")
    return number


def _parse_decimal(text: str, field: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise StandardsError(field, f"应填写数值，收到「{text}」。") from None


def to_count(value: Any, field: str) -> int:
    """Parse a head count or day count: a non-negative integer."""
    number = to_decimal(value, field)
    if number != number.to_integral_value():
        raise StandardsError(field, f"应为不小于0的整数，收到 {fmt(number)}。")
    return int(number)


def to_date(value: Any, field: str) -> date:
    """Accept a ``date``, a ``datetime`` (its date part) or an ISO string ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(normalize_text(value))
        except ValueError:
            pass
    raise StandardsError(field, f"应为日期（如 2024-02-29），收到「{value}」。")


def add_months(start: date, months: int) -> date:
    """Calendar month arithmetic; a day missing in the target month falls on its last day."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def fmt(value: Decimal | Fraction | int) -> str:
    """Plain decimal text of a figure (no exponent, no trailing zeros), rounded if it must be."""
    exact = Fraction(value)
    if is_terminating(exact):
        with localcontext() as context:
            context.prec = 60
            text = format((Decimal(exact.numerator) / Decimal(exact.denominator)).normalize(), "f")
        return text
    rounded = Decimal(round(exact * 10**TEXT_DECIMAL_PLACES)) / 10**TEXT_DECIMAL_PLACES
    return format(rounded.normalize(), "f")


def is_terminating(value: Fraction) -> bool:
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def equals(value: Decimal | Fraction | int) -> str:
    """``= 5`` for an exact figure, ``≈ 0.3333`` for a rounded one."""
    sign = "=" if is_terminating(Fraction(value)) else "≈"
    return f"{sign} {fmt(value)}"


def suggestions(query: str, candidates: Iterable[str], limit: int = 5) -> list[str]:
    """Close names for an unknown input: containment first, then difflib similarity."""
    pool = list(dict.fromkeys(candidates))
    contained = [name for name in pool if query and (query in name or name in query)]
    similar = difflib.get_close_matches(query, pool, n=limit, cutoff=0.4)
    return list(dict.fromkeys(contained + similar))[:limit]


def join_cn(items: Iterable[str]) -> str:
    return "、".join(items)


_DIGITS = "零一二三四五六七八九"


def cn_number(number: int) -> str:
    """Chinese numeral for 1–999 as statutes write article numbers (一百零一, 一百一十四)."""
    if not 0 < number < 1000:
        raise ValueError(number)
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    text = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += f"{'' if tens == 1 and not hundreds else _DIGITS[tens]}十"
    elif hundreds and ones:
        text += "零"
    return text + (_DIGITS[ones] if ones else "")
