"""API authentication: session cookie with CSRF for the browser, bearer tokens for integrations."""

from ninja.security import HttpBearer, django_auth

from .services_tokens import PasswordChangeRequired, must_change_password, token_check


class BearerToken(HttpBearer):
    openapi_description = "POST /api/v1/auth/token 获取的令牌：Authorization: Bearer <token>"

    def authenticate(self, request, token: str):
        found = token_check(token)
        if found is None:
            return None
        user = found.user
        if must_change_password(user):  # e.g. a password that expired after the token was issued
            raise PasswordChangeRequired()
        request.user = user
        request.api_token = found
        return user


BEARER = BearerToken()
API_AUTH = [BEARER, django_auth]
