"""Enterprise onboarding pages (mounted at /accounts/ in the `accounts` namespace)."""

from django.urls import include, path

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
    path("claim/", views.claim_submit, name="claim-submit"),
    path("claims/", include((claims, "claims"))),
    path(
        "enterprises/<int:pk>/accounts/new/",
        views.enterprise_account_open,
        name="enterprise-account-open",
    ),
]
