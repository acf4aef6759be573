"""Writes of the security side of accounts: roles and their permissions, the security policy,
lockouts, idle accounts, sessions and the second factor at login. Every write is audited."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from anjian.core import audit
from anjian.core.errors import Invalid

from . import policy
from .models import Role, SecurityPolicy, User

AUDIT_LOG_PERMISSIONS = frozenset({"core.view_auditevent", "core.export_auditevent"})
ROLE_EDIT_PERMISSION = "accounts.change_role"


def otp_session_verify(*, user: User, token: str):
    """The device that accepts this code at login; a wrong code is audited and refused."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .otp import throttle_wait, throttled_message, verify_token

    wait = throttle_wait(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    if wait:
        with transaction.atomic():
            audit.record(
                "auth.otp.failure", actor=user, obj=user, result="denied", reason="throttled"
            )
        raise Invalid(throttled_message(wait), field="token")
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
        audit.record(
            "auth.session.revoke",
            actor=actor,
            obj=actor,
            after={"ip": row.ip, "started": row.created_at},
        )


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
            audit.record(
                "auth.session.revoke",
                actor=user,
                obj=user,
                reason="password_change",
                after={"sessions": len(others)},
            )
    return len(others)


def sessions_end_all(*, actor: User | None, user: User, reason: str) -> int:
    """Every signed-in browser of the user is signed out (a reset or new credentials)."""
    from .models import UserSession

    with transaction.atomic():
        rows = list(UserSession.objects.filter(user=user))
        for row in rows:
            _drop_session(row.session_key)
            row.delete()
        if rows:
            audit.record(
                "auth.session.revoke",
                actor=actor,
                obj=user,
                reason=reason,
                after={"sessions": len(rows)},
            )
    return len(rows)


def _check_separation(actor: User, role: Role, wanted: set[str]) -> None:
    if wanted & AUDIT_LOG_PERMISSIONS and role.admin_kind != "audit":
        raise Invalid(
            "审计日志的查看和导出权限只能授予审计管理员角色（三权分立）。", field="permissions"
        )
    if role.admin_kind == "audit" and wanted - AUDIT_LOG_PERMISSIONS:
        raise Invalid("审计管理员角色只能拥有审计日志权限（三权分立）。", field="permissions")
    if role.user_links.filter(user=actor).exists() and ROLE_EDIT_PERMISSION not in wanted:
        raise Invalid("不能移除您本人管理角色所依赖的权限（角色管理）。", field="permissions")


def role_set_permissions(*, actor: User, role: Role, codes: list[str]) -> Role:
    """Set a role's permission codes, keeping the three administrators apart (三权分立)."""
    _check_separation(actor, role, set(codes))
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


POLICY_FIELDS = (
    "min_length",
    "min_classes",
    "expiry_days",
    "history",
    "lockout_failures",
    "lockout_minutes",
    "idle_minutes",
    "absolute_hours",
    "inactive_days",
    "require_otp_for_government",
)


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
        audit.record(
            "settings.security_policy",
            actor=actor,
            obj=current,
            before=before,
            after={f: getattr(current, f) for f in POLICY_FIELDS},
        )
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


def account_unlock(*, actor: User, username: str) -> int:
    """Lift a lockout (all failure records of this username)."""
    from axes.utils import reset

    with transaction.atomic():
        count = reset(username=username.strip().lower())
        audit.record(
            "auth.unlock",
            actor=actor,
            object_type="accounts.user",
            object_id=username,
            after={"attempts_cleared": count},
        )
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
