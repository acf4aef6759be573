"""Licences (许可证照) and key people (关键人员) of an enterprise: add, edit and void.

Whoever may edit the enterprise may keep these up to date, its own users included. A licence
may carry scans (images or PDF), stored as checked attachments and downloaded by permission.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anjian.core import attachments
from anjian.core.errors import Conflict, Forbidden, Invalid
from anjian.core.forms import call_service

from . import selectors, services
from .forms import LicenceForm, PersonForm, VoidForm
from .models import KeyPerson, Licence


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    save: Callable  # (actor, obj, cleaned_data) -> the saved record
    noun: str
    anchor: str  # the section of the enterprise page
    url: str  # URL names: `<url>-edit`, `<url>-void`


LICENCE = Kind(
    Licence,
    LicenceForm,
    lambda actor, obj, data: services.licence_save(actor=actor, licence=obj, scan=data["scan"]),
    "许可证照",
    "licences",
    "enterprises:licence",
)
PERSON = Kind(
    KeyPerson,
    PersonForm,
    lambda actor, obj, data: services.person_save(actor=actor, person=obj),
    "关键人员",
    "people",
    "enterprises:person",
)


def _ensure_editable(user, enterprise) -> None:
    if not services.allowed_fields(user, enterprise):
        raise Forbidden("您无权修改该企业的资料。")


def _child(user, kind: Kind, pk: int):
    return kind.model.objects.live().select_related("enterprise").get_visible(user, pk=pk)


def _back(obj, kind: Kind) -> str:
    return reverse("enterprises:detail", args=[obj.enterprise_id]) + f"#{kind.anchor}"


@login_required
def create(request, pk: int, kind: Kind):
    enterprise = selectors.enterprise_for(request.user, pk)
    return _form_page(request, kind, kind.model(enterprise=enterprise))


@login_required
def edit(request, pk: int, kind: Kind):
    return _form_page(request, kind, _child(request.user, kind, pk))


def _form_page(request, kind: Kind, obj):
    _ensure_editable(request.user, obj.enterprise)
    form = kind.form(request.POST or None, request.FILES or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, kind.save, actor=request.user, obj=form.instance, data=form.cleaned_data
        )
        if saved is not None:
            messages.success(request, f"已保存{kind.noun}：{saved}。")
            return redirect(_back(saved, kind))
    scans = attachments.for_objects([obj])[str(obj.pk)] if kind is LICENCE and obj.pk else []
    context = {
        "form": form,
        "kind": kind,
        "obj": obj,
        "enterprise": obj.enterprise,
        "scans": scans,
        "void_form": VoidForm(),
        "back": _back(obj, kind),
    }
    return render(request, "enterprises/child_form.html", context)


@login_required
@require_POST
def void(request, pk: int, kind: Kind):
    obj = _child(request.user, kind, pk)
    _ensure_editable(request.user, obj.enterprise)
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect(f"{kind.url}-edit", pk=obj.pk)
    try:
        services.child_void(actor=request.user, obj=obj, reason=form.cleaned_data["reason"])
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已作废{kind.noun}：{obj}。")
    return redirect(_back(obj, kind))
