"""REST operations of a record type, declared once: list, detail, update and transitions.

Each function adds one operation to an app's django-ninja router. The list pages with cursors
and takes the type's filter set (the same as the page and the export); the detail answers 404
alike for missing and out-of-scope records; the update passes `If-Match` to the service as the
expected version (412 when stale); the transition route serves every action of the type's
workflow. Who may do what is decided by the services these operations call, never here.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import Any

from ninja import Query, Router, Status

from anjian.core.api_errors import if_match
from anjian.core.pagination import paginate
from anjian.core.schemas import ERRORS, ErrorOut, Page, PageQuery

from .filters import FilterSet

WRITE_ERRORS = {**ERRORS, 409: ErrorOut, 412: ErrorOut}


def _operation(func: Callable, params: list[inspect.Parameter], name: str, doc: str) -> Callable:
    """Name the generated operation after the app that declares it: the OpenAPI operation id
    (`anjian_hazards_api_hazards`) stays what integrators already use."""
    request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    func.__signature__ = inspect.Signature([request, *params])  # type: ignore[attr-defined]
    func.__name__ = name
    func.__module__ = sys._getframe(2).f_globals["__name__"]  # the caller of add_*
    func.__doc__ = doc
    return func


def _param(name: str, annotation: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation)


def add_list(
    router: Router,
    path: str,
    *,
    out: Any,
    filters: type[FilterSet],
    rows: Callable,
    name: str,
    doc: str,
) -> None:
    """GET `path`: the user's records, filtered, keyset-paged (`cursor`, `limit`)."""

    def operation(request, filters, page):
        qs = rows(request.user, filters)
        return paginate(
            qs,
            order=filters.ordering(),
            cursor=page.cursor,
            limit=page.limit,
            with_count=page.with_count,
        )

    # The filter set is only known at run time; the checker takes Query[...] for a static type.
    params = [_param("filters", Query[filters]), _param("page", Query[PageQuery])]  # type: ignore[misc, valid-type]
    router.get(path, response={200: Page[out], **ERRORS}, exclude_unset=True)(
        _operation(operation, params, name, doc)
    )


def add_detail(
    router: Router,
    path: str,
    *,
    id_name: str,
    out: Any,
    get: Callable,
    name: str,
    doc: str,
    id_type: Any = int,
) -> None:
    """GET `path`: one record; out of scope and missing answer the same 404.

    `id_type=str` for records also found by a code (a monitoring point by id or code).
    """

    def operation(request, **kwargs):
        return get(request.user, kwargs[id_name])

    router.get(path, response={200: out, **ERRORS})(
        _operation(operation, [_param(id_name, id_type)], name, doc)
    )


def add_create(
    router: Router,
    path: str,
    *,
    payload: Any,
    out: Any,
    get: Callable,
    create: Callable,
    name: str,
    doc: str,
) -> None:
    """POST `path`: a new record through the type's create service; 201 with its detail."""

    def operation(request, payload):
        obj = create(request.user, payload)
        return Status(201, get(request.user, obj.pk))

    router.post(path, response={201: out, **WRITE_ERRORS})(
        _operation(operation, [_param("payload", payload)], name, doc)
    )


def add_update(
    router: Router,
    path: str,
    *,
    id_name: str,
    payload: Any,
    out: Any,
    get: Callable,
    update: Callable,
    name: str,
    doc: str,
) -> None:
    """PATCH `path`: the fields sent; `If-Match: <version>` makes a stale edit a 412."""

    def operation(request, payload, **kwargs):
        obj = get(request.user, kwargs[id_name])
        update(request.user, obj, payload, if_match(request))
        return get(request.user, kwargs[id_name])

    params = [_param(id_name, int), _param("payload", payload)]
    router.patch(path, response={200: out, **WRITE_ERRORS})(
        _operation(operation, params, name, doc)
    )


def add_transitions(
    router: Router,
    path: str,
    *,
    id_name: str,
    payload: Any,
    out: Any,
    get: Callable,
    transition: Callable,
    name: str,
    doc: str,
) -> None:
    """POST `path`: one workflow action (`action` in the body) with what it requires.

    `transition(user, obj, action, expected_version, data)` is the type's service.
    """

    def operation(request, payload, **kwargs):
        obj = get(request.user, kwargs[id_name])
        data = payload.dict(exclude_none=True)
        action = data.pop("action")
        transition(request.user, obj, action, if_match(request), data)
        return get(request.user, kwargs[id_name])

    params = [_param(id_name, int), _param("payload", payload)]
    router.post(path, response={200: out, **WRITE_ERRORS})(_operation(operation, params, name, doc))
