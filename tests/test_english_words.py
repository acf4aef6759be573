"""Everything a user reads is Chinese: every page of the route table, rendered once for every
persona, may show no English word outside an allowlist of codes, units and brand names.

The pages come from the role matrix (`tests/routes.py`): each GET page with the persona's own
object where the row names one (the same choice as the matrix walk). What counts as read is
the page's text and the attributes a user sees or hears (placeholder, title, alt, aria-label);
scripts, styles and values sent back to the server are not read, and text set as `<code>` is a
code the user types or matches (a sector code, a token prefix). A run of characters holding a
digit is a code or a number (YH-2026-000007, 10.0.0.1, 20 mg/m³) and is not checked.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.matrix import login_as
from tests.personas import ALL_PERSONAS
from tests.route_matrix import MINE, light, send, url_of
from tests.route_objects import make_objects
from tests.routes import ROUTES
from tests.test_role_matrix import _per_user

# Pages that are not ours to translate: the OpenAPI viewer (Swagger UI, for integrators, linked
# only from their menu and the administrators').
NOT_OURS = {"api-docs", "api:openapi-view"}

# Words a Chinese user reads as they are: formats, standards, protocols, brands, units.
ALLOWED = {
    # file formats and products
    "Excel",
    "DOCX",
    "XLSX",
    "JSON",
    "GeoJSON",
    "geojson",
    "json",
    "Word",
    "xlsx",
    "csv",
    "pdf",
    "docx",
    "jpg",
    "png",
    # web and protocol terms shown on purpose
    "HTMX",
    "HTTPS",
    "Bearer",
    "Authorization",
    "OpenAPI",
    "Swagger",
    "YYYY",
    # authenticator apps named in the second-factor instructions
    "Google",
    "Microsoft",
    "Authenticator",
    "FreeOTP",
    "Android",
    "iOS",
    "App",
    "app",
    # standards, methods and codes of the domain
    "CGCS",
    # units
    "km",
    "kg",
    "min",
    "ms",
    "mg",
    "ppm",
    "kPa",
    "MPa",
    "Pa",
    "kW",
    "mm",
    "cm",
    "pH",
    "dB",
    # map and chart libraries named in attributions
    "Leaflet",
    "OpenStreetMap",
    "ECharts",
    "Tabler",
    # the product's own name
    "anjian",
}

READ_ATTRIBUTES = ("placeholder", "title", "alt", "aria-label")
ASCII_RUN = re.compile(r"[A-Za-z0-9_.\-@/:#+%'&]+")
WORD = re.compile(r"[A-Za-z]+")


class VisibleText(HTMLParser):
    """The text of a page as a person reads it."""

    SKIP = {"script", "style", "template", "noscript", "code", "kbd"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        attributes = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self.parts.append(attributes[name])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def _allowed(word: str) -> bool:
    """Allowlisted, or a symbol (one letter: D = L × E × C, q/Q, B类) or an upper-case
    abbreviation of up to four letters (CAS, PNG, HA as in a licence number)."""
    return word in ALLOWED or len(word) == 1 or (word.isupper() and len(word) <= 4)


def english_words(parts: list[str], usernames: frozenset[str] = frozenset()) -> list[str]:
    """The English words of a page's text that are not in the allowlist, with their context.
    Login names are data, not words of the interface."""
    found = []
    for part in parts:
        for match in ASCII_RUN.finditer(part):
            run = match.group()
            if any(ch.isdigit() for ch in run) or run.strip(".:-/'&") in usernames:
                continue
            words = [w for w in WORD.findall(run) if not _allowed(w)]
            if words:
                found.append(f"{' '.join(words)!r} in {part.strip()[:80]!r}")
    return found


def pages(persona: str, objects):
    """(key, URL) of each GET page this persona can be shown, with its own object."""
    for route in ROUTES:
        if route.is_api or "GET" not in route.methods or route.key in NOT_OURS:
            continue
        ids = None
        if route.obj:
            ids = objects(route.obj, persona, MINE)
            if ids is None:
                continue
        yield route, url_of(route, ids)


def test_the_check_finds_english_and_passes_codes_and_units():
    html = (
        "<p>新增reading</p><p title='Save'>按分级方案「common」</p><p>YH-2026-000007 储罐</p>"
        "<p>导出 Excel · 20 mg/m³ · 10.0.0.1</p><script>var x = 'hello';</script>"
        "<input placeholder='如 auth.' value='hazard.accept'><p>city</p><code>coal_mining</code>"
    )
    found = english_words(visible_text(html), frozenset({"city"}))
    assert found == [
        "'reading' in '新增reading'",
        "'Save' in 'Save'",
        "'common' in '按分级方案「common」'",
        "'auth' in '如 auth.'",
    ]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_no_english_on_any_page(persona, personas):
    from anjian.accounts.models import User

    usernames = frozenset(User.objects.values_list("username", flat=True))
    objects = make_objects(_per_user(personas))
    client = Client(raise_request_exception=False)
    login_as(client, personas, persona)
    problems, seen = [], 0
    with light():
        for route, url in pages(persona, objects):
            response = client.get(url, route.query)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            seen += 1
            text = visible_text(response.content.decode())
            for found in english_words(text, usernames):
                problems.append(f"{route.key} {url} ({response.status_code}): {found}")
            if "POST" in route.methods:  # the form sent as the role matrix sends it: its errors
                answer = send(client, "POST", url, route, lambda kind: objects(kind, persona, MINE))
                if "text/html" in answer.get("Content-Type", ""):
                    posted = visible_text(answer.content.decode())
                    for found in english_words(posted, usernames):
                        problems.append(f"POST {route.key} {url} ({answer.status_code}): {found}")
    assert seen >= 10, f"only {seen} pages rendered for {persona}"
    if problems:
        pytest.fail(f"English words on {persona}'s pages:\n" + "\n".join(sorted(problems)), False)


def test_every_model_has_a_chinese_name():
    """Permission names, audit objects and messages are built from the models' names."""
    from django.apps import apps

    unnamed = [
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith(("anjian.", "tests."))
        and not re.search(r"[\u4e00-\u9fff]", str(m._meta.verbose_name))
    ]
    assert unnamed == []
