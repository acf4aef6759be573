"""Template helpers of the calculator page."""

from __future__ import annotations

import re
from typing import Any

from django import template

register = template.Library()
SENTENCE = re.compile(r"[^。]+。?")


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """``values|get_item:field``: a form value whose field name is itself a variable."""
    return mapping.get(key, "")


@register.filter
def sentences(text: str) -> list[str]:
    """An explanation one sentence a line: the clause-by-clause steps read more easily."""
    return [part for part in SENTENCE.findall(text) if part.strip()]
