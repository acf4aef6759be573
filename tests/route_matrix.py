"""The machinery behind the route table (`tests/routes.py`): the row, the walk.

The walk logs one persona in once, builds each route's URL with the id of an object in the
persona's scope ("mine") and, where the permission passes, one outside it ("theirs"), sends
each request inside a savepoint that is rolled back, and compares the answer with the table.
`route_discovery.py` finds the routes, `route_objects.py` picks the objects.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.personas import PUBLIC
from tests.route_discovery import openapi, patterns

OK = "ok"  # the permission passed (see `is_ok`)
LOGIN = "login"  # a page sends the public to the login page
MINE, THEIRS = "mine", "theirs"


@dataclass(frozen=True)
class Mine:
    """In a row's `body` or `query`: the id of the asking persona's own in-scope object."""

    kind: str


@dataclass(frozen=True)
class Route:
    """One row of the table. `key` is a URL name (pages) or "METHOD /api/v1/path" (API)."""

    key: str
    ok: tuple[str, ...] = ()  # personas for whom the permission passes
    obj: str | None = None  # the kind of object whose id goes into the URL
    deny: int = 403  # what a signed-in persona outside `ok` gets
    out: object = 404  # what anyone signed in gets for an object outside their scope
    methods: tuple[str, ...] = ("GET",)  # pages only; an API row has its one method in `key`
    args: dict = field(default_factory=dict)  # fixed URL arguments (an action, a field)
    body: dict = field(default_factory=dict)  # JSON (API) or form fields (pages) of a write
    query: dict = field(default_factory=dict)  # query parameters of a GET
    odd: dict = field(default_factory=dict)  # persona -> status, where a persona differs
    note: str = ""
    known: str = ""  # a known defect: differences are reported, not failed (say why)

    @property
    def is_api(self) -> bool:
        return " " in self.key

    def expect(self, persona: str, which: str):
        if persona in self.odd:
            return self.odd[persona]
        if persona == PUBLIC and persona not in self.ok:
            return 401 if self.is_api else LOGIN
        if which == THEIRS:
            return self.out
        return OK if persona in self.ok else self.deny


def is_ok(response) -> bool:
    """Allowed: a 2xx, a redirect anywhere but the login page, or a refusal of the request's
    content (400, 409 wrong state, 412 stale, 422 validation), all of which come after the
    permission and scope checks."""
    status = response.status_code
    if 300 <= status < 400:
        return not _to_login(response)
    return 200 <= status < 300 or status in (400, 409, 412, 422)


def _to_login(response) -> bool:
    return response.get("Location", "").startswith(reverse("accounts:login"))


SCHEMA = "schema"  # the API refused the body's shape before any permission check


def _schema_refusal(response) -> bool:
    if response.status_code != 422 or "json" not in response.get("Content-Type", ""):
        return False
    details = response.json().get("details", {})
    return isinstance(details, dict) and set(details) == {"errors"}


def outcome(response):
    """What the table would say about this response."""
    if _schema_refusal(response):
        return SCHEMA
    if is_ok(response):
        return OK
    if 300 <= response.status_code < 400:
        return LOGIN
    return response.status_code


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _sample(schema: dict, components: dict):
    """The plainest value of a JSON schema: it passes the shape check, nothing more."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    schema = _resolve(schema, components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            branches = [b for b in schema[key] if b.get("type") != "null"]
            return _sample(branches[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {n: _sample(props[n], components) for n in schema.get("required", [])}
    samples = {"integer": 1, "number": 1, "boolean": False, "array": []}
    if kind in samples:
        return samples[kind]
    formats = {"date": "2026-01-01", "date-time": "2026-01-01T08:00:00+08:00"}
    if fmt == "binary":
        return SimpleUploadedFile("x.txt", b"x", "text/plain")
    return formats.get(fmt, "x")


def minimal_body(key: str) -> tuple[str, dict]:
    """(content type, body) with only the required fields of an operation's request body."""
    method, path = key.split(" ", 1)
    schema = openapi()
    request_body = schema["paths"][path][method.lower()].get("requestBody")
    if not request_body:
        return "application/json", {}
    content_type, content = next(iter(request_body["content"].items()))
    return content_type, _sample(content["schema"], schema["components"]["schemas"])


# The walk -------------------------------------------------------------------------------------


def url_of(route: Route, ids) -> str:
    """The URL with the object's id in the free parameter(s) and the fixed `args`."""
    if route.is_api:
        path = route.key.split(" ", 1)[1]
        for name, value in route.args.items():
            path = path.replace("{" + name + "}", str(value))
        free = re.findall(r"\{(\w+)\}", path)
        values = ids if isinstance(ids, dict) else dict.fromkeys(free, ids)
        for name in free:
            path = path.replace("{" + name + "}", str(values[name]))
        return path
    pattern = patterns()[route.key]
    params = re.findall(r"<(?:\w+:)?(\w+)>", pattern)
    kwargs = dict(route.args)
    free = [p for p in params if p not in kwargs]
    if free:
        kwargs.update(ids if isinstance(ids, dict) else dict.fromkeys(free, ids))
    return reverse(route.key, kwargs=kwargs or None)


def _fill(values: dict, mine) -> dict:
    """`Mine(kind)` placeholders replaced by the persona's own object of that kind."""
    return {k: mine(v.kind) if isinstance(v, Mine) else v for k, v in values.items()}


def send(client: Client, method: str, url: str, route: Route, mine):
    """One request whose writes are rolled back; the client keeps its session (a logout or a
    password change inside the request does not carry over to the next one). A download is
    not read: its status line is all the matrix needs."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    with transaction.atomic():
        if method == "GET":
            response = client.get(url, _fill(route.query, mine))
        elif route.is_api:
            content_type, body = minimal_body(route.key)
            body.update(_fill(route.body, mine))
            if content_type == "application/json":
                response = client.generic(method, url, json.dumps(body), content_type)
            else:
                response = client.post(url, body)
        else:
            response = client.post(url, _fill(route.body, mine))
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def _draft(document, fmt: str) -> bytes:
    """Stands in for drawing a document: the record is still fetched through its scoped
    selector, the document built and the download audited; only the PDF/DOCX is not drawn."""
    from django.http import Http404

    from anjian.core.documents import FORMATS

    if fmt not in FORMATS:
        raise Http404
    return b""


@contextmanager
def light():
    """Leave out the work no permission depends on: drawing documents, rebuilding the OpenAPI
    schema on each request, and logging the thousands of expected refusals."""
    from config.api import api

    schema = openapi()
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)  # server errors are still logged
    try:
        with (
            mock.patch("anjian.core.documents.render", _draft),
            mock.patch.object(api, "get_openapi_schema", lambda **_: schema),
        ):
            yield
    finally:
        request_log.setLevel(level)


def cells(route: Route, persona: str, objects) -> Iterable[tuple[str, object]]:
    """(mine or theirs, URL ids) for each object the persona asks for on this row: their own
    and, where the permission passes, one outside their scope; a persona with no object of
    the kind in scope (an administrator, for business records) asks for one outside it."""
    if not route.obj:
        yield MINE, None
        return
    mine = objects(route.obj, persona, MINE)
    if mine is not None:
        yield MINE, mine
    if mine is None or persona in route.ok:
        theirs = objects(route.obj, persona, THEIRS)
        if theirs is not None:
            yield THEIRS, theirs


def walk(table: list[Route], objects, persona: str, login) -> tuple[list[str], list[str]]:
    """Every row × (mine, theirs) × method for one persona: (differences, known defects)."""
    problems: list[str] = []
    known: list[str] = []
    client = Client(raise_request_exception=False)
    login(client, persona)

    def own(kind):  # for a body: the persona's object, or (having none) one outside its scope
        return objects(kind, persona, MINE) or objects(kind, persona, THEIRS)

    with light():
        for route in table:
            for which, ids in cells(route, persona, objects):
                url = url_of(route, ids)
                for method in [route.key.split(" ")[0]] if route.is_api else route.methods:
                    response = send(client, method, url, route, own)
                    got, want = outcome(response), route.expect(persona, which)
                    if got != want:
                        line = (
                            f"{route.key} [{persona}, {which}] {method} {url}: "
                            f"table says {want}, got {got} ({response.status_code})"
                        )
                        (known if route.known else problems).append(line)
    return problems, known
