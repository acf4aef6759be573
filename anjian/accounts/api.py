from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from anjian.core.pagination import paginate
from anjian.core.records.api import WRITE_ERRORS, add_transitions, transition_schema, with_actions
from anjian.core.schemas import ERRORS, ErrorOut, Page, PageQuery
from anjian.enterprises import selectors as enterprise_selectors

from . import selectors, services_onboarding, services_tokens
from .auth import BEARER
from .filters import OrganisationFilters
from .models import Organisation
from .workflow import CLAIM_FLOW

router = Router(tags=["账号与单位"])


class TokenIn(Schema):
    username: str
    password: str
    otp: str = ""


class TokenOut(Schema):
    token: str
    expires_at: datetime


class OrgRef(Schema):
    id: int
    name: str
    kind: str


class ScopeOut(Schema):
    kind: str
    region_code: str | None
    industries: list[str]
    enterprise: int | None
    grid: int | None


class MeOut(Schema):
    id: int
    username: str
    name: str
    roles: list[str]
    organisation: OrgRef | None
    scope: ScopeOut
    permissions: list[str]


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    region_code: str
    region_name: str
    industries: list[str]
    enterprise: int | None

    @staticmethod
    def resolve_region_name(obj: Organisation) -> str:
        return obj.region.name

    @staticmethod
    def resolve_industries(obj: Organisation) -> list[str]:
        return [s.code for s in obj.sectors.all()]

    @staticmethod
    def resolve_enterprise(obj: Organisation) -> int | None:
        return obj.enterprise_id


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
)
def issue_token(request, payload: TokenIn):
    """用用户名和密码（启用双因素认证的账号另加 `otp` 验证码）换取接口令牌。

    之后以 `Authorization: Bearer <token>` 调用接口。令牌在空闲超时（与网页会话相同）、
    注销、修改或重置密码、账号停用、被吊销后失效。初始密码或已过期的密码得不到令牌
    （403 `password_change_required`），须先登录网页修改密码。同一地址连续失败会锁定该
    地址上的这个账号，提示与密码错误相同；失败过多时返回 429 并给出 `Retry-After`。
    """
    raw, token = services_tokens.token_issue(
        request=request, username=payload.username, password=payload.password, otp=payload.otp
    )
    return {"token": raw, "expires_at": token.expires_at}


@router.delete("/auth/token", auth=BEARER, response={204: None, **ERRORS})
def revoke_token(request):
    """注销当前令牌（接口的“退出登录”）：之后用它调用任何接口都返回 401。"""
    services_tokens.token_logout(token=request.api_token)
    return Status(204, None)


@router.get("/users/me", response={200: MeOut, **ERRORS})
def me(request):
    """当前用户：角色、单位与数据范围（scope）。"""
    return selectors.me(request.user)


@router.get("/organisations", response={200: Page[OrganisationOut], **ERRORS}, exclude_unset=True)
def organisations(request, filters: Query[OrganisationFilters], page: Query[PageQuery]):
    """我辖区内的单位（部门、安全站、企业）。"""
    qs = selectors.organisations_for(request.user, filters)
    return paginate(
        qs, order=("id",), cursor=page.cursor, limit=page.limit, with_count=page.with_count
    )


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **ERRORS})
def organisation(request, organisation_id: int):
    """一个单位（不在辖区内与不存在同样返回 404）。"""
    return selectors.organisations_for(request.user).get_visible(request.user, pk=organisation_id)


# ---- enterprise onboarding ------------------------------------------------------------------


class EnterpriseAccountIn(Schema):
    name: str = Field(..., min_length=1, max_length=30, description="姓名")
    mobile: str = Field(..., max_length=20, description="手机号（11 位，作为登录名）")
    role: Literal["safety_manager", "principal"] = Field(..., description="企业角色")


class EnterpriseAccountOut(Schema):
    id: int
    username: str
    name: str
    role: str
    one_time_password: str = Field(..., description="一次性密码，只显示这一次，首次登录须修改")


@router.post(
    "/enterprises/{enterprise_id}/accounts",
    response={201: EnterpriseAccountOut, **WRITE_ERRORS},
    operation_id="enterprise_account_open",
)
def enterprise_account_open(request, enterprise_id: int, payload: EnterpriseAccountIn):
    """为辖区内企业开通账号（安全管理员或主要负责人）。

    只能授予企业角色；登录名为手机号，一次性密码只在此次响应中出现，首次登录须修改。
    不在辖区内或不存在的企业返回 404。"""
    enterprise = enterprise_selectors.enterprise_for(request.user, enterprise_id)
    user, password = services_onboarding.enterprise_account_open(
        actor=request.user, enterprise=enterprise, **payload.dict()
    )
    out = {"id": user.pk, "username": user.username, "name": user.display_name}
    return Status(201, {**out, "role": payload.role, "one_time_password": password})


class ClaimIn(Schema):
    credit_code: str = Field(..., max_length=30, description="统一社会信用代码")
    enterprise_name: str = Field(..., max_length=100, description="单位名称（与台帐一致）")
    applicant_name: str = Field(..., max_length=30, description="申请人姓名")
    mobile: str = Field(..., max_length=20, description="手机号（作为登录名）")
    password: str = Field(..., max_length=128, description="登录密码（须符合密码策略）")
    role: Literal["safety_manager", "principal"] = "safety_manager"


class ClaimOut(Schema):
    id: int
    status: str
    enterprise: int
    enterprise_name: str
    applicant_name: str
    role: str
    username: str
    actions: list[str] = []

    @staticmethod
    def resolve_enterprise(obj) -> int:
        return obj.enterprise_id

    @staticmethod
    def resolve_username(obj) -> str:
        return obj.account.username


@router.post(
    "/enterprise-claims",
    auth=None,
    response={201: ClaimOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    operation_id="enterprise_claim_submit",
)
def enterprise_claim_submit(request, payload: ClaimIn):
    """企业认领（自助注册，无需登录）：按统一社会信用代码申请本企业的第一个账号。

    企业须已在台帐中、尚无启用的账号且没有正在审核的申请；账号在属地安全站或行业部门
    审核通过后启用。同一地址每小时最多提交 5 次（超出返回 429）。"""
    return Status(201, services_onboarding.enterprise_claim_submit(**payload.dict()))


add_transitions(
    router,
    "/enterprise-claims/{claim_id}/transitions",
    id_name="claim_id",
    payload=transition_schema(CLAIM_FLOW),
    out=ClaimOut,
    get=with_actions(selectors.claim_for, CLAIM_FLOW),
    transition=lambda user, obj, action, version, data: (
        services_onboarding.enterprise_claim_transition(
            actor=user, claim=obj, action=action, version=version, **data
        )
    ),
    name="enterprise_claim_transition",
    doc="审核企业认领申请：approve 通过（账号启用并获得企业角色）/ reject 驳回（须填写 reason）。",
)
