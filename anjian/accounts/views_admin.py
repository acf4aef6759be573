"""The system administrator's pages: accounts and organisations.

A page is open to those who manage the records (may view them and add or change them): the
view permission alone, which every regulator holds for reading organisations through the API,
does not open the administration pages. Administrator accounts are managed by the security
administrator, so these pages show them read-only to everyone else; roles and passwords are the
security administrator's too (三权分立): the system administrator never sees a password.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from anjian.core.errors import Forbidden
from anjian.core.forms import call_service
from anjian.core.permissions import admin_page
from anjian.core.records.views import list_view

from . import selectors, services
from .forms_admin import ActiveForm, OrganisationForm, UserForm, user_initial
from .models import User
from .records import ORGANISATIONS, USERS

# ---- users --------------------------------------------------------------------------------


user_list = list_view(USERS)


@admin_page("accounts.user", "accounts.add_user")
def user_create(request):
    form = UserForm(request.POST or None, actor=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = call_service(
            form,
            services.user_create,
            actor=request.user,
            username=data["username"],
            **form.service_fields(),
        )
        if user is not None:
            messages.success(
                request,
                f"已建立账号“{user.username}”。它还没有角色，不能登录："
                "已通知安全管理员核实后分配角色并发放初始密码。",
            )
            return redirect("accounts:admin-user-edit", pk=user.pk)
    return render(request, "accounts/admin/user_form.html", {"form": form})


def _account(request, pk: int) -> User:
    account = selectors.users_for(request.user).filter(pk=pk).first()
    if account is None:
        raise Http404
    return account


def _check_manageable(actor: User, account: User) -> None:
    if account.admin_kind and not actor.has_perm("accounts.assign_admin_role"):
        raise Forbidden("管理员账号由安全管理员管理，系统管理员不能修改。")


def _edit_page(request, account: User, form, active_form=None, status=200):
    active_form = active_form or ActiveForm()
    active_form.fields["reason"].label = "停用原因" if account.is_active else "启用原因"
    context = {
        "account": account,
        "form": form,
        "active_form": active_form,
        "locked": bool(selectors.locked_usernames([account.username])),
        "read_only": bool(account.admin_kind)
        and not request.user.has_perm("accounts.assign_admin_role"),
    }
    return render(request, "accounts/admin/user_edit.html", context, status=status)


@admin_page("accounts.user", "accounts.change_user")
def user_edit(request, pk: int):
    account = _account(request, pk)
    if request.method != "POST":
        form = UserForm(initial=user_initial(account), actor=request.user, creating=False)
        return _edit_page(request, account, form)
    _check_manageable(request.user, account)
    form = UserForm(request.POST, actor=request.user, creating=False)
    if form.is_valid():
        updated = call_service(
            form,
            services.user_update,
            actor=request.user,
            user=account,
            **form.service_fields(),
        )
        if updated is not None:
            messages.success(request, f"已保存账号“{updated.username}”。")
            return redirect("accounts:admin-user-edit", pk=account.pk)
    return _edit_page(request, account, form)


@require_POST
@admin_page("accounts.user", "accounts.change_user")
def user_set_active(request, pk: int):
    account = _account(request, pk)
    _check_manageable(request.user, account)
    active = request.POST.get("active") == "1"
    form = ActiveForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            services.user_set_active,
            actor=request.user,
            user=account,
            active=active,
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, f"已{'启用' if active else '停用'}账号“{account.username}”。")
            return redirect("accounts:admin-user-edit", pk=account.pk)
    initial = UserForm(initial=user_initial(account), actor=request.user, creating=False)
    return _edit_page(request, account, initial, active_form=form)


# ---- organisations ------------------------------------------------------------------------


organisation_list = list_view(ORGANISATIONS)


def _save_organisation(request, form):
    organisation = form.save(commit=False)
    return call_service(
        form,
        services.organisation_save,
        actor=request.user,
        organisation=organisation,
        sectors=list(form.cleaned_data["sectors"]),
    )


@admin_page("accounts.organisation", "accounts.add_organisation")
def organisation_create(request):
    form = OrganisationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid() and _save_organisation(request, form):
        messages.success(request, f"已新增单位“{form.instance.name}”。")
        return redirect("accounts:admin-organisations")
    return render(request, "accounts/admin/organisation_form.html", {"form": form})


@admin_page("accounts.organisation", "accounts.change_organisation")
def organisation_edit(request, pk: int):
    instance = selectors.organisations_for(request.user).filter(pk=pk).first()
    if instance is None:
        raise Http404
    form = OrganisationForm(request.POST or None, instance=instance, actor=request.user)
    if request.method == "POST" and form.is_valid() and _save_organisation(request, form):
        messages.success(request, f"已保存单位“{instance.name}”。")
        return redirect("accounts:admin-organisations")
    return render(request, "accounts/admin/organisation_form.html", {"form": form})
