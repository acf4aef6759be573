"""A form in the page's one dialog, for an action that is not a workflow transition (void a
record, decide a grade, acknowledge an alarm).

It looks and behaves like a `Screen` dialog and uses its templates: a button loads the form with
HTMX into `#action-dialog` (records/_dialog_shell.html), and the form posts back to the same URL.
A refusal the user can fix (`Invalid`, or `Conflict` when someone else was quicker) is shown in
the dialog with what was typed kept (422 without JavaScript); success reloads the page, or goes
to `done` when the page is gone (a voided record). Without JavaScript the URL is an ordinary page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render

from anjian.core.errors import Conflict, Invalid


def form_dialog(
    request,
    form: Form,
    *,
    save: Callable[[dict], str],
    label: str,
    title: str,
    done: str,
    back: str,
    hint: str = "",
    danger: bool = False,
    reload: bool = True,
    fields_template: str = "records/_transition_fields.html",
):
    """`save(cleaned_data)` calls the service and returns the success message. `label` names
    the action (the dialog's heading and its button), `title` the record; `done` is where the
    page goes after success without JavaScript (and with it, unless `reload`), `back` the
    page's 返回 link."""
    htmx = request.headers.get("HX-Request") == "true"
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                message = save(form.cleaned_data)
            except Conflict as exc:
                form.add_error(None, exc.message)
            except Invalid as exc:
                name = exc.details.get("field")
                form.add_error(name if name in form.fields else None, exc.message)
            else:
                messages.success(request, message)
                if not htmx:
                    return redirect(done)
                header = {"HX-Refresh": "true"} if reload else {"HX-Redirect": done}
                return HttpResponse(status=204, headers=header)
    context = {
        "form": form,
        "transition": {"label": label},
        "record_title": title,
        "hint": hint,
        "danger": danger,
        "target": request.path,
        "back": back,
        "fields_template": fields_template,
    }
    if htmx:  # htmx swaps only 2xx answers; the errors are in the dialog
        return render(request, "records/_transition_dialog.html", context)
    return render(request, "records/transition.html", context, status=status)
