from __future__ import annotations

from datetime import datetime

from ninja import Query, Router, Schema, Status

from anjian.core.pagination import paginate
from anjian.core.schemas import ERRORS, ErrorOut, Page, PageQuery

from . import selectors, services_tokens
from .auth import BEARER
from .filters import OrganisationFilters
from .models import Organisation

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
