"""Forms of enterprise onboarding: an account opened by the regulator, a self-registration."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from anjian.core.forms import StyledForm
from anjian.standards.mobile import MOBILE_RULE, normalize_mobile

from .choices import EnterpriseRoleCode

MOBILE_HINT = "11 位手机号，用于联系和核实身份。"


class MobileMixin:
    """The mobile number checked with the rule the service applies, with the other fields, so
    every error shows in one round."""

    cleaned_data: dict

    def clean_mobile(self) -> str:
        number = normalize_mobile(self.cleaned_data.get("mobile", ""))
        if number is None:
            raise ValidationError(f"手机号不正确：{MOBILE_RULE}。")
        return number


class EnterpriseAccountForm(MobileMixin, StyledForm, forms.Form):
    name = forms.CharField(label="姓名", max_length=30)
    mobile = forms.CharField(label="手机号", max_length=20, help_text=MOBILE_HINT)
    role = forms.ChoiceField(
        label="角色", choices=EnterpriseRoleCode.choices, initial=EnterpriseRoleCode.SAFETY_MANAGER
    )


class ClaimForm(MobileMixin, StyledForm, forms.Form):
    credit_code = forms.CharField(label="统一社会信用代码", max_length=30)
    enterprise_name = forms.CharField(
        label="单位名称", max_length=100, help_text="与营业执照和台帐登记的全称一致。"
    )
    applicant_name = forms.CharField(label="申请人姓名", max_length=30)
    mobile = forms.CharField(label="手机号", max_length=20, help_text=MOBILE_HINT)
    role = forms.ChoiceField(
        label="申请角色",
        choices=EnterpriseRoleCode.choices,
        initial=EnterpriseRoleCode.SAFETY_MANAGER,
    )
    password = forms.CharField(
        label="设置登录密码",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少 8 位，含大写字母、小写字母、数字、符号中的三类。",
    )
