"""Forms of the draws part: an officer's profile, a declared conflict, a new draw."""

from __future__ import annotations

from django import forms

from anjian.accounts.models import User
from anjian.core.choices import RiskGrade
from anjian.enterprises.models import Enterprise
from anjian.regions.models import Sector

from .models import InspectionPlan
from .services_draws import MAX_COUNT

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class ProfileForm(forms.Form):
    user = forms.ModelChoiceField(
        label="人员", queryset=User.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    certificate_number = forms.CharField(
        label="行政执法证号",
        max_length=30,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric", "autocomplete": "off"}),
        help_text="8 至 20 位数字或大写字母，按执法证填写。",
    )
    certificate_expires_on = forms.DateField(label="执法证有效期至", widget=DATE)
    is_active = forms.BooleanField(
        label="在执法人员库中（参加双随机抽取）",
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users if users is not None else User.objects.none()
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username


class ConflictForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label="需回避的企业", queryset=Enterprise.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    reason = forms.CharField(
        label="回避理由",
        max_length=200,
        widget=forms.TextInput(attrs={**TEXT, "placeholder": "如：配偶在该企业任职"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        rows = Enterprise.objects.visible_to(user).order_by("name") if user else None
        self.fields["enterprise"].queryset = rows if rows is not None else Enterprise.objects.none()


class DrawForm(forms.Form):
    title = forms.CharField(
        label="抽查任务",
        max_length=100,
        widget=forms.TextInput(attrs={**TEXT, "placeholder": "如：2026 年第三季度危化企业抽查"}),
    )
    planned_on = forms.DateField(label="计划检查日期", widget=DATE)
    count = forms.IntegerField(
        label="抽取企业数",
        min_value=1,
        max_value=MAX_COUNT,
        widget=forms.NumberInput(attrs=TEXT),
    )
    team_size = forms.IntegerField(
        label="每组执法人员数",
        min_value=2,
        max_value=10,
        initial=2,
        widget=forms.NumberInput(attrs=TEXT),
        help_text="至少两名（安全生产法第六十七条）。",
    )
    experts_per_team = forms.IntegerField(
        label="每组专家数",
        min_value=0,
        max_value=5,
        initial=0,
        widget=forms.NumberInput(attrs=TEXT),
    )
    sector = forms.ChoiceField(label="行业", required=False, widget=forms.Select(attrs=SELECT))
    risk_grade = forms.ChoiceField(
        label="风险等级",
        required=False,
        choices=[("", "不限"), *RiskGrade.choices],
        widget=forms.Select(attrs=SELECT),
    )
    category = forms.CharField(
        label="监管类别",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={**TEXT, "placeholder": "不限"}),
        help_text="按本年度的企业监管类别筛选，如“三级类”；留空不限。",
    )
    plan = forms.ModelChoiceField(
        label="所属年度计划",
        required=False,
        queryset=InspectionPlan.objects.none(),
        widget=forms.Select(attrs=SELECT),
    )
    key = forms.ChoiceField(
        label="重点检查企业",
        required=False,
        choices=[("", "不限"), ("yes", "只抽计划中的重点企业"), ("no", "排除计划中的重点企业")],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        sectors = Sector.objects.filter(is_active=True).order_by("order", "name")
        self.fields["sector"].choices = [("", "不限"), *sectors.values_list("code", "name")]
        if user is not None:
            self.fields["plan"].queryset = InspectionPlan.objects.visible_to(user).order_by("-year")

    def pool_filters(self) -> dict[str, str]:
        data = self.cleaned_data
        return {k: data.get(k) or "" for k in ("sector", "risk_grade", "category", "key")}
