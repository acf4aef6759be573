"""Security administrator pages: roles and permissions, the roles and passwords of accounts,
API tokens, password and lockout policy, unlocking.

None of these pages shows business data; each needs its own permission (only `secadmin` holds
them by default) and a refusal is audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from anjian.core.errors import DomainError, Invalid
from anjian.core.permissions import permission_required_audited
from anjian.core.records.views import list_view

from . import policy, selectors, services, services_security, services_tokens
from .forms_account import PolicyForm, RolePermissionsForm, UserRolesForm, permission_groups
from .models import Role, User
from .records import SECURITY_USERS

ROLE_PERMISSION = "accounts.change_role"
POLICY_PERMISSION = "accounts.change_securitypolicy"
UNLOCK_PERMISSION = "accounts.unlock_user"
ASSIGN_PERMISSION = services.ASSIGN_ROLE
REVOKE_PERMISSION = services_tokens.REVOKE_PERMISSION
RECENT_FAILURES_HOURS = 24


@permission_required_audited(ROLE_PERMISSION)
def role_list(request):
    roles = Role.objects.annotate(
        user_count=Count("user_links", distinct=True),
        permission_count=Count("permissions", distinct=True),
    )
    return render(request, "accounts/security/roles.html", {"roles": roles})


def _role_codes(role: Role) -> list[str]:
    return [
        f"{app}.{code}"
        for app, code in role.permissions.values_list("content_type__app_label", "codename")
    ]


@permission_required_audited(ROLE_PERMISSION)
def role_edit(request, pk: int):
    role = get_object_or_404(Role, pk=pk)
    current = _role_codes(role)
    form = RolePermissionsForm(
        request.POST or None, groups=permission_groups(), initial={"permissions": current}
    )
    if request.method == "POST" and form.is_valid():
        hidden = [code for code in current if code not in form.shown_codes]
        try:
            services_security.role_set_permissions(
                actor=request.user, role=role, codes=[*form.cleaned_data["permissions"], *hidden]
            )
        except Invalid as exc:
            form.add_error("permissions", exc.message)
        else:
            messages.success(request, f"已保存“{role.name}”的权限。")
            return redirect("accounts:security:roles")
    selected = set(form["permissions"].value() or [])
    context = {"role": role, "form": form, "selected": selected, "user_count": role.users.count()}
    return render(request, "accounts/security/role_edit.html", context)


@permission_required_audited(POLICY_PERMISSION)
def policy_edit(request):
    current = policy.current()
    form = PolicyForm(request.POST or None, initial=PolicyForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        try:
            services_security.policy_update(actor=request.user, **form.cleaned_data)
        except Invalid as exc:
            form.add_error(exc.details.get("field"), exc.message)
        else:
            messages.success(request, "安全策略已保存，新的规则立即生效。")
            return redirect("accounts:security:policy")
    context = {"form": form, "updated_at": current.updated_at}
    return render(request, "accounts/security/policy.html", context)


@permission_required_audited(UNLOCK_PERMISSION)
def lockout_list(request):
    locked, recent = selectors.lockouts(RECENT_FAILURES_HOURS)
    context = {
        "locked": locked,
        "recent": recent,
        "rules": policy.current(),
        "recent_hours": RECENT_FAILURES_HOURS,
    }
    return render(request, "accounts/security/lockouts.html", context)


@require_POST
@permission_required_audited(UNLOCK_PERMISSION)
def lockout_unlock(request):
    username = request.POST.get("username", "").strip()
    if not username:
        messages.error(request, "请选择要解锁的账号。")
        return redirect("accounts:security:lockouts")
    cleared = services_security.account_unlock(actor=request.user, username=username)
    if cleared:
        messages.success(request, f"已解锁账号“{username}”，该账号可立即重新登录。")
    else:
        messages.info(request, f"账号“{username}”没有失败记录，无需解锁。")
    return redirect("accounts:security:lockouts")


# ---- the roles, password and tokens of one account -------------------------------------------


user_list = list_view(SECURITY_USERS)


def _account(request, pk: int) -> User:
    account = selectors.users_for(request.user).filter(pk=pk).first()
    if account is None:
        raise Http404
    return account


def one_time_password(request, user: User, password: str, *, created: bool):
    """The one place a password is ever shown: once, in this response, never cached."""
    response = render(
        request,
        "accounts/security/password.html",
        {"account": user, "password": password, "created": created},
    )
    add_never_cache_headers(response)
    return response


@permission_required_audited(ASSIGN_PERMISSION)
def user_roles(request, pk: int):
    """GET shows the account, its roles and tokens; POST sets its roles. The first roles come
    with a one-time password, shown once."""
    account = _account(request, pk)
    initial = {"roles": [r.pk for r in account.roles.all()]}
    form = UserRolesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _, password = services.user_set_roles(
                actor=request.user, user=account, roles=list(form.cleaned_data["roles"])
            )
        except DomainError as exc:
            form.add_error("roles", exc.message)
        else:
            if password:
                return one_time_password(request, account, password, created=True)
            messages.success(request, f"已保存账号“{account.username}”的角色。")
            return redirect("accounts:security:user", pk=account.pk)
    context = {
        "account": account,
        "form": form,
        "tokens": selectors.api_tokens(account),
        "locked": bool(selectors.locked_usernames([account.username])),
        "may_revoke": request.user.has_perm(REVOKE_PERMISSION),
        "rules": policy.current(),
    }
    return render(request, "accounts/security/user.html", context)


@permission_required_audited(ASSIGN_PERMISSION)
def user_reset_password(request, pk: int):
    """GET asks for confirmation; POST gives a new one-time password, shown once."""
    account = _account(request, pk)
    if request.method != "POST":
        return render(request, "accounts/security/reset_confirm.html", {"account": account})
    try:
        password = services.user_reset_password(actor=request.user, user=account)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:security:user", pk=account.pk)
    return one_time_password(request, account, password, created=False)


@require_POST
@permission_required_audited(REVOKE_PERMISSION)
def user_tokens_revoke(request, pk: int):
    """Revoke one token of the account (`token` posted) or all of them."""
    account = _account(request, pk)
    token = request.POST.get("token", "")
    try:
        count = services_tokens.token_revoke(
            actor=request.user, user=account, token_id=int(token) if token.isdigit() else None
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已吊销 {count} 个接口令牌，持有者须重新获取。")
    return redirect("accounts:security:user", pk=account.pk)
