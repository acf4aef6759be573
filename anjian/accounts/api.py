from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema

from anjian.core.schemas import ERRORS, ErrorOut

from . import services

router = Router(tags=["账号"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: datetime


class MeOut(Schema):
    id: int
    username: str
    name: str
    roles: list[str]


@router.post(
    "/auth/token", auth=None, response={200: TokenOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut}
)
def issue_token(request, payload: TokenIn):
    """用用户名和密码换取接口令牌，之后以 `Authorization: Bearer <token>` 调用接口。"""
    raw, token = services.token_issue(
        request=request, username=payload.username, password=payload.password
    )
    return {"token": raw, "expires_at": token.expires_at}


@router.get("/users/me", response={200: MeOut, **ERRORS})
def me(request):
    """当前登录用户。"""
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.get_full_name(),
        "roles": sorted(g.name for g in user.groups.all()),
    }
