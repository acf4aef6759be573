"""Enterprise onboarding pages (mounted at /accounts/ in the `accounts` namespace)."""

from django.urls import include, path

from anjian.core import nav

from . import views_onboarding as views
from .records import CLAIM_SCREEN

claims = [
    path("", views.claim_list, name="list"),
    path("<int:pk>/", views.claim_detail, name="detail"),
    path(
        "<int:pk>/actions/<str:action>/",
        CLAIM_SCREEN.view(),
        name="action",
    ),
]

urlpatterns = [
    path(
        "enterprise-accounts/import/",
        views.enterprise_accounts_import,
        name="enterprise-accounts-import",
    ),
    path(
        "enterprise-accounts/import/template/",
        views.enterprise_accounts_template,
        name="enterprise-accounts-import-template",
    ),
    path("claim/", views.claim_submit, name="claim-submit"),
    path("claims/", include((claims, "claims"))),
    path(
        "enterprises/<int:pk>/accounts/new/",
        views.enterprise_account_open,
        name="enterprise-account-open",
    ),
    path(
        "enterprises/<int:pk>/memberships/end/",
        views.enterprise_membership_end,
        name="enterprise-membership-end",
    ),
]

nav.register(
    "enterprise-claims",
    "企业认领与账号",
    "accounts:claims:list",
    icon="user-check",
    order=15,
    visible=lambda user: user.has_perm("accounts.view_enterpriseclaim"),
)
