"""People, their organisations and roles, and the security policy that governs their logins."""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

from django.contrib.auth import models as auth_models
from django.contrib.auth.models import AbstractUser, Permission, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from anjian.core.crypto import EncryptedTextField
from anjian.core.masking import mask_phone
from anjian.core.records.models import EnterpriseRecord
from anjian.core.scoping import ScopedQuerySet, ScopeRule

from .choices import AdminKind, ClaimStatus, EnterpriseRoleCode, OrgKind


class Organisation(models.Model):
    """单位: a government department, township station, enterprise or expert body at a region.

    A department's sectors are what it supervises (管行业必须管安全); none means all sectors,
    like the emergency-management bureau.
    """

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=OrgKind)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("所在区划"),
    )
    region_code = models.CharField(max_length=12, db_index=True, editable=False)
    sectors = models.ManyToManyField(
        "regions.Sector", blank=True, related_name="departments", verbose_name=_("监管行业")
    )
    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        verbose_name=_("对应企业"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeRule(region="region_code", enterprise="enterprise_id", admin_sees_all=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="organisation_name_per_region")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """角色: a named set of permission codes, edited by the security administrator."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    admin_kind = models.CharField(
        _("管理员类型"), max_length=10, choices=AdminKind, null=True, blank=True, unique=True
    )
    is_expert = models.BooleanField(_("专家角色"), default=False)
    permissions = models.ManyToManyField(Permission, blank=True, verbose_name=_("权限"))

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class CaseInsensitiveUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(username__iexact=username)


class User(AbstractUser):
    """用户: one person's account. Usernames are unique regardless of case."""

    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("单位"),
    )
    grid = models.ForeignKey(
        "regions.Grid",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("负责网格"),
    )
    roles = models.ManyToManyField(
        Role, through="UserRole", blank=True, related_name="users", verbose_name=_("角色")
    )
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    objects: ClassVar[CaseInsensitiveUserManager] = CaseInsensitiveUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
        ]
        permissions = [
            ("unlock_user", "可解除账号锁定"),
            ("assign_admin_role", "可分配管理员角色"),
            ("assign_role", "可为账号分配角色并发放初始密码"),
            ("revoke_token", "可吊销他人的接口令牌"),
            ("open_enterprise_account", "可为辖区内企业开通企业账号"),
        ]

    def __str__(self) -> str:
        return self.get_full_name()

    def get_full_name(self) -> str:
        return self.display_name or super().get_full_name() or self.username

    # Permissions come only from roles: a superuser flag grants nothing (no superuser in use).
    def has_perm(self, perm, obj=None) -> bool:
        # Django's own walk over the backends; private, so the stubs leave it out.
        return self.is_active and auth_models._user_has_perm(self, perm, obj)  # type: ignore[attr-defined]

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(p, obj) for p in perm_list)

    def has_module_perms(self, app_label) -> bool:
        return self.is_active and any(
            p.startswith(f"{app_label}.") for p in self.get_all_permissions()
        )

    @cached_property
    def scope(self):
        from .scope import compute_scope

        return compute_scope(self)

    @cached_property
    def admin_kind(self) -> str | None:
        return (
            self.roles.filter(admin_kind__isnull=False).values_list("admin_kind", flat=True).first()
        )

    def audit_description(self) -> tuple[str, str]:
        """Role and scope as the audit log records them (worked out once per user object)."""
        return self._audit_description

    @cached_property
    def _audit_description(self) -> tuple[str, str]:
        roles = ",".join(r.name for r in self.roles.all())
        scope = self.scope
        return roles, f"{scope.kind}:{scope.region_prefix or _enterprise_list(scope) or ''}"


class EnterpriseMembership(models.Model):
    """任职企业: a further enterprise an enterprise account serves besides its own unit, such as
    a registered safety engineer of a service firm or a group's safety director. The account sees
    the records of its own enterprise and of every enterprise it is an active member of."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("企业"),
    )
    role = models.CharField(_("角色"), max_length=20, choices=EnterpriseRoleCode)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("任职企业")
        verbose_name_plural = _("任职企业")
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="membership_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise_id}"


def _enterprise_list(scope) -> str:
    return ",".join(str(i) for i in sorted(scope.enterprises))


class UserRole(models.Model):
    """A role held by a user. At most one administrator role per account, enforced by the DB."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_links")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="user_links")
    admin_kind = models.CharField(max_length=10, choices=AdminKind, null=True, blank=True)

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="user_role_once"),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(admin_kind__isnull=False),
                name="one_admin_role_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role_id}"

    def save(self, *args, **kwargs):
        self.admin_kind = self.role.admin_kind  # denormalised for the constraint above
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """接口令牌: a bearer token for integrations. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        permissions = [("use_api", "可对接系统接口（菜单中显示接口文档）")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"


class SecurityPolicy(models.Model):
    """安全策略: password, lockout and session rules (GB/T 22239 level 3 defaults), one row."""

    min_length = models.PositiveSmallIntegerField(_("密码最短长度"), default=8)
    min_classes = models.PositiveSmallIntegerField(_("至少包含字符类别数"), default=3)
    expiry_days = models.PositiveSmallIntegerField(_("密码有效期（天）"), default=90)
    history = models.PositiveSmallIntegerField(_("不得重复使用最近几次密码"), default=5)
    lockout_failures = models.PositiveSmallIntegerField(_("连续失败几次锁定"), default=5)
    lockout_minutes = models.PositiveSmallIntegerField(_("锁定时长（分钟）"), default=30)
    idle_minutes = models.PositiveSmallIntegerField(_("空闲超时（分钟）"), default=30)
    absolute_hours = models.PositiveSmallIntegerField(_("会话最长（小时）"), default=12)
    inactive_days = models.PositiveSmallIntegerField(_("账号闲置几天停用"), default=90)
    require_otp_for_government = models.BooleanField(_("政府用户必须启用双因素认证"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("安全策略")
        verbose_name_plural = _("安全策略")

    def __str__(self) -> str:
        return "安全策略"


class PasswordHistory(models.Model):
    """A past password hash, so the last N passwords are not reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class UserSession(models.Model):
    """登录会话: a signed-in browser session, listed on "my account" and revocable."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    ip = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


class EnterpriseClaim(EnterpriseRecord):
    """企业认领: an enterprise's person asks for an account by its credit code (self-registration).

    The account is made at once, inactive and without a role; the township station or sector
    office in scope approves (the account becomes active with the enterprise role) or rejects.
    """

    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    enterprise_name = models.CharField(_("申请时填写的单位名称"), max_length=100)
    applicant_name = models.CharField(_("申请人"), max_length=30)
    mobile = EncryptedTextField(_("手机号"))
    role = models.CharField(
        _("申请角色"),
        max_length=20,
        choices=EnterpriseRoleCode,
        default=EnterpriseRoleCode.SAFETY_MANAGER,
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ClaimStatus, default=ClaimStatus.PENDING, db_index=True
    )
    account = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="claims", verbose_name=_("申请的账号")
    )
    ip = models.CharField(_("申请地址"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("企业认领申请")
        verbose_name_plural = _("企业认领申请")
        ordering = ["-id"]
        permissions = [("review_enterpriseclaim", "可审核企业认领申请")]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status="pending"),
                name="one_pending_claim_per_enterprise",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_name}（{self.applicant_name}）"

    @property
    def masked_mobile(self) -> str:
        return mask_phone(self.mobile)
