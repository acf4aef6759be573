from django.contrib.auth import views as auth_views
from django.urls import include, path

from .forms import LoginForm

URL_PREFIX = "accounts/"
app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("anjian.accounts.urls_account")),
    path("admin/", include("anjian.accounts.urls_admin")),
    path("security/", include("anjian.accounts.urls_security")),
    path("", include("anjian.accounts.urls_onboarding")),
]
