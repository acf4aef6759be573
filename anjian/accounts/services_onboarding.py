"""Enterprise onboarding: the accounts a regulator opens for an enterprise's people, and the
self-registration by credit code (认领) that the office in scope approves or rejects.

Opening an enterprise's accounts is a business act of the regulator in scope, distinct from the
security administrator's role assignment (三权分立): it can only make enterprise accounts, only
with the two enterprise roles, only for an enterprise the regulator may edit.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from anjian.core import audit, context
from anjian.core.errors import Conflict, Forbidden, Invalid, NotFound, RateLimited
from anjian.core.models import AuditEvent
from anjian.core.notifications import notify
from anjian.enterprises.selectors import Enterprise
from anjian.standards import credit_code as credit_code_rule
from anjian.standards.mobile import MOBILE_RULE, normalize_mobile

from . import selectors
from .choices import ENTERPRISE_ROLE_CODES, ClaimStatus, EnterpriseRoleCode, OrgKind
from .models import EnterpriseClaim, EnterpriseMembership, Organisation, Role, User, UserRole
from .selectors import may_open_accounts
from .services import enterprise_organisations_sync, temporary_password

REVIEW_CLAIM = "accounts.review_enterpriseclaim"
CLAIMS_PER_ADDRESS_PER_HOUR = 5
CLAIM_EVENTS = ("enterprise_claim.submit", "enterprise_claim.refused")


def _errors(problems: dict[str, str]) -> Invalid:
    """Every problem of the request at once, the first as the message."""
    field, message = next(iter(problems.items()))
    return Invalid(
        message,
        field=field,
        errors=[{"field": f, "message": m} for f, m in problems.items()],
    )


def _person(name: str, mobile: str, role: str, problems: dict[str, str]) -> tuple[str, str]:
    name = (name or "").strip()
    if not name:
        problems["name"] = "请填写姓名。"
    elif len(name) > 30:
        problems["name"] = f"姓名最多 30 个字（现有 {len(name)} 个）。"
    number = normalize_mobile(mobile)
    if number is None:
        problems["mobile"] = f"手机号“{(mobile or '').strip()[:20]}”不正确：{MOBILE_RULE}。"
    if role not in EnterpriseRoleCode.values:
        labels = "、".join(f"{c}（{label}）" for c, label in EnterpriseRoleCode.choices)
        problems["role"] = f"角色只能是：{labels}。"
    return name, number or ""


def free_username(enterprise) -> str:
    """A login name from the enterprise's organisation code (GB 11714, characters 9–17 of its
    credit code) and a serial: short enough to type on a phone, and not the person's mobile
    number, which stays masked wherever accounts are listed."""
    base = "qy" + enterprise.credit_code[8:17].lower()
    n = 1
    while User.objects.filter(username__iexact=f"{base}-{n}").exists():
        n += 1
    return f"{base}-{n}"


def enterprise_organisation(enterprise) -> Organisation:
    org = Organisation.objects.filter(enterprise_id=enterprise.pk).first()
    if org is None:  # registered before enterprises had organisations and not migrated
        enterprise_organisations_sync([enterprise])
        org = Organisation.objects.get(enterprise_id=enterprise.pk)
    return org


def enterprise_account_open(
    *, actor, enterprise, name: str, mobile: str, role: str
) -> tuple[User, str]:
    """Open an account for one of the enterprise's people, with only an enterprise role; the
    one-time password is returned to be shown once and must be changed at first login."""
    if not Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists():
        raise NotFound()
    if not may_open_accounts(actor, enterprise):
        raise Forbidden("您无权为该企业开通账号（须为辖区内可编辑该企业的监管人员）。")
    problems: dict[str, str] = {}
    name, number = _person(name, mobile, role, problems)
    if problems:
        raise _errors(problems)
    enterprise_role = Role.objects.get(code=ENTERPRISE_ROLE_CODES[EnterpriseRoleCode(role)])
    existing = enterprise_account_of(number)
    if existing is not None:
        return enterprise_membership_add(
            actor=actor, user=existing, enterprise=enterprise, role=role
        ), ""
    password = temporary_password()
    with transaction.atomic():
        user = User(
            username=free_username(enterprise),
            display_name=name,
            phone=number,
            organisation=enterprise_organisation(enterprise),
            must_change_password=True,
        )
        user.set_password(password)
        user.full_clean(exclude=["password"])
        _save_new(user)
        UserRole(user=user, role=enterprise_role).save()
        audit.record(
            "account.enterprise_open",
            actor=actor,
            obj=user,
            after={"enterprise": enterprise.pk, "role": enterprise_role.code},
            reason=f"为企业“{enterprise.name}”开通{enterprise_role.name}账号，已发放一次性密码",
        )
    return user, password


def enterprise_account_of(number: str) -> User | None:
    """The active enterprise account already held by this mobile number, if any: one person
    serving several enterprises keeps one account (one password, one second factor)."""
    return (
        User.objects.filter(
            phone=number, is_active=True, organisation__kind=OrgKind.ENTERPRISE, grid__isnull=True
        )
        .exclude(roles__admin_kind__isnull=False)
        .order_by("pk")
        .first()
    )


def enterprise_membership_add(*, actor, user: User, enterprise, role: str) -> User:
    """Let an existing enterprise account also serve `enterprise` (任职企业), audited. The
    account keeps its password; from now on it sees this enterprise's records too."""
    if user.organisation is not None and user.organisation.enterprise_id == enterprise.pk:
        raise Conflict("该手机号已是本企业的账号，无需重复开通。", field="mobile")
    with transaction.atomic():
        membership, created = EnterpriseMembership.objects.select_for_update().get_or_create(
            user=user, enterprise=enterprise, defaults={"role": role}
        )
        if not created and membership.is_active:
            raise Conflict("该手机号的账号已在本企业任职，无需重复开通。", field="mobile")
        membership.role, membership.is_active = role, True
        membership.save()
        audit.record(
            "account.enterprise_membership_add",
            actor=actor,
            obj=user,
            after={"enterprise": enterprise.pk, "role": role},
            reason=f"该手机号已有企业账号，将企业“{enterprise.name}”加入其任职企业",
        )
    return user


def enterprise_membership_end(*, actor, user: User, enterprise) -> None:
    """End an account's service for `enterprise`: it loses sight of its records at once."""
    if not may_open_accounts(actor, enterprise):
        raise Forbidden("您无权调整该企业的账号（须为辖区内可编辑该企业的监管人员）。")
    with transaction.atomic():
        membership = (
            EnterpriseMembership.objects.select_for_update()
            .filter(user=user, enterprise=enterprise, is_active=True)
            .first()
        )
        if membership is None:
            raise NotFound()
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        audit.record(
            "account.enterprise_membership_end",
            actor=actor,
            obj=user,
            before={"enterprise": enterprise.pk, "role": membership.role},
            reason=f"该账号不再在企业“{enterprise.name}”任职",
        )


def _save_new(user: User) -> None:
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # the same login name taken a moment ago
        raise Conflict("该登录名刚被占用，请重试。", field="username") from exc


# ---- self-registration (认领) ----------------------------------------------------------------


def _check_rate(ip: str) -> None:
    since = timezone.now() - timedelta(hours=1)
    recent = AuditEvent.objects.filter(at__gte=since, ip=ip, event_type__in=CLAIM_EVENTS)
    if ip and recent.count() >= CLAIMS_PER_ADDRESS_PER_HOUR:
        raise RateLimited("此地址提交认领申请过于频繁，请一小时后再试。")


def _refused(problems: dict[str, str], credit_code: str) -> Invalid:
    audit.record(
        "enterprise_claim.refused",
        object_type="accounts.enterpriseclaim",
        result=AuditEvent.Result.FAILURE,
        reason="；".join(problems.values())[:500],
        after={"credit_code": credit_code[:18]},
    )
    return _errors(problems)


def _claimed_enterprise(credit_code: str, enterprise_name: str, problems: dict[str, str]):
    checked = credit_code_rule.validate(credit_code or "")
    if not checked.valid:
        problems["credit_code"] = "统一社会信用代码有误：" + "；".join(checked.errors)
        return None
    code = checked.normalized
    enterprise = Enterprise.objects.live().filter(credit_code=code).first()
    if enterprise is None:
        problems["credit_code"] = "台帐中没有该统一社会信用代码的企业，请联系属地安全站登记。"
        return None
    if (enterprise_name or "").strip() != enterprise.name:
        problems["enterprise_name"] = "单位名称与台帐登记的名称不一致，请按营业执照填写全称。"
        return None
    if User.objects.filter(organisation__enterprise=enterprise, is_active=True).exists():
        problems["credit_code"] = (
            "该企业已有账号，请由本企业已有账号的人员联系属地监管部门为您开通。"
        )
    elif EnterpriseClaim.objects.filter(enterprise=enterprise, status=ClaimStatus.PENDING).exists():
        problems["credit_code"] = "该企业已有一份认领申请正在审核，请等待属地监管部门处理。"
    return enterprise


def _claim_problems(credit_code, enterprise_name, applicant_name, mobile, password, role):
    problems: dict[str, str] = {}
    enterprise = _claimed_enterprise(credit_code, enterprise_name, problems)
    name, number = _person(applicant_name, mobile, role, problems)
    if "name" in problems:
        problems["applicant_name"] = problems.pop("name")
    try:
        password_validation.validate_password(password or "", User(display_name=name))
    except ValidationError as exc:
        problems["password"] = "；".join(exc.messages)
    return enterprise, name, number, problems


def claim_problems(
    *, credit_code="", enterprise_name="", applicant_name="", mobile="", password="", role=""
) -> dict[str, str]:
    """What is wrong with a claim, field by field, without storing anything (the page shows
    them with the form's own errors, all in one round)."""
    return _claim_problems(credit_code, enterprise_name, applicant_name, mobile, password, role)[3]


def account_problems(*, name="", mobile="", role="") -> dict[str, str]:
    """What is wrong with an account request, field by field (for the page, with the form's)."""
    problems: dict[str, str] = {}
    _person(name, mobile, role, problems)
    return problems


def enterprise_claim_submit(
    *,
    credit_code: str,
    enterprise_name: str,
    applicant_name: str,
    mobile: str,
    password: str,
    role: str = EnterpriseRoleCode.SAFETY_MANAGER,
) -> EnterpriseClaim:
    """Anyone may ask for an enterprise's first account by its credit code. The account is made
    inactive, with the applicant's own password; the office in scope decides."""
    ip = context.current().ip
    _check_rate(ip)
    enterprise, name, number, problems = _claim_problems(
        credit_code, enterprise_name, applicant_name, mobile, password, role
    )
    if problems or enterprise is None:
        raise _refused(problems, credit_code or "")
    account = User(username=free_username(enterprise), display_name=name)
    with transaction.atomic():
        account.phone = number
        account.organisation = enterprise_organisation(enterprise)
        account.is_active = False
        account.set_password(password)
        account.password_changed_at = timezone.now()
        account.full_clean(exclude=["password"])
        _save_new(account)
        claim = EnterpriseClaim(
            enterprise=enterprise,
            credit_code=enterprise.credit_code,
            enterprise_name=enterprise.name,
            applicant_name=name,
            mobile=number,
            role=role,
            account=account,
            ip=ip[:64],
        )
        claim.full_clean(exclude=["region_code", "sector", "grid", "account"])
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError as exc:
            raise Conflict("该企业已有一份认领申请正在审核，请等待处理。") from exc
        audit.record(
            "enterprise_claim.submit",
            obj=claim,
            username=account.username,
            after={"enterprise": enterprise.pk, "account": account.username, "role": role},
        )
        _tell_reviewers(claim)
    return claim


def _tell_reviewers(claim: EnterpriseClaim) -> None:
    notify(
        selectors.claim_reviewers(claim),
        title=f"企业认领申请待审核：{claim.enterprise_name}",
        body=f"{claim.applicant_name}申请成为“{claim.enterprise_name}”的"
        f"{claim.get_role_display()}，请核实身份后通过或驳回。",
        link=reverse("accounts:claims:detail", args=[claim.pk]),
    )


def may_review(actor, claim) -> bool:
    return (
        actor.has_perm(REVIEW_CLAIM)
        and actor.scope.kind in ("territorial", "sector")
        and EnterpriseClaim.objects.visible_to(actor).filter(pk=claim.pk).exists()
    )


def activate_claimed_account(claim: EnterpriseClaim, payload: dict[str, Any]) -> None:
    """On approval the applicant's account becomes active with the enterprise role asked for."""
    if User.objects.filter(
        organisation__enterprise_id=claim.enterprise_id, is_active=True
    ).exists():
        raise Conflict("该企业已有账号（可能刚由监管人员开通），本申请不能再通过，请驳回并说明。")
    role = Role.objects.get(code=ENTERPRISE_ROLE_CODES[EnterpriseRoleCode(claim.role)])
    User.objects.filter(pk=claim.account_id).update(is_active=True)
    UserRole.objects.get_or_create(user_id=claim.account_id, role=role)
    audit.record(
        "account.enable",
        actor=payload["_actor"],
        obj=claim.account,
        after={"role": role.code, "enterprise": claim.enterprise_id},
        reason=f"企业认领申请 #{claim.pk} 通过",
    )


def enterprise_claim_transition(
    *, actor, claim: EnterpriseClaim, action: str, reason: str = "", version: int | None = None
) -> EnterpriseClaim:
    from .workflow import CLAIM_FLOW

    payload = {"reason": reason} if reason else {}
    return CLAIM_FLOW.apply(claim, action, actor, expected_version=version, **payload)
