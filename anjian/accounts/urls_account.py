"""My account pages, mounted at /accounts/ in the `accounts` namespace."""

from django.urls import path

from anjian.core import nav

from . import views_account as views

urlpatterns = [
    path("me/", views.me, name="me"),
    path("password/", views.password_change, name="password"),
    path("otp/setup/", views.otp_setup, name="otp-setup"),
    path("otp/verify/", views.otp_verify, name="otp-verify"),
    path("otp/remove/", views.otp_remove, name="otp-remove"),
    path("sessions/<int:pk>/revoke/", views.session_revoke, name="session-revoke"),
    path("tokens/revoke/", views.token_revoke, name="token-revoke"),
]

nav.register("account", "账号安全", "accounts:me", icon="user-shield", order=900)
