"""Security administrator pages, mounted at /accounts/security/ (namespace `accounts:security`)."""

from django.urls import path

from anjian.core import nav

from . import views_security as views

app_name = "security"
urlpatterns = [
    path("roles/", views.role_list, name="roles"),
    path("roles/<int:pk>/", views.role_edit, name="role"),
    path("policy/", views.policy_edit, name="policy"),
    path("users/", views.user_list, name="users"),
    path("users/<int:pk>/", views.user_roles, name="user"),
    path("users/<int:pk>/reset-password/", views.user_reset_password, name="user-reset"),
    path("users/<int:pk>/tokens/revoke/", views.user_tokens_revoke, name="user-tokens-revoke"),
    path("lockouts/", views.lockout_list, name="lockouts"),
    path("lockouts/unlock/", views.lockout_unlock, name="unlock"),
]


def _can(perm: str):
    return lambda user: user.is_authenticated and user.has_perm(perm)


nav.register(
    "security-roles",
    "角色与权限",
    "accounts:security:roles",
    icon="users-group",
    order=810,
    visible=_can(views.ROLE_PERMISSION),
)
nav.register(
    "security-users",
    "账号角色",
    "accounts:security:users",
    icon="user-cog",
    order=815,
    visible=_can(views.ASSIGN_PERMISSION),
)
nav.register(
    "security-policy",
    "安全策略",
    "accounts:security:policy",
    icon="shield-lock",
    order=820,
    visible=_can(views.POLICY_PERMISSION),
)
nav.register(
    "security-lockouts",
    "账号解锁",
    "accounts:security:lockouts",
    icon="lock-open",
    order=830,
    visible=_can(views.UNLOCK_PERMISSION),
)
