"""Licences (许可证照) and key people (关键人员) of an enterprise: add, edit and void.

Whoever may edit the enterprise may keep these up to date, its own users included. A licence
may carry scans (images or PDF), stored as checked attachments and downloaded by permission.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anjian.core import attachments
from anjian.core.errors import Conflict, Forbidden, Invalid, TooLarge
from anjian.core.forms import call_service

from . import selectors, services
from .forms import LicenceForm, PersonForm, VoidForm
from .models import KeyPerson, Licence

SCAN_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}


def _save_licence(*, actor, obj: Licence, scan=None) -> Licence:
    try:
        with transaction.atomic():
            licence = services.licence_save(actor=actor, licence=obj)
            if scan:
                attachments.store_upload(
                    scan, actor=actor, kind="licence_scan", owner=licence, allowed=SCAN_TYPES
                )
    except TooLarge as exc:
        raise Invalid(exc.message, field="scan") from exc
    except Invalid as exc:
        if exc.details.get("field") == "file":
            raise Invalid(exc.message, field="scan") from exc
        raise
    return licence


def _save_person(*, actor, obj: KeyPerson, scan=None) -> KeyPerson:
    return services.person_save(actor=actor, person=obj)


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    save: Callable
    noun: str
    anchor: str
    edit_url: str


LICENCE = Kind(
    Licence, LicenceForm, _save_licence, "许可证照", "licences", "enterprises:licence-edit"
)
PERSON = Kind(KeyPerson, PersonForm, _save_person, "关键人员", "people", "enterprises:person-edit")


def _ensure_editable(user, enterprise) -> None:
    if not services.allowed_fields(user, enterprise):
        raise Forbidden("您无权修改该企业的资料。")


def _child(user, kind: Kind, pk: int):
    return kind.model.objects.live().select_related("enterprise").get_visible(user, pk=pk)


def _back(obj, kind: Kind) -> str:
    return reverse("enterprises:detail", args=[obj.enterprise_id]) + f"#{kind.anchor}"


def _form_page(request, kind: Kind, obj):
    user = request.user
    _ensure_editable(user, obj.enterprise)
    form = kind.form(request.POST or None, request.FILES or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        scan = form.cleaned_data.get("scan")
        saved = call_service(form, kind.save, actor=user, obj=form.instance, scan=scan)
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


def _void(request, kind: Kind, pk: int):
    obj = _child(request.user, kind, pk)
    _ensure_editable(request.user, obj.enterprise)
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect(kind.edit_url, pk=obj.pk)
    try:
        services.child_void(actor=request.user, obj=obj, reason=form.cleaned_data["reason"])
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已作废{kind.noun}：{obj}。")
    return redirect(_back(obj, kind))


@login_required
def licence_create(request, pk: int):
    enterprise = selectors.enterprise_for(request.user, pk)
    return _form_page(request, LICENCE, Licence(enterprise=enterprise))


@login_required
def licence_edit(request, pk: int):
    return _form_page(request, LICENCE, _child(request.user, LICENCE, pk))


@login_required
@require_POST
def licence_void(request, pk: int):
    return _void(request, LICENCE, pk)


@login_required
def person_create(request, pk: int):
    enterprise = selectors.enterprise_for(request.user, pk)
    return _form_page(request, PERSON, KeyPerson(enterprise=enterprise))


@login_required
def person_edit(request, pk: int):
    return _form_page(request, PERSON, _child(request.user, PERSON, pk))


@login_required
@require_POST
def person_void(request, pk: int):
    return _void(request, PERSON, pk)
