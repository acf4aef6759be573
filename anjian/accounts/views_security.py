"""Security administrator pages: roles and permissions, password and lockout policy, unlocking.

None of these pages shows business data; each needs its own permission (only `secadmin` holds
them by default) and a refusal is audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from anjian.core.errors import Invalid
from anjian.core.permissions import permission_required_audited

from . import policy, selectors, services_security
from .forms_account import PolicyForm, RolePermissionsForm, permission_groups
from .models import Role

ROLE_PERMISSION = "accounts.change_role"
POLICY_PERMISSION = "accounts.change_securitypolicy"
UNLOCK_PERMISSION = "accounts.unlock_user"
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
