"""The page URLs of a record type, from its declarations: list, create, detail, edit, the
workflow dialog, export, import and the import template — the names every app uses."""

from __future__ import annotations

from django.urls import URLPattern, path, reverse_lazy

from anjian.core.permissions import permission_required_audited as needs

from .exporting import SheetExport
from .importing import SheetImport
from .pages import DetailPage, FormPage
from .sheet_views import export_page, import_page, template_page
from .types import RecordType
from .views import list_view
from .workflow import Screen


def patterns(
    rt: RecordType,
    *,
    detail: DetailPage | None = None,
    form: FormPage | None = None,
    screen: Screen | None = None,
    export: SheetExport | None = None,
    sheet_import: SheetImport | None = None,
) -> list[URLPattern]:
    ns = rt.namespace
    urls = [path("", list_view(rt), name=rt.list_name)]
    if form is not None:
        urls += [
            path("new/", form.create_view(), name="create"),
            path("<int:pk>/edit/", form.edit_view(), name="edit"),
        ]
    if detail is not None:
        urls.append(path("<int:pk>/", detail.view(), name="detail"))
    if screen is not None:
        urls.append(path("<int:pk>/actions/<str:action>/", screen.view(), name="action"))
    if export is not None:
        view = export_page(export, rt.filters.from_query)
        urls.append(path("export/", needs(rt.view_perm)(view), name="export"))
    if sheet_import is not None:
        context = {
            "title": rt.title,
            "template_url": reverse_lazy(f"{ns}:import-template"),
            "back_url": reverse_lazy(f"{ns}:{rt.list_name}"),
        }
        page = import_page(
            sheet_import,
            template="records/import.html",
            success_url=f"{ns}:{rt.list_name}",
            context=context,
        )
        urls += [
            path("import/", needs(sheet_import.permission)(page), name="import"),
            path(
                "import/template/",
                needs(sheet_import.permission)(template_page(sheet_import)),
                name="import-template",
            ),
        ]
    return urls
