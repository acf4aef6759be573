"""Document numbers (文号) from per-type, per-year sequences.

The counter row is locked and advanced inside the caller's transaction, so a rolled-back document
gives its number back and the sequence stays gap-free; a committed number is never issued again.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import NumberSequence

FORMATS = {
    "default": "〔{year}〕{n}号",
}


def allocate(kind: str, *, year: int | None = None) -> tuple[int, int]:
    """Return (year, n): the next number of `kind` for `year`. Must run inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numbering.allocate() must run inside transaction.atomic()")
    year = year or timezone.localdate().year
    updated = NumberSequence.objects.filter(kind=kind, year=year).update(last=F("last") + 1)
    if not updated:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(kind=kind, year=year, last=1)
                return year, 1
        except IntegrityError:
            NumberSequence.objects.filter(kind=kind, year=year).update(last=F("last") + 1)
    n = NumberSequence.objects.values_list("last", flat=True).get(kind=kind, year=year)
    return year, n


def next_number(kind: str, *, year: int | None = None, fmt: str | None = None) -> str:
    """Allocate and format, e.g. `〔2026〕12号` or with fmt `YH-{year}-{n:06d}`."""
    year, n = allocate(kind, year=year)
    return (fmt or FORMATS.get(kind) or FORMATS["default"]).format(year=year, n=n, kind=kind)
