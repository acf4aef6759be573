"""The pages of a record type's spreadsheets: the import form, the template and the export.

An app wires them in its urls with its own access decorator and the page template that frames
`includes/import_form.html` with its notes; the upload, the table of bad rows by row and column
(answered with 422) and the success message come from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from anjian.core import sheets
from anjian.core.errors import Conflict, Invalid, TooLarge
from anjian.core.forms import StyledForm

from .exporting import SheetExport, export_response
from .importing import MAX_REPORTED, SheetImport, run_import
from .sheets import template_response


class ImportForm(StyledForm, forms.Form):
    file = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))

    def __init__(self, spec: SheetImport, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = spec.file_label
        self.fields[
            "file"
        ].help_text = f"{spec.file_help}每次最多 {sheets.max_rows(spec.max_rows):,} 行数据。"
        if spec.modes:
            self.fields["mode"] = forms.ChoiceField(
                label="导入方式",
                initial=spec.modes[0].value,
                widget=forms.RadioSelect,
                choices=[
                    (m.value, f"{m.label}：{m.help}" if m.help else m.label) for m in spec.modes
                ],
            )
            self.style_widgets()


def import_page(
    spec: SheetImport, *, template: str, success_url: str, context: dict[str, Any] | None = None
) -> Callable:
    """Upload a sheet: every row is checked first; any bad row means nothing is saved."""

    def view(request):
        form = ImportForm(spec, request.POST or None, request.FILES or None)
        errors: list[dict[str, Any]] = []
        summary = ""
        if request.method == "POST" and form.is_valid():
            mode = form.cleaned_data.get("mode", "")
            try:
                result = run_import(
                    spec, actor=request.user, upload=form.cleaned_data["file"], mode=mode
                )
            except (Invalid, TooLarge, Conflict) as exc:
                errors = [] if exc.details.get("field") == "file" else exc.details.get("errors", [])
                if errors:
                    summary = exc.message  # heads the table of bad rows
                else:
                    form.add_error("file", exc.message)
            else:
                messages.success(request, spec.done(result, mode))
                return redirect(success_url)
        page = {
            "form": form,
            "errors": errors,
            "summary": summary,
            "max_reported": MAX_REPORTED,
            "columns": spec.layout.columns,
            **(context or {}),
        }
        return render(request, template, page, status=422 if errors else 200)

    return view


def template_page(spec: SheetImport) -> Callable:
    def view(request):
        return template_response(spec.layout)

    return view


def export_page(spec: SheetExport, filters: Callable[[Any], Any]) -> Callable:
    """The filtered list as Excel; `filters` turns the query string into the list's filters."""

    def view(request):
        return export_response(spec, request.user, filters(request.GET))

    return view
