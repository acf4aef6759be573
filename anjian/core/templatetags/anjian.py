"""Template helpers shared by every page."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

register = template.Library()
_NAME = re.compile(r"^[a-z0-9-]+$")


@lru_cache(maxsize=256)
def _icon_svg(name: str) -> str:
    if not _NAME.match(name):
        return ""
    found = finders.find(f"vendor/icons/outline/{name}.svg")
    path = Path(found) if found else Path(settings.STATIC_ROOT) / f"vendor/icons/outline/{name}.svg"
    if not path.exists():
        return ""
    svg = path.read_text(encoding="utf-8")
    return svg.replace("<svg", '<svg class="icon" aria-hidden="true" focusable="false"', 1)


@register.simple_tag
def icon(name: str) -> str:
    """Inline a Tabler outline icon (from the installed npm package) so it takes the text colour."""
    return mark_safe(_icon_svg(name))  # noqa: S308  (our own static file, name is validated)


@register.simple_tag
def badge(choices, value) -> str:
    """A coloured badge for a ColouredChoices value."""
    try:
        member = choices(value)
    except ValueError:
        return ""
    from django.utils.html import format_html

    return format_html('<span class="badge bg-{}-lt">{}</span>', member.colour, member.label)
