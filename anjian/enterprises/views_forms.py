"""Creating and editing an enterprise: each user sees as editable only what they may change.

An enterprise's own users keep their contacts up to date (self-service); the registry fields,
risk grade and supervision class belong to the regulators. The form carries the version it was
loaded at, so an edit made on a stale copy is refused instead of overwriting someone else's.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from anjian.core.errors import Forbidden, PreconditionFailed
from anjian.core.forms import call_service
from anjian.core.masking import mask_phone
from anjian.core.permissions import permission_required_audited

from . import selectors, services
from .forms import FORM_FIELDS, PHONES, EnterpriseForm
from .models import Enterprise

STALE = "记录已被他人修改：您打开此页后，有人保存了新的内容。请核对后再次保存，再次保存将以您填写的内容为准。"


def creatable_fields(user) -> set[str]:
    fields = set(services.ENTERPRISE_OWNED) | set(services.REGISTRY_FIELDS)
    if user.has_perm("enterprises.change_regulated_fields"):
        fields |= set(services.REGULATED)
    return fields


@permission_required_audited("enterprises.add_enterprise")
def enterprise_create(request):
    user = request.user
    form = EnterpriseForm(request.POST or None, actor=user, editable=creatable_fields(user))
    if request.method == "POST" and form.is_valid():
        enterprise = call_service(
            form, services.enterprise_create, actor=user, **form.service_fields()
        )
        if enterprise is not None:
            messages.success(request, f"已登记企业“{enterprise.name}”。")
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(request, "enterprises/form.html", {"form": form, "creating": True})


@login_required
def enterprise_edit(request, pk: int):
    user = request.user
    enterprise = selectors.enterprise_for(user, pk)
    editable = services.allowed_fields(user, enterprise)
    if not editable:
        raise Forbidden("您无权修改该企业的资料。")
    if request.method == "POST":
        _refuse_locked_fields(request.POST, editable)
    form = EnterpriseForm(
        request.POST or None, actor=user, editable=editable, enterprise=enterprise
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = call_service(
                form,
                services.enterprise_update,
                actor=user,
                enterprise=enterprise,
                expected_version=form.cleaned_data.get("version"),
                **form.service_fields(),
            )
        except PreconditionFailed as exc:
            form.add_error(None, STALE)
            form.data = form.data.copy()
            form.data["version"] = exc.details.get("current_version")
            saved, status = None, 412
        if saved is not None:
            messages.success(request, f"已保存“{saved.name}”的资料。")
            return redirect("enterprises:detail", pk=saved.pk)
    context = {"form": form, "enterprise": enterprise, "locked": locked_rows(enterprise, editable)}
    return render(request, "enterprises/form.html", context, status=status)


def _refuse_locked_fields(data, editable: set[str]) -> None:
    """A field this user may not change, sent anyway (a crafted request), is refused, not ignored."""
    refused = [name for name in FORM_FIELDS if name in data and name not in editable]
    if refused:
        names = "、".join(str(Enterprise._meta.get_field(n).verbose_name) for n in refused)
        raise Forbidden(f"以下字段只能由监管部门修改：{names}。", fields=refused)


def locked_rows(enterprise: Enterprise, editable: set[str]) -> list[tuple[str, str]]:
    """What the user may not change here, shown read-only above the form."""
    names = [name for name in FORM_FIELDS if name not in editable]
    if not names:
        return []  # the status alone is changed from the enterprise page, as everyone knows
    return [
        (str(Enterprise._meta.get_field(name).verbose_name), _display(enterprise, name))
        for name in [*names, "status"]
    ]


def _display(enterprise: Enterprise, name: str) -> str:
    if name in PHONES:
        return mask_phone(getattr(enterprise, name)) or "—"
    if name in ("region", "grid", "sector"):
        related = getattr(enterprise, name)
        return related.name if related else "—"
    display = getattr(enterprise, f"get_{name}_display", None)
    value = display() if display else getattr(enterprise, name)
    if isinstance(value, bool):
        return "是" if value else "否"
    return "—" if value in (None, "") else str(value)
