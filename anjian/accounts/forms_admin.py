"""Forms of the system administrator's pages: accounts and organisations.

Forms only parse and check what was typed; the services do the writing and the rules.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from anjian.core.forms import StyledForm, clean_phone
from anjian.regions.selectors import Grid, Region, Sector

from .choices import OrgKind
from .models import Organisation


class UserForm(StyledForm, forms.Form):
    """An account: who it is and where they work. What they may do (roles) is the security
    administrator's to decide (三权分立)."""

    username = forms.CharField(
        label="用户名",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="登录用的名字，不区分大小写；创建后不能修改。",
    )
    display_name = forms.CharField(label="姓名", max_length=60)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    organisation = forms.ModelChoiceField(
        label="单位", queryset=Organisation.objects.none(), empty_label="请选择单位"
    )
    grid = forms.ModelChoiceField(
        label="负责网格",
        queryset=Grid.objects.none(),
        required=False,
        empty_label="不负责网格",
        help_text="网格员须选择；网格员只能看到本网格的数据。",
    )

    def __init__(self, *args, actor, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["username"]
        self.fields["organisation"].queryset = Organisation.objects.visible_to(actor).filter(
            is_active=True
        )
        self.fields["grid"].queryset = (
            Grid.objects.visible_to(actor).filter(is_active=True).select_related("township")
        )
        self.fields["grid"].label_from_instance = lambda g: f"{g.township.name} · {g.name}"

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip()

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def service_fields(self) -> dict:
        data = self.cleaned_data
        names = ("display_name", "phone", "organisation", "grid")
        return {name: data[name] for name in names}


def user_initial(user) -> dict:
    return {
        "display_name": user.display_name,
        "phone": user.phone,
        "organisation": user.organisation_id,
        "grid": user.grid_id,
    }


class ActiveForm(StyledForm, forms.Form):
    """Disabling or enabling an account always says why (it goes into the audit log)."""

    reason = forms.CharField(
        label="原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写原因，它会记入审计日志。"},
    )


class OrganisationForm(StyledForm, forms.ModelForm):
    """A department, station or other unit; enterprises get theirs from the enterprise registry."""

    class Meta:
        model = Organisation
        fields = ["name", "kind", "region", "sectors", "is_active"]
        widgets = {"sectors": forms.CheckboxSelectMultiple}
        help_texts = {
            "sectors": "勾选该部门监管的行业（管行业必须管安全）。不勾选表示监管全部行业，"
            "如应急管理局、乡镇安全站。",
            "region": "单位的管辖范围是这个区划及其下级。",
        }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = Region.objects.visible_to(actor).filter(is_active=True)
        region.label_from_instance = lambda r: f"{r.code[: len(r.prefix)]} {r.name}"
        self.fields["sectors"].queryset = Sector.objects.filter(is_active=True)
        kind = self.fields["kind"]
        if self.instance.pk and self.instance.kind == OrgKind.ENTERPRISE:
            kind.disabled = True
        else:
            kind.choices = [c for c in OrgKind.choices if c[0] != OrgKind.ENTERPRISE]
