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
from typing import Any, Literal

from ninja import Query, Router, Schema, Status
from pydantic import Field, create_model

from anjian.core.api_errors import if_match
from anjian.core.pagination import paginate
from anjian.core.schemas import ERRORS, ErrorOut, Page, PageQuery, SignatureIn
from anjian.core.workflow import Workflow

from .filters import FilterSet

WRITE_ERRORS = {**ERRORS, 409: ErrorOut, 412: ErrorOut}


def _operation(func: Callable, params: list[inspect.Parameter], name: str, doc: str) -> Callable:
    """Name the generated operation after the app that declares it: the OpenAPI operation id
    (`anjian_hazards_api_hazards`) stays what integrators already use."""
    request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    func.__signature__ = inspect.Signature([request, *params])  # type: ignore[attr-defined]
    func.__name__ = name
    func.__module__ = _declaring_module()
    func.__doc__ = doc
    return func


def _declaring_module() -> str:
    """The module that declared the operation: the first caller outside this module."""
    frame = sys._getframe(1)
    while frame.f_globals["__name__"] == __name__:
        frame = frame.f_back  # type: ignore[assignment]
    return frame.f_globals["__name__"]


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


def transition_schema(workflow: Workflow) -> type[Schema]:
    """The body of a workflow's transitions route, from what its transitions require."""
    actions = tuple(workflow.by_action)
    required = {name for t in workflow.by_action.values() for name in t.requires}
    fields: dict[str, Any] = {"action": (Literal[actions], Field(..., description="操作"))}
    for name in ("comment", "reason"):
        if name in required:
            fields[name] = (str | None, Field(None, max_length=2000, description=name))
    if "signature" in required:
        fields["signature"] = (SignatureIn | None, None)
    if "attachments" in required:
        fields["attachments"] = (list[int] | None, Field(None, description="已上传附件的 id"))
    name = "".join(part.title() for part in workflow.name.split("_")) + "TransitionIn"
    return create_model(name, __base__=Schema, **fields)


def with_actions(get: Callable, workflow: Workflow) -> Callable:
    """A detail selector whose record carries `actions`: what this user may do now."""

    def detail(user, pk):
        obj = get(user, pk)
        obj.actions = [t.action for t in workflow.available(obj, user)]
        return obj

    return detail


def register(
    router: Router,
    path: str,
    *,
    noun: str,
    id_name: str,
    out: Any,
    get: Callable,
    docs: dict[str, str],
    filters: type[FilterSet] | None = None,
    rows: Callable | None = None,
    payload: Any = None,
    create: Callable | None = None,
    update: Callable | None = None,
    workflow: Workflow | None = None,
    transition: Callable | None = None,
    export: Any = None,
    sheet_import: Any = None,
) -> None:
    """Every operation a record type has, from one declaration.

    `docs` holds the Chinese description of each operation declared: `list`, `create`,
    `detail`, `update`, `transitions`, `export`, `import`. Operation names follow the noun:
    `tickets`, `ticket_create`, `ticket`, `ticket_update`, `ticket_transition`,
    `ticket_export`, `ticket_import`. With a `workflow`, detail answers carry `actions` and
    `transition(user, obj, action, version, data)` serves `POST …/{id}/transitions`.
    """
    from . import sheet_api

    one = f"{path}/{{{id_name}}}"
    if workflow is not None:
        get = with_actions(get, workflow)
    module = _declaring_module()
    if export is not None and filters is not None:
        sheet_api.add_export(
            router,
            f"{path}/export",
            export,
            filters,
            name=f"{noun}_export",
            module=module,
            doc=docs["export"],
        )
    if sheet_import is not None:
        sheet_api.add_import(
            router,
            f"{path}/import",
            sheet_import,
            name=f"{noun}_import",
            module=module,
            doc=docs["import"],
            result=lambda saved, mode: {"saved": saved},
        )
    if rows is not None and filters is not None:
        add_list(
            router, path, out=out, filters=filters, rows=rows, name=f"{noun}s", doc=docs["list"]
        )
    if create is not None:
        add_create(
            router,
            path,
            payload=payload,
            out=out,
            get=get,
            create=create,
            name=f"{noun}_create",
            doc=docs["create"],
        )
    add_detail(router, one, id_name=id_name, out=out, get=get, name=noun, doc=docs["detail"])
    if update is not None:
        add_update(
            router,
            one,
            id_name=id_name,
            payload=payload,
            out=out,
            get=get,
            update=update,
            name=f"{noun}_update",
            doc=docs["update"],
        )
    if transition is not None and workflow is not None:
        add_transitions(
            router,
            f"{one}/transitions",
            id_name=id_name,
            payload=transition_schema(workflow),
            out=out,
            get=get,
            transition=transition,
            name=f"{noun}_transition",
            doc=docs["transitions"],
        )
