"""The REST operations of a record type's spreadsheets: export, import template and import.

An app adds them to its router in one line each; the operation keeps the app's name (and so its
OpenAPI operation id) and the description its author writes for the API documentation.
(Annotations are evaluated here, not postponed: ninja reads them from the generated views.)
"""

from collections.abc import Callable
from typing import Any

from ninja import File, Form, Query, Router
from ninja.files import UploadedFile

from anjian.core.errors import Forbidden
from anjian.core.schemas import ERRORS, ErrorOut

from .exporting import SheetExport, export_response
from .importing import SheetImport, run_import
from .sheets import template_response

IMPORT_ERRORS = {**ERRORS, 409: ErrorOut, 412: ErrorOut, 413: ErrorOut}


def _named(view: Callable, name: str, module: str, doc: str) -> Callable:
    view.__name__ = view.__qualname__ = name
    view.__module__ = module
    view.__doc__ = doc
    return view


def add_import(
    router: Router,
    path: str,
    spec: SheetImport,
    *,
    name: str,
    module: str,
    doc: str,
    result: Callable[[Any, str], Any] = lambda result, mode: result,
) -> None:
    """POST `path`: a multipart `file` (and `mode` where the type has several); 422 lists rows."""
    view: Callable
    if spec.modes:

        def with_mode(request, file: File[UploadedFile], mode: Form[str] = spec.modes[0].value):
            return result(run_import(spec, actor=request.user, upload=file, mode=mode), mode)

        view = with_mode
    else:

        def single_mode(request, file: File[UploadedFile]):
            return result(run_import(spec, actor=request.user, upload=file), "")

        view = single_mode
    router.post(path, response={200: dict, **IMPORT_ERRORS})(_named(view, name, module, doc))


def add_template(router: Router, path: str, spec: SheetImport, *, name, module, doc) -> None:
    """GET `path`: the import template, for those who may import (as on the page)."""

    def view(request):
        if not request.user.has_perm(spec.permission):
            raise Forbidden(spec.denied)
        return template_response(spec.layout)

    router.get(path, response={200: None, **ERRORS})(_named(view, name, module, doc))


def add_export(
    router: Router, path: str, spec: SheetExport, schema: type, *, name, module, doc
) -> None:
    """GET `path` with the list's filters (`schema`) as query parameters: the streamed .xlsx."""

    def view(request, filters: Query[schema]):  # type: ignore[valid-type]
        return export_response(spec, request.user, filters)

    router.get(path, response={200: None, **ERRORS})(_named(view, name, module, doc))
