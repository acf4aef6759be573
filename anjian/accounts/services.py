"""Writes on accounts: users, roles, organisations, passwords, tokens, lockouts, policy."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from anjian.core import audit
from anjian.core.errors import DomainError, Forbidden, Invalid

from .models import ApiToken, Organisation, PasswordHistory, Role, User, UserRole
from .policy import BAD_CREDENTIALS

TOKEN_PREFIX = "aj_"  # noqa: S105  (a visible marker, not a secret)
USER_FIELDS = ("display_name", "phone", "email", "organisation", "grid")


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"
    default_message = "未登录或令牌无效，请先登录或重新获取令牌。"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def temporary_password() -> str:
    """A one-time password meeting any policy: all four classes, 14 characters."""
    return "Tmp-" + secrets.token_urlsafe(8) + "9a"


# ---- tokens -------------------------------------------------------------------------------


def token_issue(*, request, username: str, password: str, otp: str = "") -> tuple[str, ApiToken]:
    """Exchange credentials (and the second factor when the account has one) for a token."""
    user = authenticate(request, username=username, password=password)
    if user is None:  # authenticate() has already sent user_login_failed, which is audited
        raise Unauthenticated(BAD_CREDENTIALS)
    from .otp import needs_second_factor, verify_token

    if needs_second_factor(user) and not verify_token(user, otp):
        with transaction.atomic():
            audit.record("auth.otp.failure", actor=user, obj=user, result="failure")
        raise Unauthenticated("此账号须提供双因素认证码（otp 字段）。", code="otp_required")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    hours = settings.ANJIAN["API_TOKEN_HOURS"]
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            key_hash=_hash(raw),
            prefix=raw[:10],
            expires_at=timezone.now() + timedelta(hours=hours),
        )
        audit.record("auth.token.issue", actor=user, obj=token)
    return raw, token


def token_user(raw: str) -> User | None:
    """The active user behind a bearer token, or None (expired, revoked, unknown, inactive)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


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


def _check_role_assignment(actor: User, roles: list[Role]) -> None:
    """Only the security administrator hands out administrator roles (separation of duties)."""
    if any(r.admin_kind for r in roles) and not actor.has_perm("accounts.assign_admin_role"):
        raise Forbidden("管理员角色只能由安全管理员分配。")


def user_create(
    *,
    actor: User,
    username: str,
    display_name: str,
    roles: list[Role],
    organisation: Organisation | None = None,
    grid=None,
    phone: str = "",
    email: str = "",
) -> tuple[User, str]:
    """Create an account with a one-time password that must be changed at first login."""
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise Invalid(f"用户名“{username}”已被使用。", field="username")
    _check_role_assignment(actor, roles)
    password = temporary_password()
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
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        _set_roles(user, roles)
        audit.record("account.create", actor=actor, obj=user, after=_snapshot(user))
    return user, password


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


def user_update(*, actor: User, user: User, roles: list[Role] | None = None, **fields) -> User:
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise Invalid(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
    _check_admin_target(actor, user)
    if roles is not None:
        _check_role_assignment(actor, roles)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = _snapshot(locked)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["password"])
        locked.save()
        if roles is not None:
            _set_roles(locked, roles)
        audit.record(
            "account.update", actor=actor, obj=locked, before=before, after=_snapshot(locked)
        )
    return locked


def user_set_active(*, actor: User, user: User, active: bool, reason: str = "") -> User:
    if user.pk == actor.pk and not active:
        raise Invalid("不能停用自己的账号。")
    _check_admin_target(actor, user)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=active)
        event = "account.enable" if active else "account.disable"
        audit.record(event, actor=actor, obj=user, reason=reason)
    user.is_active = active
    return user


def user_reset_password(*, actor: User, user: User) -> str:
    """Give a one-time password; the user must change it at next login."""
    _check_admin_target(actor, user)
    password = temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
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
