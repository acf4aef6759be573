"""Forms of the plans part: the yearly plan, a key enterprise, a cap override, classifying."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone

from anjian.core.forms import StyledForm
from anjian.core.pickers import Picker
from anjian.enterprises.models import Enterprise


class QuotasField(forms.CharField):
    """Twelve numbers, January to December, separated by spaces or commas."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return [0] * 12
        parts = [p for p in re.split(r"[\s,，、;；]+", text) if p]
        if len(parts) != 12 or not all(p.isdigit() for p in parts):
            raise forms.ValidationError("请填写 12 个非负整数（1 月至 12 月），用空格或逗号分隔。")
        return [int(p) for p in parts]

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return " ".join(str(v) for v in value)
        return value


class PlanForm(StyledForm, forms.Form):
    title = forms.CharField(label="计划名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    monthly_quotas = QuotasField(
        label="每月检查数量",
        required=False,
        help_text="12 个数字，依次为 1–12 月计划检查的企业家次，用空格分隔，如：2 1 3 3 3 2 2 2 3 3 3 2",
    )
    special_checks = forms.CharField(
        label="专项检查安排",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    propose = forms.BooleanField(
        label="按默认建议列入重点检查企业",
        required=False,
        initial=True,
        help_text="本辖区重大风险（红）企业、有重大危险源的企业、监管类别为最严类别的企业；"
        "已达年度检查次数上限的企业不列入。保存后可在计划页增删。",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and instance.pk:
            kwargs.setdefault(
                "initial",
                {
                    **kwargs.get("initial", {}),
                    "title": instance.title,
                    "year": instance.year,
                    "monthly_quotas": instance.monthly_quotas,
                    "special_checks": instance.special_checks,
                },
            )
        super().__init__(*args, **kwargs)
        if instance is not None and instance.pk:
            del self.fields["propose"]
            self.fields["year"].disabled = True
        else:
            self.fields["year"].initial = timezone.localdate().year


class KeyEnterpriseForm(StyledForm, forms.Form):
    enterprise = forms.ModelChoiceField(
        label="重点检查企业", queryset=Enterprise.objects.none(), widget=Picker("enterprise")
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["enterprise"].queryset = queryset


class OverrideForm(StyledForm, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    reason = forms.CharField(
        label="理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="说明超出年度检查次数上限仍须检查的原因，如：群众举报核查、事故调查。",
    )


class ClassifyForm(StyledForm, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
