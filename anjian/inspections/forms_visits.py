"""Forms of the visits part: planning an inspection, and one checklist card."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from anjian.core.forms import PhotosField, StyledForm
from anjian.core.pickers import Picker
from anjian.enterprises.models import Enterprise

from . import selectors_visits
from .choices import Becomes, Kind, Origin, Result
from .models import HazardDescription, Inspection, InspectionItem


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class LeadChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ItemChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        major = "【重大隐患判定】" if obj.major_criterion else ""
        return f"{obj.code} {obj.title}{major}"


class JointChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return selectors_visits.proposal_text(obj)


class InspectionForm(StyledForm, forms.Form):
    """安排检查. When other offices have planned the same enterprise within 14 days, the first
    submission stops with the proposal; the officer ticks the tasks to merge (or none) and
    submits again."""

    enterprise = forms.ModelChoiceField(
        label="被检查企业", queryset=Enterprise.objects.none(), widget=Picker("enterprise")
    )
    planned_on = forms.DateField(
        label="计划检查日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    origin = forms.ChoiceField(label="任务来源", choices=Origin.choices, initial=Origin.AD_HOC)
    kind = forms.ChoiceField(label="检查类别", choices=Kind.choices, initial=Kind.ROUTINE)
    basis = forms.CharField(label="检查依据", max_length=300, required=False)
    unannounced = forms.BooleanField(
        label="四不两直（不事先通知企业，开始检查前企业看不到本次检查）", required=False
    )
    team = PersonChoice(
        label="检查人员（两名以上持证执法人员）",
        queryset=Enterprise.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    lead = LeadChoice(label="主办检查人员", queryset=Enterprise.objects.none())
    experts = PersonChoice(
        label="随行专家",
        queryset=Enterprise.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    items = ItemChoice(
        label="检查事项",
        queryset=InspectionItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    joint = JointChoice(
        label="联合检查：并入其他部门的检查",
        queryset=Inspection.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    joint_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        today = timezone.localdate()
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")
        officers = selectors_visits.certified_officers(user.organisation_id or 0, today)
        self.fields["team"].queryset = officers
        self.fields["lead"].queryset = officers
        self.fields["experts"].queryset = selectors_visits.experts().order_by("pk")
        self.fields["items"].queryset = selectors_visits.items_for_enterprise(None)
        self.fields["joint"].queryset = Inspection.objects.none()
        if not self.is_bound:
            self.initial.setdefault("planned_on", today + timedelta(days=1))
            self.initial.setdefault("lead", user.pk)
        else:
            self.fields["joint"].queryset = self._proposals()
        if not self.fields["joint"].queryset.exists():  # nothing to merge: no empty heading
            self.fields["joint"].widget = forms.MultipleHiddenInput()

    def _proposals(self):
        enterprise_id, day = self.data.get("enterprise"), self.data.get("planned_on")
        try:
            day = forms.DateField().clean(day)
            enterprise_id = int(enterprise_id)
        except (forms.ValidationError, TypeError, ValueError):
            return Inspection.objects.none()
        found = selectors_visits.joint_candidates(
            self.user,
            enterprise_id=enterprise_id,
            planned_on=day,
            exclude_office_id=self.user.organisation_id,
        )
        return Inspection.objects.filter(pk__in=[i.pk for i in found]).select_related("office")

    def clean(self):
        data = super().clean()
        proposals = list(self.fields["joint"].queryset)
        seen = {int(x) for x in (self.data.get("joint_seen") or "").split(",") if x.isdigit()}
        if proposals and not {p.pk for p in proposals} <= seen:
            self.data = self.data.copy()
            self.data["joint_seen"] = ",".join(str(p.pk) for p in proposals)
            raise forms.ValidationError(
                "；".join(selectors_visits.proposal_text(p) for p in proposals)
                + "。请勾选要并入本次检查的任务（不并入则不勾选），再次提交。"
            )
        return data


class FindingForm(forms.Form):
    """One checklist card: the result, and for a 不符合 what it is and what it becomes."""

    result = forms.ChoiceField(choices=Result.choices)
    description = forms.ModelChoiceField(
        queryset=HazardDescription.objects.none(), required=False, empty_label="（自行描述）"
    )
    text = forms.CharField(max_length=300, required=False)
    note = forms.CharField(max_length=2000, required=False, widget=forms.Textarea)
    becomes = forms.ChoiceField(choices=[("", "不处理"), *Becomes.choices], required=False)
    deadline = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    facts = forms.CharField(max_length=2000, required=False, widget=forms.Textarea)
    provision = forms.CharField(max_length=200, required=False)
    photos = PhotosField(required=False)
    staged = forms.CharField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    lat = forms.DecimalField(required=False, widget=forms.HiddenInput)
    lon = forms.DecimalField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, item=None, **kwargs):
        kwargs.setdefault("auto_id", False)  # one form per card: no repeated element ids
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["description"].queryset = item.descriptions.all()
