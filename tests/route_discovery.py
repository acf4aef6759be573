"""Finding every route: each page URL pattern by name (walking nested includes) and each API
operation by method and path (from the OpenAPI schema); which are missing from the table, and
a row to paste for each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver


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
def patterns() -> dict[str, str]:
    return dict(_walk(get_resolver()))


def _shape(path: str) -> str:
    """A path with its parameters blanked: `hazards/<int:pk>/` and `/hazards/{id}/` agree."""
    path = re.sub(r"<(?:\w+:)?\w+>", "{}", path)
    return re.sub(r"\{\w+\}", "{}", path).strip("/")


def page_routes() -> set[str]:
    """Every URL pattern by name, except the API operations' own patterns (listed by method)."""
    api_shapes = {_shape(op.split(" ", 1)[1]) for op in api_operations()}
    return {name for name, route in _walk(get_resolver()) if _shape("/" + route) not in api_shapes}


def missing_rows(table: list) -> tuple[list[str], list[str]]:
    """(routes without a row, rows without a route)."""
    listed = [r.key for r in table]
    actual = page_routes() | api_operations()
    return sorted(actual - set(listed)), sorted(set(listed) - actual)


# URL parameter -> the kind of object the walk puts in it (`route_objects.BY_ENTERPRISE`)
KIND_OF_PARAMETER = {
    "enterprise_id": "enterprise",
    "hazard_id": "hazard",
    "point_id": "risk_point",
    "source_id": "source",
    "ref": "mpoint",
    "alarm_id": "alarm",
    "licence_id": "licence",
    "person_id": "person",
    "organisation_id": "organisation",
    "notification_id": "notification",
    "code": "region",
    "uuid": "attachment",
}
# the path segment before a page's <pk> -> the kind
KIND_OF_SEGMENT = {
    "enterprises": "enterprise",
    "hazards": "hazard",
    "licences": "licence",
    "people": "person",
    "sources": "source",
    "alarms": "alarm",
    "notifications": "notification",
    "grids": "grid",
    "sectors": "sector",
    "users": "user",
    "roles": "role",
    "organisations": "organisation",
}
OTHER_APPS = {
    "api": "core",
    "api-docs": "core",
    "dashboard": "core",
    "calculator": "core",
    "tickets": "testapp",
}


def app_of(key: str) -> str:
    """The app whose list in tests/routes.py takes the route."""
    if " " in key:
        method, path = key.split(" ", 1)
        op_id = openapi()["paths"][path][method.lower()].get("operationId", "")
        app = op_id.split("_")[1] if op_id.startswith(("anjian_", "tests_")) else "core"
    else:
        app = key.split(":")[0]
    return OTHER_APPS.get(app, app)


def _kind(key: str) -> tuple[str | None, list[str]]:
    """(the guessed object kind, the URL parameters left for `args`)."""
    if " " in key:
        params = re.findall(r"\{(\w+)\}", key)
        kinds = [KIND_OF_PARAMETER[p] for p in params if p in KIND_OF_PARAMETER]
        return (kinds[0] if kinds else None), [p for p in params if p not in KIND_OF_PARAMETER]
    pattern = patterns()[key]
    params = re.findall(r"<(?:\w+:)?(\w+)>", pattern)
    if "pk" not in params:
        kinds = [KIND_OF_PARAMETER[p] for p in params if p in KIND_OF_PARAMETER]
        return (kinds[0] if kinds else None), [p for p in params if p not in KIND_OF_PARAMETER]
    before = pattern.split("<", 1)[0].strip("/").split("/")[-1]
    kind = KIND_OF_SEGMENT.get(before, "risk_point" if before == "points" else None)
    if before == "points" and key.startswith("monitoring:"):
        kind = "mpoint"
    return kind, [p for p in params if p != "pk"]


def where(key: str) -> str:
    """A page's URL pattern, in brackets (an API operation's key already says it)."""
    return "" if " " in key else f" (/{patterns()[key]})"


def how_to_add(key: str) -> str:
    """A row to paste into the app's list: who may use it is left to the author (ok=() lets
    nobody in, and the walk then names each persona that does get in)."""
    kind, rest = _kind(key)
    parts = [f'"{key}"', "ok=()"]
    if kind:
        parts.append(f'obj="{kind}"')
    if " " not in key:
        parts.append('methods=("GET",)')
    if rest:
        parts.append("args={" + ", ".join(f'"{p}": "..."' for p in rest) + "}")
    return f"    Route({', '.join(parts)}),"
