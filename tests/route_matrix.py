"""The machinery behind the route table (`tests/routes.py`): discovery, objects, the walk.

Discovery lists every page URL pattern (by name, walking nested includes) and every API
operation (method and path, from the OpenAPI schema). The walk logs each persona in once,
builds each route's URL with the id of an object in the persona's scope ("mine") and one
outside it ("theirs"), sends the request inside a savepoint that is rolled back, and compares
the status with the table.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.personas import ALL_PERSONAS, PUBLIC

OK = "ok"  # the permission passed (see `is_ok`)
LOGIN = "login"  # a page sends the public to the login page
MINE, THEIRS = "mine", "theirs"


@dataclass(frozen=True)
class Route:
    """One row of the table. `key` is a URL name (pages) or "METHOD /api/v1/path" (API)."""

    key: str
    ok: tuple[str, ...] = ()  # personas for whom the permission passes
    obj: str | None = None  # the kind of object whose id goes into the URL
    deny: int = 403  # what a signed-in persona outside `ok` gets
    out: object = 404  # what a persona in `ok` gets for an object outside their scope
    methods: tuple[str, ...] = ("GET",)  # pages only; an API row has its one method in `key`
    args: dict = field(default_factory=dict)  # fixed URL arguments (an action, a field)
    body: dict = field(default_factory=dict)  # JSON (API) or form fields (pages) of a write
    odd: dict = field(default_factory=dict)  # persona -> status, where a persona differs
    note: str = ""

    @property
    def is_api(self) -> bool:
        return " " in self.key

    def expect(self, persona: str, which: str):
        if persona in self.odd:
            return self.odd[persona]
        if persona in self.ok:
            return self.out if which == THEIRS else OK
        if persona == PUBLIC:
            return 401 if self.is_api else LOGIN
        return self.deny


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


# Discovery ------------------------------------------------------------------------------------

API_PREFIX = "/api/v1"


@cache
def openapi() -> dict:
    from config.api import api

    return api.get_openapi_schema()


def api_operations() -> set[str]:
    schema = openapi()
    return {f"{m.upper()} {path}" for path, ops in schema["paths"].items() for m in ops}


def _walk(resolver, prefix: str = "", namespace: str | None = None) -> Iterable[tuple[str, str]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield name or prefix + str(p.pattern), prefix + str(p.pattern)


@cache
def _patterns() -> dict[str, str]:
    return dict(_walk(get_resolver()))


def _shape(path: str) -> str:
    """A path with its parameters blanked: `hazards/<int:pk>/` and `/hazards/{id}/` agree."""
    path = re.sub(r"<(?:\w+:)?\w+>", "{}", path)
    return re.sub(r"\{\w+\}", "{}", path).strip("/")


def page_routes() -> set[str]:
    """Every URL pattern by name, except the API operations' own patterns (listed by method)."""
    api_shapes = {_shape(op.split(" ", 1)[1]) for op in api_operations()}
    return {name for name, route in _walk(get_resolver()) if _shape("/" + route) not in api_shapes}


def missing_rows(table: list[Route]) -> tuple[list[str], list[str]]:
    """(routes without a row, rows without a route)."""
    listed = [r.key for r in table]
    actual = page_routes() | api_operations()
    return sorted(actual - set(listed)), sorted(set(listed) - actual)


def how_to_add(key: str) -> str:
    if " " in key:
        return f'    Route("{key}", ok=..., obj=...),  # an API operation'
    return f'    Route("{key}", ok=..., obj=..., methods=("GET",)),  # a page'


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


def url_of(route: Route, ids: dict) -> str:
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
    pattern = _patterns()[route.key]
    params = re.findall(r"<(?:\w+:)?(\w+)>", pattern)
    kwargs = dict(route.args)
    free = [p for p in params if p not in kwargs]
    if free:
        kwargs.update(ids if isinstance(ids, dict) else dict.fromkeys(free, ids))
    return reverse(route.key, kwargs=kwargs or None)


def send(client: Client, method: str, url: str, route: Route):
    """One request whose writes are rolled back; the client keeps its session (a logout or a
    password change inside the request does not carry over to the next one)."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif route.is_api:
            content_type, body = minimal_body(route.key)
            body.update(route.body)
            if content_type == "application/json":
                response = client.generic(method, url, json.dumps(body), content_type)
            else:
                response = client.post(url, body)
        else:
            response = client.post(url, route.body)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def walk(table: list[Route], objects, login) -> list[str]:
    """Every row × persona × (mine, theirs); the differences, one line each."""
    problems = []
    client = Client(raise_request_exception=False)
    for persona in ALL_PERSONAS:
        login(client, persona)
        for route in table:
            # "theirs" only where "mine" is allowed: a refusal does not look at the object
            both = route.obj and persona in route.ok
            for which in (MINE, THEIRS) if both else (MINE,):
                ids = objects(route.obj, persona, which) if route.obj else None
                if route.obj and ids is None:
                    continue  # no such object for this persona (e.g. nothing outside the city)
                url = url_of(route, ids)
                for method in [route.key.split(" ")[0]] if route.is_api else route.methods:
                    response = send(client, method, url, route)
                    got, want = outcome(response), route.expect(persona, which)
                    if got != want:
                        problems.append(
                            f"{route.key} [{persona}, {which}] {method} {url}: "
                            f"table says {want}, got {got} ({response.status_code})"
                        )
    return problems
