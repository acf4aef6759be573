"""Bulk opening of enterprise accounts from a spreadsheet (one row per person: credit code,
name, mobile, role), all or nothing, every bad row and column reported.

The one-time passwords are returned to the page that shows them once (never stored, never
cached): a file would have to be kept somewhere to be downloaded later, and a list of live
passwords on disk is what must not exist. Passwords are hashed while the rows are checked, so
the write transaction only inserts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from anjian.core import audit
from anjian.core.errors import Forbidden
from anjian.core.records.importing import Context, Row, SheetImport
from anjian.core.records.sheets import VALIDATION_NOTE, Column, Layout, choice, text
from anjian.enterprises.selectors import Enterprise
from anjian.standards.mobile import normalize_mobile

from .choices import ENTERPRISE_ROLE_CODES, EnterpriseRoleCode
from .models import EnterpriseMembership, Role, User, UserRole
from .selectors import OPEN_ACCOUNT
from .services import temporary_password
from .services_onboarding import (
    account_problems,
    enterprise_account_of,
    enterprise_organisation,
)

MAX_ROWS = 200  # each row's password is hashed (Argon2) while the rows are checked
LAYOUT = Layout(
    "企业账号",
    [
        Column("统一社会信用代码", "credit_code", text(18), required=True, width=24),
        Column("姓名", "name", text(30), required=True),
        Column("手机号", "mobile", text(20), required=True, note="11 位手机号"),
        Column(
            "角色",
            "role",
            choice(EnterpriseRoleCode),
            required=True,
            width=18,
            note="企业安全管理员 或 企业主要负责人",
        ),
    ],
    template_name="企业账号导入模板.xlsx",
    notes=[
        VALIDATION_NOTE,
        ("范围", "只能为您辖区内、您可编辑的企业开通账号，且只能是企业角色。"),
        ("密码", "导入成功后页面列出每个账号的一次性密码，只显示这一次；首次登录须修改。"),
        (
            "一人多企",
            "手机号已有企业账号（或在表中前面的行出现过）的，不再新建账号，"
            "而把该企业加入这个账号的任职企业，原密码不变。",
        ),
    ],
)


@dataclass
class Lookups(Context):
    enterprises: dict[str, Any] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    roles: dict[str, Role] = field(default_factory=dict)
    by_mobile: dict[str, Opened] = field(default_factory=dict)  # accounts new in this file
    served: set[tuple[str, int]] = field(default_factory=set)  # (mobile, enterprise) in the file


@dataclass
class Opened:
    """A row's outcome: a new account with its password, or (password empty) a further
    enterprise for an account that exists already or is new in an earlier row."""

    user: User
    enterprise: Any
    role: Role
    password: str


def prepare(actor, mode: str) -> Lookups:
    if not actor.scope.is_government:
        raise Forbidden("只有辖区监管人员可以批量开通企业账号。")
    roles = {r.code: r for r in Role.objects.filter(code__in=ENTERPRISE_ROLE_CODES.values())}
    return Lookups(actor, mode, roles=roles)


def _enterprise(ctx: Lookups, row: Row):
    code = str(row.data["credit_code"]).strip().upper()
    if code not in ctx.enterprises:
        editable = Enterprise.objects.editable_by(ctx.actor).filter(voided_at__isnull=True)
        ctx.enterprises[code] = editable.filter(credit_code=code).first()
    enterprise = ctx.enterprises[code]
    if enterprise is None:
        row.error("credit_code", "未找到该企业，或不在您的辖区内")
    return enterprise


def _username(ctx: Lookups, enterprise) -> str:
    base = "qy" + enterprise.credit_code[8:17].lower()
    n = 1
    while (
        f"{base}-{n}" in ctx.taken or User.objects.filter(username__iexact=f"{base}-{n}").exists()
    ):
        n += 1
    ctx.taken.add(f"{base}-{n}")
    return f"{base}-{n}"


def validate(ctx: Lookups, row: Row) -> Opened | None:
    enterprise = _enterprise(ctx, row)
    data = row.data
    for name, message in account_problems(
        name=data["name"], mobile=data["mobile"], role=data["role"]
    ).items():
        row.error(name, message)
    if row.errors:
        return None
    role = ctx.roles[ENTERPRISE_ROLE_CODES[EnterpriseRoleCode(data["role"])]]
    number = normalize_mobile(data["mobile"]) or ""
    if (number, enterprise.pk) in ctx.served:
        row.error("mobile", "表中已有该手机号在本企业的行")
        return None
    ctx.served.add((number, enterprise.pk))
    holder = ctx.by_mobile.get(number)
    existing = holder.user if holder is not None else enterprise_account_of(number)
    if existing is not None:
        if _serves(existing, enterprise):
            row.error("mobile", "该手机号已有本企业的账号，无需重复开通")
            return None
        return Opened(existing, enterprise, role, "")
    password = temporary_password()
    user = User(
        username=_username(ctx, enterprise),
        display_name=data["name"].strip(),
        phone=normalize_mobile(data["mobile"]) or "",
        organisation=enterprise_organisation(enterprise),
        must_change_password=True,
        date_joined=timezone.now(),
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    opened = Opened(user, enterprise, role, password)
    ctx.by_mobile[number] = opened
    return opened


def _serves(user: User, enterprise) -> bool:
    if user.organisation is not None and user.organisation.enterprise_id == enterprise.pk:
        return True
    if user.pk is None:
        return False
    return user.memberships.filter(enterprise=enterprise, is_active=True).exists()


def write(ctx: Lookups, rows: list[Opened]) -> list[dict[str, str]]:
    new = [r for r in rows if r.password]
    User.objects.bulk_create([r.user for r in new])
    UserRole.objects.bulk_create([UserRole(user=r.user, role=r.role, admin_kind=None) for r in new])
    _memberships_write(ctx, [r for r in rows if not r.password])
    events = [
        audit.build(
            "account.enterprise_open",
            actor=ctx.actor,
            obj=r.user,
            after={"enterprise": r.enterprise.pk, "role": r.role.code, "import": True},
            reason=f"批量导入：为企业“{r.enterprise.name}”开通{r.role.name}账号，已发放一次性密码",
        )
        for r in new
    ]
    audit.record_many(events)
    return [
        {
            "enterprise": r.enterprise.name,
            "name": r.user.display_name,
            "role": r.role.name,
            "username": r.user.username,
            "password": r.password or "（原密码不变，已加入任职企业）",
        }
        for r in rows
    ]


def _memberships_write(ctx: Lookups, rows: list[Opened]) -> None:
    """Further enterprises for existing or just-created accounts, reviving ended ones."""
    for r in rows:
        code = EnterpriseRoleCode(
            next(c for c, role_code in ENTERPRISE_ROLE_CODES.items() if role_code == r.role.code)
        )
        EnterpriseMembership.objects.update_or_create(
            user=r.user, enterprise=r.enterprise, defaults={"role": code, "is_active": True}
        )
    audit.record_many(
        [
            audit.build(
                "account.enterprise_membership_add",
                actor=ctx.actor,
                obj=r.user,
                after={"enterprise": r.enterprise.pk, "role": r.role.code, "import": True},
                reason=f"批量导入：该手机号已有企业账号，将企业“{r.enterprise.name}”加入其任职企业",
            )
            for r in rows
        ]
    )


SHEET = SheetImport(
    LAYOUT,
    permission=OPEN_ACCOUNT,
    denied="您无权为企业开通账号。",
    prepare=prepare,
    validate=validate,
    write=write,
    max_rows=MAX_ROWS,
    default_column="统一社会信用代码",
    file_label="企业账号表",
)
