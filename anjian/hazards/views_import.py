"""Importing the hazards of a campaign (专项检查) from a spreadsheet: the page and its template."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from anjian.core.errors import Invalid, TooLarge
from anjian.core.permissions import permission_required_audited

from . import imports
from .forms import ImportForm

IMPORT = "hazards.import_hazard"


@permission_required_audited(IMPORT)
def import_template(request):
    return imports.template_response()


@permission_required_audited(IMPORT)
def hazard_import(request):
    """Upload a sheet: every row is checked first; any bad row means nothing is saved."""
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, summary = [], ""
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.import_hazards(actor=request.user, upload=form.cleaned_data["file"])
        except (Invalid, TooLarge) as exc:
            errors = exc.details.get("errors", [])
            if errors:
                summary = exc.message  # heads the table of bad rows
            else:
                form.add_error("file", exc.message)
        else:
            messages.success(
                request,
                f"导入完成：已保存 {result['saved']} 条隐患，其中 {result['confirmed']} 条已确认进入整改。",
            )
            return redirect("hazards:import")
    context = {
        "form": form,
        "errors": errors,
        "summary": summary,
        "max_reported": imports.MAX_REPORTED,
        "columns": imports.COLUMNS,
    }
    return render(request, "hazards/import.html", context, status=422 if errors else 200)
