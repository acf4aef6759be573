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
from .models import Role, User, UserRole
from .services import temporary_password
from .services_onboarding import OPEN_ACCOUNT, account_problems, enterprise_organisation

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
    ],
)


@dataclass
class Lookups(Context):
    enterprises: dict[str, Any] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    roles: dict[str, Role] = field(default_factory=dict)


@dataclass
class Opened:
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
    role = ctx.roles[ENTERPRISE_ROLE_CODES[EnterpriseRoleCode(data["role"])]]
    return Opened(user, enterprise, role, password)


def write(ctx: Lookups, rows: list[Opened]) -> list[dict[str, str]]:
    users = User.objects.bulk_create([r.user for r in rows])
    UserRole.objects.bulk_create(
        [UserRole(user=u, role=r.role, admin_kind=None) for u, r in zip(users, rows, strict=True)]
    )
    events = [
        audit.build(
            "account.enterprise_open",
            actor=ctx.actor,
            obj=r.user,
            after={"enterprise": r.enterprise.pk, "role": r.role.code, "import": True},
            reason=f"批量导入：为企业“{r.enterprise.name}”开通{r.role.name}账号，已发放一次性密码",
        )
        for r in rows
    ]
    audit.record_many(events)
    return [
        {
            "enterprise": r.enterprise.name,
            "name": r.user.display_name,
            "role": r.role.name,
            "username": r.user.username,
            "password": r.password,
        }
        for r in rows
    ]


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
