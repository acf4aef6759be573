"""Creating and editing an enterprise, its licences (许可证照) and its key people (关键人员), on
the record layer's form pages; voiding a licence or a key person.

An enterprise's own users keep their contacts up to date (self-service); the registry fields,
risk grade and supervision class belong to the regulators, so each user sees as editable only
what they may change. Whoever may edit the enterprise may keep its licences and people up to
date, its own users included. A licence may carry scans (images or PDF), stored as checked
attachments and downloaded by permission.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from anjian.core import attachments
from anjian.core.errors import Conflict, Forbidden, Invalid
from anjian.core.masking import mask_phone
from anjian.core.permissions import permission_required_audited
from anjian.core.records.pages import FormPage

from . import forms, selectors, services
from .models import Enterprise, KeyPerson, Licence


def creatable_fields(user) -> set[str]:
    fields = set(services.ENTERPRISE_OWNED) | set(services.REGISTRY_FIELDS)
    if user.has_perm("enterprises.change_regulated_fields"):
        fields |= set(services.REGULATED)
    return fields


def _editable(user, enterprise: Enterprise) -> Enterprise:
    """The enterprise, with what this user may change on it; refused if nothing."""
    enterprise.editable = services.allowed_fields(user, enterprise)
    if not enterprise.editable:
        raise Forbidden("您无权修改该企业的资料。")
    return enterprise


def _update(*, user, obj, data, version):
    return services.enterprise_update(
        actor=user, enterprise=obj, expected_version=version, **forms.service_fields(data)
    )


ENTERPRISE = FormPage(
    form=forms.EnterpriseForm,
    namespace="enterprises",
    noun="企业",
    get=lambda user, pk: _editable(user, selectors.enterprise_for(user, pk)),
    create=lambda *, user, data: services.enterprise_create(
        actor=user, **forms.service_fields(data)
    ),
    update=_update,
    check=lambda *, user, obj, data: services.enterprise_check(
        actor=user, enterprise=obj, fields=forms.service_fields(data)
    ),
    template="enterprises/form.html",
    form_kwargs=lambda user, obj: {
        "actor": user,
        "editable": obj.editable if obj else creatable_fields(user),
        "enterprise": obj,
    },
    context=lambda user, obj: {"locked": locked_rows(obj, obj.editable) if obj else []},
)
enterprise_create = permission_required_audited("enterprises.add_enterprise")(
    ENTERPRISE.create_view()
)
enterprise_edit = ENTERPRISE.edit_view()


def locked_rows(enterprise: Enterprise, editable: set[str]) -> list[tuple[str, str]]:
    """What the user may not change here, shown read-only below the form."""
    names = [name for name in forms.FORM_FIELDS if name not in editable]
    if not names:
        return []  # the status alone is changed from the enterprise page, as everyone knows
    return [
        (str(Enterprise._meta.get_field(name).verbose_name), _display(enterprise, name))
        for name in [*names, "status"]
    ]


def _display(enterprise: Enterprise, name: str) -> str:
    if name in forms.PHONES:
        return mask_phone(getattr(enterprise, name)) or "—"
    if name in ("region", "grid", "sector"):
        related = getattr(enterprise, name)
        return related.name if related else "—"
    display = getattr(enterprise, f"get_{name}_display", None)
    value = display() if display else getattr(enterprise, name)
    if isinstance(value, bool):
        return "是" if value else "否"
    return "—" if value in (None, "") else str(value)


# ---- licences and key people ------------------------------------------------------------------


def _back(obj) -> str:
    anchor = "licences" if isinstance(obj, Licence) else "people"
    return reverse("enterprises:detail", args=[obj.enterprise_id]) + f"#{anchor}"


def _child_page(model, form, noun: str, kind: str, save) -> FormPage:
    """The create and edit pages of a licence or a key person, below its enterprise's page."""

    def get(user, pk: int):
        obj = model.objects.live().select_related("enterprise").get_visible(user, pk=pk)
        _editable(user, obj.enterprise)
        return obj

    def context(user, obj) -> dict:
        scans = attachments.for_objects([obj])[str(obj.pk)] if kind == "licence" and obj.pk else []
        return {"kind": kind, "scans": scans, "void_form": forms.VoidForm(), "back": _back(obj)}

    return FormPage(
        form=form,
        namespace="enterprises",
        noun=noun,
        get=get,
        new=lambda user, pk: model(enterprise=_editable(user, selectors.enterprise_for(user, pk))),
        create=save,
        update=save,
        template="enterprises/child_form.html",
        context=context,
        success_url=_back,
    )


def _licence_save(*, user, obj, data, version=None):
    return services.licence_save(
        actor=user, licence=obj, expected_version=version, scan=data["scan"]
    )


def _person_save(*, user, obj, data, version=None):
    return services.person_save(actor=user, person=obj, expected_version=version)


LICENCE = _child_page(Licence, forms.LicenceForm, "许可证照", "licence", _licence_save)
PERSON = _child_page(KeyPerson, forms.PersonForm, "关键人员", "person", _person_save)


@login_required
@require_POST
def void(request, pk: int, page: FormPage, kind: str):
    obj = page.get(request.user, pk)
    form = forms.VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect(f"enterprises:{kind}-edit", pk=obj.pk)
    try:
        services.child_void(actor=request.user, obj=obj, reason=form.cleaned_data["reason"])
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已作废{page.noun}：{obj}。")
    return redirect(_back(obj))
