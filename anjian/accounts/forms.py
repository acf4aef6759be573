from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict

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

    @classmethod
    def refused(cls, request, message: str, username: str = "") -> LoginForm:
        """A form showing why an attempt was refused before its password was looked at."""
        form = cls(request, initial={"username": username})
        form._errors = ErrorDict(
            {NON_FIELD_ERRORS: form.error_class([message], error_class="nonfield")}
        )
        return form
