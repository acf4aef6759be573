"""One workflow screen for every record type: action buttons, the dialog, and its POST.

A `Screen` names the workflow, the selector that finds the record, the service that applies an
action, and per action a form (or the generic one, built from what the transition requires:
comment, reason, signature, photos). A button loads the dialog with HTMX into a Tabler modal;
the form posts back to the same URL. A refused input, a stale version (412) or a state someone
else changed meanwhile (409) is shown in the dialog with what was typed kept; photos taken are
stored first as staged uploads, so a refused dialog shows them again (with a remove button) and
the next submission binds them; success reloads the record's page. Without JavaScript the same URL is an ordinary page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from anjian.core import attachments
from anjian.core.errors import Conflict, Forbidden, Invalid, PreconditionFailed
from anjian.core.forms import (
    PhotoRefused,
    PhotosField,
    SignedForm,
    VersionedForm,
    store_photos,
    text_area,
)
from anjian.core.workflow import REQUIREMENTS, Workflow

PRIMARY = {"confirm", "submit", "accept", "file", "approve"}
DANGER = {"void", "reject", "close", "suspend", "deregister"}
# The service's field names → the dialog's. The only file a service stores itself is a
# handwritten signature's image, so its "file" errors belong to the signature.
FIELD_ALIASES = {
    "comment": "comment",
    "attachments": "photos",
    "signature": "signature_method",
    "file": "signature_method",
}
STAGED = "staged_photos"  # the ids of photos kept from a refused submission of the dialog
STALE = "记录已被他人修改：您打开此窗口后，该记录已有新的处理。请关闭窗口刷新页面后再操作。"


class GenericForm(VersionedForm):
    """What a transition requires, and nothing else: comment, reason, photos."""

    def __init__(self, *args, record=None, transition=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in transition.requires if transition else ():
            if name in ("comment", "reason"):
                label = REQUIREMENTS[name]
                self.fields[name] = text_area(f"{transition.label}{label}", max_length=500)
                self.fields[name].error_messages["required"] = f"请填写{label}，它会记入流转记录。"
            elif name == "attachments":
                self.fields["photos"] = PhotosField(label="照片")
        self.style_widgets()


class GenericSignedForm(GenericForm, SignedForm):
    def payload(self) -> dict:
        data = super().payload()
        data.pop("signature_method", None)
        data.pop("signature_image", None)
        data["signature"] = self.signature()
        return data


@dataclass
class Screen:
    workflow: Workflow
    namespace: str  # URL namespace; the dialog is `<ns>:action`, the record `<ns>:detail`
    get: Callable[[Any, int], Any]  # selector: (user, pk) -> record, 404 when not visible
    apply: Callable[..., Any]  # service: (user, record, action, version, payload) -> record
    forms: dict[str, type[Form]] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    statements: dict[str, str] = field(default_factory=dict)
    title: Callable[[Any], str] = str
    form_kwargs: Callable[[Any, str], dict] | None = None
    template: str = "records/transition.html"
    dialog_template: str = "records/_transition_dialog.html"
    fields_template: str = "records/_transition_fields.html"
    styles: tuple[str, ...] = ()
    action_name: str = "action"  # the URL names under the namespace (an app with two types
    detail_name: str = "detail"  # names them apart)

    def form_class(self, transition) -> type[Form]:
        if transition.action in self.forms:
            return self.forms[transition.action]
        return GenericSignedForm if "signature" in transition.requires else GenericForm

    def buttons(self, obj, transitions) -> list[dict]:
        """The dialog buttons of a record: label, dialog URL and Tabler style."""
        rows = []
        for t in transitions:
            if not t.dialog:
                continue
            style = _button_style(t.action)
            url = reverse(f"{self.namespace}:{self.action_name}", args=[obj.pk, t.action])
            rows.append({"action": t.action, "label": t.label, "url": url, "style": style})
        return rows

    def view(self):
        @login_required
        def transition_view(request, pk: int, action: str):
            return _handle(self, request, pk, action)

        return transition_view


def _button_style(action: str) -> str:
    if action in PRIMARY:
        return "btn-primary"
    if action in DANGER:
        return "btn-outline-danger"
    return ""


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _make_form(screen: Screen, request, obj, transition):
    cls = screen.form_class(transition)
    kwargs: dict[str, Any] = {"initial": {"version": getattr(obj, "version", None)}}
    if cls in (GenericForm, GenericSignedForm):
        kwargs.update(record=obj, transition=transition)
    if screen.form_kwargs:
        kwargs.update(screen.form_kwargs(obj, transition.action))
    if request.method == "POST":
        return cls(request.POST, request.FILES, **kwargs)
    return cls(**kwargs)


def _handle(screen: Screen, request, pk: int, action: str):
    obj = screen.get(request.user, pk)
    transition = screen.workflow.by_action.get(action)
    if transition is None:
        raise Http404
    # opening a dialog the user cannot use now is refused alike; a POST finds a changed state
    # on the form (409), but is refused before anything in it is looked at
    if request.method != "POST" and getattr(obj, screen.workflow.state_field) not in (
        transition.sources
    ):
        raise Conflict(f"当前状态不能执行“{transition.label}”，请刷新页面。")
    if not transition.allowed(request.user, obj):
        raise Forbidden(f"您无权执行“{transition.label}”。")
    form = _make_form(screen, request, obj, transition)
    status, staged = 200, []
    if request.method == "POST":
        status = 422
        staged = _kept(request, form)
        valid = form.is_valid()
        new = _stage(request.user, form)
        if new is not None:
            staged += new
        if valid and new is not None:
            status = _apply(screen, request, obj, action, form, [a.pk for a in staged])
            if status == 200:
                messages.success(request, f"已{transition.label}：{screen.title(obj)}。")
                if _is_htmx(request):
                    return HttpResponse(status=204, headers={"HX-Refresh": "true"})
                return redirect(f"{screen.namespace}:{screen.detail_name}", pk=obj.pk)
    context = {
        "record": obj,
        "record_title": screen.title(obj),
        "transition": transition,
        "form": form,
        "hint": screen.hints.get(action, ""),
        "action": action,
        "danger": action in DANGER,
        "statement": screen.statements.get(action, ""),
        "target": reverse(f"{screen.namespace}:{screen.action_name}", args=[obj.pk, action]),
        "back": reverse(f"{screen.namespace}:{screen.detail_name}", args=[obj.pk]),
        "fields_template": screen.fields_template,
        "styles": screen.styles,
        "staged": staged,
    }
    if _is_htmx(request):  # htmx swaps only 2xx answers; the errors are in the dialog
        return render(request, screen.dialog_template, context)
    return render(request, screen.template, context, status=status)


def _kept(request, form) -> list:
    """The photos kept from an earlier, refused submission; they stand in for new ones."""
    if "photos" not in form.fields:
        return []
    raw = request.POST.get(STAGED, "")
    ids = [int(part) for part in raw.split(",") if part.strip().isdigit()]
    kept = attachments.staged_for(request.user, ids)
    if kept:
        form.fields["photos"].required = False
    return kept


def _stage(user, form) -> list | None:
    """Store the new photos as staged uploads, committed on their own so that a refused
    dialog can show them again; None if one is refused (the reason is on the photos field)."""
    cleaned = getattr(form, "cleaned_data", {})
    if "photos" not in form.fields or not cleaned.get("photos"):
        return []
    try:
        with transaction.atomic():
            ids = store_photos(user, form)
    except PhotoRefused:
        return None
    return attachments.staged_for(user, ids)


def _apply(screen: Screen, request, obj, action: str, form, photo_ids: list[int]) -> int:
    """Run the transition; a refusal the user can fix goes on the form. Returns the status."""
    user = request.user
    try:
        with transaction.atomic():
            payload = form.payload()
            if photo_ids:
                payload["attachments"] = photo_ids
            screen.apply(user, obj, action, form.cleaned_data.get("version"), payload)
    except PreconditionFailed:
        form.add_error(None, STALE)
        return 412
    except Conflict as exc:
        form.add_error(None, exc.message)
        return 409
    except Invalid as exc:
        field_name = exc.details.get("field")
        name = FIELD_ALIASES.get(field_name, field_name) if field_name else field_name
        form.add_error(name if name in form.fields else None, exc.message)
        return 422
    return 200
