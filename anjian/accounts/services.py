"""Writes on accounts: users, roles, organisations, passwords, tokens, lockouts, policy."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from anjian.core import audit
from anjian.core.errors import DomainError, Forbidden, Invalid

from . import policy
from .models import ApiToken, Organisation, PasswordHistory, Role, SecurityPolicy, User, UserRole
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


def user_create(*, actor: User, username: str, display_name: str, roles: list[Role],
                organisation: Organisation | None = None, grid=None, phone: str = "",
                email: str = "") -> tuple[User, str]:  # fmt: skip
    """Create an account with a one-time password that must be changed at first login."""
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise Invalid(f"用户名“{username}”已被使用。", field="username")
    _check_role_assignment(actor, roles)
    password = temporary_password()
    with transaction.atomic():
        user = User(
            username=username, display_name=display_name, organisation=organisation, grid=grid,
            phone=phone, email=email, must_change_password=True,
        )  # fmt: skip
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


def account_unlock(*, actor: User, username: str) -> int:
    """Lift a lockout (all failure records of this username)."""
    from axes.utils import reset

    with transaction.atomic():
        count = reset(username=username.strip().lower())
        audit.record("auth.unlock", actor=actor, object_type="accounts.user", object_id=username,
                     after={"attempts_cleared": count})  # fmt: skip
    return count


def deactivate_idle_accounts() -> int:
    """Disable accounts unused for the policy's number of days (tick hook)."""
    days = policy.current().inactive_days
    if not days:
        return 0
    cutoff = timezone.now() - timedelta(days=days)
    idle = User.objects.filter(is_active=True, date_joined__lt=cutoff).exclude(
        last_login__gte=cutoff
    )
    count = 0
    for user in idle:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).update(is_active=False)
            audit.record("account.disable.idle", obj=user, reason=f"超过 {days} 天未登录")
        count += 1
    return count


# ---- roles, organisations, policy -----------------------------------------------------------


def role_set_permissions(*, actor: User, role: Role, codes: list[str]) -> Role:
    perms = []
    for code in codes:
        app_label, _, codename = code.partition(".")
        perm = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm is None:
            raise Invalid(f"未知的权限代码：{code}", field="permissions")
        perms.append(perm)
    with transaction.atomic():
        before = sorted(_perm_codes(role))
        role.permissions.set(perms)
        audit.record("role.permissions", actor=actor, obj=role, before=before, after=sorted(codes))
    return role


def _perm_codes(role: Role) -> list[str]:
    return [
        f"{app}.{code}"
        for app, code in role.permissions.values_list("content_type__app_label", "codename")
    ]


def organisation_save(*, actor: User, organisation: Organisation, sectors=None) -> Organisation:
    creating = organisation.pk is None
    with transaction.atomic():
        organisation.region_code = organisation.region.code
        organisation.full_clean()
        organisation.save()
        if sectors is not None:
            organisation.sectors.set(sectors)
        after = {
            "name": organisation.name, "kind": organisation.kind, "region": organisation.region_code,
            "sectors": sorted(s.code for s in organisation.sectors.all()),
        }  # fmt: skip
        event = "organisation.create" if creating else "organisation.update"
        audit.record(event, actor=actor, obj=organisation, after=after)
    return organisation


POLICY_FIELDS = (
    "min_length", "min_classes", "expiry_days", "history", "lockout_failures", "lockout_minutes",
    "idle_minutes", "absolute_hours", "inactive_days", "require_otp_for_government",
)  # fmt: skip


def policy_update(*, actor: User, **values) -> SecurityPolicy:
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise Invalid(f"未知的策略项：{'、'.join(sorted(unknown))}。")
    with transaction.atomic():
        current = SecurityPolicy.objects.select_for_update().get_or_create(pk=1)[0]
        before = {f: getattr(current, f) for f in POLICY_FIELDS}
        for name, value in values.items():
            setattr(current, name, value)
        _check_policy(current)
        current.save()
        audit.record("settings.security_policy", actor=actor, obj=current, before=before,
                     after={f: getattr(current, f) for f in POLICY_FIELDS})  # fmt: skip
    return current


def _check_policy(p: SecurityPolicy) -> None:
    if p.min_length < 8:
        raise Invalid("密码最短长度不得小于 8 位（等保三级要求）。", field="min_length")
    if not 1 <= p.min_classes <= 4:
        raise Invalid("字符类别数应在 1 到 4 之间。", field="min_classes")
    if not 1 <= p.lockout_failures <= 10:
        raise Invalid("锁定前允许的失败次数应在 1 到 10 之间。", field="lockout_failures")
    if p.expiry_days > 90 or p.expiry_days == 0:
        raise Invalid("密码有效期应在 1 到 90 天之间。", field="expiry_days")
    if not 1 <= p.idle_minutes <= 30:
        raise Invalid("空闲超时应在 1 到 30 分钟之间。", field="idle_minutes")


# ---- account and security pages ----------------------------------------------------------

AUDIT_LOG_PERMISSIONS = frozenset({"core.view_auditevent", "core.export_auditevent"})
ROLE_EDIT_PERMISSION = "accounts.change_role"


def otp_session_verify(*, user: User, token: str):
    """The device that accepts this code at login; a wrong code is audited and refused."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .otp import verify_token

    devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    if devices and not any(d.verify_is_allowed()[0] for d in devices):
        with transaction.atomic():
            audit.record("auth.otp.failure", actor=user, obj=user, result="denied",
                         reason="throttled")  # fmt: skip
        raise Invalid("验证码错误次数过多，请稍等片刻再试。", field="token")
    device = verify_token(user, token)
    with transaction.atomic():
        if device is None:
            audit.record("auth.otp.failure", actor=user, obj=user, result="failure")
        else:
            audit.record("auth.otp.verify", actor=user, obj=user)
    if device is None:
        raise Invalid("验证码不正确，请核对手机时间后重试。", field="token")
    return device


def _drop_session(session_key: str) -> None:
    from importlib import import_module

    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore().delete(session_key)


def session_revoke(*, actor: User, session_id: int, current_key: str | None) -> None:
    """Sign one of the actor's other browsers out: its session ends at once."""
    from anjian.core.errors import NotFound

    from .models import UserSession

    with transaction.atomic():
        row = UserSession.objects.select_for_update().filter(pk=session_id, user=actor).first()
        if row is None:
            raise NotFound("该会话不存在或已结束。")
        if row.session_key == current_key:
            raise Invalid("不能在此结束当前会话，请使用“退出登录”。")
        _drop_session(row.session_key)
        row.delete()
        audit.record("auth.session.revoke", actor=actor, obj=actor,
                     after={"ip": row.ip, "started": row.created_at})  # fmt: skip


def sessions_after_password_change(*, user: User, old_key: str, new_key: str) -> int:
    """Keep the current (re-keyed) session listed and end every other one (ASVS 3.3.3)."""
    from .models import UserSession

    with transaction.atomic():
        UserSession.objects.filter(user=user, session_key=old_key).update(session_key=new_key)
        others = list(UserSession.objects.filter(user=user).exclude(session_key=new_key))
        for row in others:
            _drop_session(row.session_key)
            row.delete()
        if others:
            audit.record("auth.session.revoke", actor=user, obj=user, reason="password_change",
                         after={"sessions": len(others)})  # fmt: skip
    return len(others)


def role_permissions_save(*, actor: User, role: Role, codes: list[str]) -> Role:
    """Set a role's permissions from the roles page, keeping the three administrators apart."""
    wanted = set(codes)
    if wanted & AUDIT_LOG_PERMISSIONS and role.admin_kind != "audit":
        raise Invalid("审计日志的查看和导出权限只能授予审计管理员角色（三权分立）。",
                      field="permissions")  # fmt: skip
    if role.admin_kind == "audit" and wanted - AUDIT_LOG_PERMISSIONS:
        raise Invalid("审计管理员角色只能拥有审计日志权限（三权分立）。", field="permissions")
    holds_role = role.user_links.filter(user=actor).exists()
    if holds_role and ROLE_EDIT_PERMISSION not in wanted:
        raise Invalid("不能移除您本人管理角色所依赖的权限（角色管理）。", field="permissions")
    return role_set_permissions(actor=actor, role=role, codes=sorted(wanted))
