"""Writes on accounts: users, their roles and passwords, organisations (tokens are in
`services_tokens`, the security policy and lockouts in `services_security`)."""

from __future__ import annotations

import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from anjian.core import audit
from anjian.core.errors import Forbidden, Invalid
from anjian.core.notifications import notify
from anjian.core.records.bulk import PreparedRows, prepare_insert, reserve_ids

from . import selectors
from .choices import OrgKind
from .models import Organisation, PasswordHistory, Role, User, UserRole
from .services_security import sessions_end_all
from .services_tokens import tokens_end_all

USER_FIELDS = ("display_name", "phone", "email", "organisation", "grid")
ASSIGN_ROLE = "accounts.assign_role"
GRID_ROLE = "grid_officer"


def temporary_password() -> str:
    """A one-time password meeting any policy: all four classes, 14 characters."""
    return "Tmp-" + secrets.token_urlsafe(8) + "9a"


# ---- users --------------------------------------------------------------------------------


def _snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "organisation": user.organisation_id,
        "grid": user.grid_id,
        "is_active": user.is_active,
        "roles": sorted(user.roles.values_list("code", flat=True)),
    }


def _check_admin_target(actor: User, user: User) -> None:
    """Administrator accounts are changed only by the security administrator (三权分立)."""
    if user.roles.filter(admin_kind__isnull=False).exists() and not actor.has_perm(
        "accounts.assign_admin_role"
    ):
        raise Forbidden("管理员账号只能由安全管理员修改。")


def _check_credential_admin(actor: User, user: User) -> None:
    """Roles and passwords are the security administrator's, never the system administrator's:
    who creates an account must not also make it useful or learn its password (三权分立)."""
    if not actor.has_perm(ASSIGN_ROLE):
        raise Forbidden("账号的角色和密码由安全管理员管理（三权分立），系统管理员不能分配或查看。")
    if user.pk == actor.pk:
        raise Forbidden("不能在此修改自己的角色或密码，请在“我的账号”中修改密码。")
    _check_admin_target(actor, user)


def _check_role_assignment(actor: User, roles: list[Role]) -> None:
    """Only the security administrator hands out administrator roles (separation of duties)."""
    if any(r.admin_kind for r in roles) and not actor.has_perm("accounts.assign_admin_role"):
        raise Forbidden("管理员角色只能由安全管理员分配。")


def user_create(
    *,
    actor: User,
    username: str,
    display_name: str,
    organisation: Organisation | None = None,
    grid=None,
    phone: str = "",
    email: str = "",
) -> User:
    """Create an account without roles and without a usable password: the security
    administrator gives it its roles and its first one-time password (三权分立)."""
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise Invalid(f"用户名“{username}”已被使用。", field="username")
    with transaction.atomic():
        user = User(
            username=username,
            display_name=display_name,
            organisation=organisation,
            grid=grid,
            phone=phone,
            email=email,
            must_change_password=True,
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit.record("account.create", actor=actor, obj=user, after=_snapshot(user))
        notify(
            selectors.holders_of(ASSIGN_ROLE),
            title=f"新账号“{username}”待分配角色",
            body=f"{display_name}（{organisation or '未指定单位'}）的账号已建立，请核实后分配角色并发放初始密码。",
            link=reverse("accounts:security:user", args=[user.pk]),
        )
    return user


def _set_roles(user: User, roles: list[Role]) -> None:
    UserRole.objects.filter(user=user).exclude(role__in=roles).delete()
    existing = set(UserRole.objects.filter(user=user).values_list("role_id", flat=True))
    try:
        with transaction.atomic():
            for role in roles:
                if role.pk not in existing:
                    UserRole(user=user, role=role).save()
    except IntegrityError as exc:
        raise Invalid("一个账号只能担任一种管理员角色（三权分立）。", field="roles") from exc


def user_update(*, actor: User, user: User, **fields) -> User:
    """Change who an account is and where it works; its roles are the security administrator's
    (`user_set_roles`)."""
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise Invalid(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
    _check_admin_target(actor, user)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = _snapshot(locked)
        for name, value in fields.items():
            setattr(locked, name, value)
        if locked.grid_id is None and locked.roles.filter(code=GRID_ROLE).exists():
            raise Invalid("网格员须选择负责网格。", field="grid")
        locked.full_clean(exclude=["password"])
        locked.save()
        audit.record(
            "account.update", actor=actor, obj=locked, before=before, after=_snapshot(locked)
        )
    return locked


def user_set_roles(*, actor: User, user: User, roles: list[Role]) -> tuple[User, str | None]:
    """Give an account its roles: the security administrator's task (三权分立).

    An account that gets its first role also gets a fresh one-time password, returned to be shown
    once: whatever password it had before (which its creator could have known) dies with its
    sessions and tokens. The password is then changed by its owner before anything else.
    """
    _check_credential_admin(actor, user)
    _check_role_assignment(actor, roles)
    if any(r.code == GRID_ROLE for r in roles) and user.grid_id is None:
        raise Invalid("网格员须先由系统管理员在账号上指定负责网格。", field="roles")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = _snapshot(locked)
        first = bool(roles) and (not before["roles"] or not locked.has_usable_password())
        _set_roles(locked, roles)
        password = _new_credentials(actor, locked, reason="activation") if first else None
        audit.record(
            "account.roles",
            actor=actor,
            obj=locked,
            before=before["roles"],
            after=_snapshot(locked)["roles"],
            reason="首次分配角色，已发放初始密码" if first else "",
        )
    return locked, password


def _new_credentials(actor: User, user: User, *, reason: str) -> str:
    """A one-time password; every session and token of the account ends (in the caller's
    transaction)."""
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    tokens_end_all(actor=actor, user=user, reason=reason)
    sessions_end_all(actor=actor, user=user, reason=reason)
    return password


def user_set_active(*, actor: User, user: User, active: bool, reason: str = "") -> User:
    if user.pk == actor.pk and not active:
        raise Invalid("不能停用自己的账号。")
    _check_admin_target(actor, user)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=active)
        event = "account.enable" if active else "account.disable"
        audit.record(event, actor=actor, obj=user, reason=reason)
        if not active:
            tokens_end_all(actor=actor, user=user, reason="disable")
    user.is_active = active
    return user


def user_reset_password(*, actor: User, user: User) -> str:
    """Give a one-time password, shown once to the security administrator; the user must change
    it at next login, and every session and token of the account ends."""
    _check_credential_admin(actor, user)
    with transaction.atomic():
        password = _new_credentials(actor, user, reason="password_reset")
        audit.record("account.password.reset", actor=actor, obj=user)
    return password


def password_change(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise Invalid("原密码不正确。", field="old_password")
    if old_password == new_password:
        raise Invalid("新密码不能与原密码相同。", field="new_password")
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise Invalid("；".join(exc.messages), field="new_password") from exc
    with transaction.atomic():
        PasswordHistory.objects.create(user=user, password=user.password)
        user.set_password(new_password)
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        audit.record("account.password.change", actor=user, obj=user)
        tokens_end_all(actor=user, user=user, reason="password_change")


# ---- roles, organisations, policy -----------------------------------------------------------


def organisation_save(*, actor: User, organisation: Organisation, sectors=None) -> Organisation:
    creating = organisation.pk is None
    with transaction.atomic():
        organisation.region_code = organisation.region.code
        organisation.full_clean()
        organisation.save()
        if sectors is not None:
            organisation.sectors.set(sectors)
        after = {
            "name": organisation.name,
            "kind": organisation.kind,
            "region": organisation.region_code,
            "sectors": sorted(s.code for s in organisation.sectors.all()),
        }
        event = "organisation.create" if creating else "organisation.update"
        audit.record(event, actor=actor, obj=organisation, after=after)
    return organisation


# ---- enterprises as organisations ------------------------------------------------------------


def _enterprise_org_name(enterprise, taken: set[tuple[int, str]]) -> str:
    """The enterprise's name, or with its credit code when another unit of the township has it."""
    name = enterprise.name[:100]
    if (enterprise.region_id, name) in taken:
        name = f"{enterprise.name[:78]}（{enterprise.credit_code}）"
    return name


def enterprise_organisations_sync(enterprises) -> int:
    """Every enterprise of the registry is an organisation its people belong to (生产经营单位):
    created with it, renamed and moved with it (the township follows the enterprise's region).
    Called in the enterprise write's transaction by its create, edit and import; returns how
    many organisations were created or changed."""
    enterprises = [e for e in enterprises if e.pk is not None]
    count = 0
    for start in range(0, len(enterprises), 500):
        count += _sync_batch(enterprises[start : start + 500])
    return count


def _taken_names(enterprises) -> set[tuple[int, str]]:
    """(township, name) pairs of other units that the enterprises' names could clash with."""
    return set(
        Organisation.objects.filter(
            region_id__in={e.region_id for e in enterprises},
            name__in={e.name[:100] for e in enterprises},
        )
        .exclude(enterprise__in=[e.pk for e in enterprises])
        .values_list("region_id", "name")
    )


def _new_organisation(enterprise, name: str) -> Organisation:
    return Organisation(
        name=name,
        kind=OrgKind.ENTERPRISE,
        region_id=enterprise.region_id,
        region_code=enterprise.region_code,
        enterprise_id=enterprise.pk,
    )


def enterprise_organisations_prepare(enterprises) -> PreparedRows:
    """The organisations of new enterprises (their ids reserved), prepared before an import's
    write transaction as the enterprises are: inside it only the INSERT runs."""
    orgs, taken = [], set()
    for start in range(0, len(enterprises), 500):
        batch = enterprises[start : start + 500]
        taken |= _taken_names(batch)
        for enterprise in batch:
            name = _enterprise_org_name(enterprise, taken)
            taken.add((enterprise.region_id, name))
            orgs.append(_new_organisation(enterprise, name))
    for org, pk in zip(orgs, reserve_ids(Organisation, len(orgs)), strict=True):
        org.pk = pk
    return prepare_insert(Organisation, orgs)


def _sync_batch(enterprises) -> int:
    existing = {o.enterprise_id: o for o in Organisation.objects.filter(enterprise__in=enterprises)}
    taken = _taken_names(enterprises)
    created, changed = [], []
    for enterprise in enterprises:
        name = _enterprise_org_name(enterprise, taken)
        taken.add((enterprise.region_id, name))
        org = existing.get(enterprise.pk)
        if org is None:
            created.append(_new_organisation(enterprise, name))
        elif (org.name, org.region_id, org.region_code) != (
            name,
            enterprise.region_id,
            enterprise.region_code,
        ):
            org.name, org.region_id = name, enterprise.region_id
            org.region_code = enterprise.region_code
            changed.append(org)
    Organisation.objects.bulk_create(created)
    Organisation.objects.bulk_update(changed, ["name", "region", "region_code"])
    return len(created) + len(changed)
