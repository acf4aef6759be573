from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .policy import BAD_CREDENTIALS


class LoginForm(AuthenticationForm):
    """Login with one message for unknown user, wrong password and inactive account."""

    error_messages = {"invalid_login": BAD_CREDENTIALS, "inactive": BAD_CREDENTIALS}

    username = forms.CharField(
        label="用户名",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
