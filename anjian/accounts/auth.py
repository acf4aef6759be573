"""API authentication: session cookie with CSRF for the browser, bearer tokens for integrations."""

from ninja.security import HttpBearer, django_auth

from .services import token_user


class BearerToken(HttpBearer):
    openapi_description = "POST /api/v1/auth/token 获取的令牌：Authorization: Bearer <token>"

    def authenticate(self, request, token: str):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


API_AUTH = [BearerToken(), django_auth]
