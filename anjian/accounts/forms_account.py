"""Forms of the "my account" and security administrator pages (parsing only; rules live in services)."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib.auth.models import Permission

from anjian.core.forms import StyledForm

from .models import Role, SecurityPolicy
from .services_security import AUDIT_LOG_PERMISSIONS, POLICY_FIELDS

ACTIONS = {"add": "新增", "change": "修改", "delete": "删除", "view": "查看"}
# Bookkeeping tables written only by the system itself: their permissions grant nothing.
INTERNAL_MODELS = {
    ("accounts", "passwordhistory"),
    ("accounts", "usersession"),
    ("accounts", "userrole"),
}
CORE_GROUP = "审计日志"
POLICY_HELP = {
    "min_length": "不得小于 8 位（等保三级），建议 12 位。",
    "min_classes": "大写字母、小写字母、数字、符号四类中至少几类，1–4，建议 3。",
    "expiry_days": "1–90 天，到期后登录时须修改密码。",
    "history": "新密码不得与最近几次相同，0 表示不检查，建议 5。",
    "lockout_failures": "同一账号在同一地址连续失败的次数，1–10 次，建议 5 次。",
    "lockout_minutes": "锁定期满自动解锁，建议 30 分钟；按地址限流和账号减速也以此为统计时长。",
    "idle_minutes": "1–30 分钟无操作即退出登录。",
    "absolute_hours": "登录满此时长须重新登录，建议 12 小时。",
    "inactive_days": "连续多少天未登录的账号自动停用，0 表示不停用。",
    "require_otp_for_government": "三类管理员始终须启用双因素认证，与此项无关。",
}


class PasswordChangeForm(StyledForm, forms.Form):
    old_password = forms.CharField(
        label="原密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label="新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="再次输入新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "两次输入的新密码不一致。")
        return data


class OtpTokenForm(StyledForm, forms.Form):
    token = forms.CharField(
        label="6 位验证码",
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "placeholder": "123456",
            }
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError("请输入身份验证器上显示的 6 位数字。")
        return token


class PolicyForm(StyledForm, forms.Form):
    """Every field of the security policy, with the model's labels and the 等保 bounds as help."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(SecurityPolicy, fields=POLICY_FIELDS))
        for name, field in self.fields.items():
            field.help_text = POLICY_HELP.get(name, "")
        self.style_widgets()

    @staticmethod
    def initial_for(policy: SecurityPolicy) -> dict:
        return forms.model_to_dict(policy, fields=POLICY_FIELDS)


def permission_label(perm: Permission) -> str:
    """The Chinese name of a permission (Django names the default ones in English)."""
    if not perm.name.startswith("Can "):
        return perm.name
    action, _, _model = perm.codename.partition("_")
    model = perm.content_type.model_class()
    noun = model._meta.verbose_name if model is not None else perm.content_type.model
    return f"{ACTIONS.get(action, action)}{noun}"


def permission_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grantable permissions by app: anjian's apps, plus only the audit-log ones of core."""
    configs = {c.label: c for c in apps.get_app_configs() if c.name.startswith("anjian.")}
    perms = Permission.objects.filter(content_type__app_label__in=configs).select_related(
        "content_type"
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for perm in perms.order_by("content_type__app_label", "content_type__model", "codename"):
        app_label = perm.content_type.app_label
        code = f"{app_label}.{perm.codename}"
        if (app_label, perm.content_type.model) in INTERNAL_MODELS:
            continue
        if app_label == "core" and code not in AUDIT_LOG_PERMISSIONS:
            continue
        groups.setdefault(app_label, []).append((code, permission_label(perm)))
    return [
        (CORE_GROUP if label == "core" else str(configs[label].verbose_name), items)
        for label, items in groups.items()
    ]


class RolePermissionsForm(forms.Form):
    permissions = forms.MultipleChoiceField(
        label="权限", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.fields["permissions"].choices = groups
        self.fields["permissions"].error_messages["invalid_choice"] = (
            "权限代码 %(value)s 不可授予。"
        )

    @property
    def shown_codes(self) -> set[str]:
        return {code for _, items in self.groups for code, _ in items}


class UserRolesForm(StyledForm, forms.Form):
    """The roles of one account, chosen by the security administrator."""

    roles = forms.ModelMultipleChoiceField(
        label="角色",
        queryset=Role.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="首次分配角色时系统发放一次性初始密码，只显示一次；一个账号最多担任一种管理员角色。",
    )
