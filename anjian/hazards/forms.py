"""Forms of the hazard pages: they parse what was typed; the services check and write.

Each workflow dialog has its form; `payload()` turns the cleaned data into the keyword arguments
of `services.hazard_transition` (the same names as the API). Signatures come as a method and,
for a handwritten one, a PNG data URL drawn on the page's signature pad.
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from anjian.core.forms import (
    DATE,
    PhotosField,
    SignedForm,
    VersionedForm,
    text_area,
)
from anjian.enterprises import selectors as registry
from anjian.enterprises.selectors import Enterprise

from .choices import PLAN_PARTS, Category, Grade, ListingLevel, Source
from .models import SubCategory
from .rules import is_regulator
from .services import _source_allowed

# ---- report -------------------------------------------------------------------------------


class SubCategorySelect(forms.Select):
    """Each option carries its 大类 so the page can show only the matching 小类."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-category"] = instance.category
        return option


def source_choices(user) -> list[tuple[str, str]]:
    return [(value, label) for value, label in Source.choices if _source_allowed(user, value)]


def may_grade(user) -> bool:
    """Regulators and the enterprise itself may grade at report time; others leave it to confirm."""
    return is_regulator(user) or user.scope.kind == "enterprise"


class ReportForm(SignedForm):
    enterprise = forms.ModelChoiceField(
        label="企业", queryset=Enterprise.objects.none(), empty_label="请选择企业"
    )
    location = forms.CharField(
        label="部位/设备",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "如：2号储罐区、配电室"}),
    )
    description = text_area(
        "隐患描述", rows=4, placeholder="看到了什么问题，在哪里，可能造成什么后果"
    )
    category = forms.ChoiceField(label="大类", choices=Category.choices, initial=Category.SITE)
    subcategory = forms.ModelChoiceField(
        label="小类",
        required=False,
        empty_label="（不选）",
        queryset=SubCategory.objects.filter(is_active=True),
        widget=SubCategorySelect,
    )
    grade = forms.ChoiceField(
        label="等级", required=False, choices=[("", "暂不定级（确认时定级）"), *Grade.choices]
    )
    source = forms.ChoiceField(label="来源", choices=())
    photos = PhotosField(
        label="现场照片（整改前）",
        help_text="可拍照或从相册选择多张；确认前须至少一张。",
        error_messages={"required": "请至少拍摄一张隐患现场照片。"},
    )

    field_order = [
        "enterprise",
        "location",
        "description",
        "category",
        "subcategory",
        "grade",
        "source",
        "photos",
        "signature_method",
        "signature_image",
    ]

    def __init__(self, *args, user, **kwargs):
        scope = user.scope
        if scope.kind == "enterprise":
            kwargs.setdefault("initial", {})["enterprise"] = scope.enterprise_id
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["enterprise"].queryset = Enterprise.objects.visible_to(user).live().order_by("name")
        choices = source_choices(user)
        fields["source"].choices = choices
        fields["source"].initial = choices[0][0] if choices else None
        if not may_grade(user):
            del fields["grade"]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "enterprise": data["enterprise"],
            "location": data["location"],
            "description": data["description"],
            "category": data["category"],
            "subcategory": data.get("subcategory"),
            "grade": data.get("grade") or "",
            "source": data["source"],
            "signature": self.signature(),
        }

    def clean(self):
        data = super().clean()
        sub = data.get("subcategory")
        if sub and sub.category != data.get("category"):
            self.add_error("subcategory", "小类与所选大类不一致。")
        return data


# ---- workflow dialogs ---------------------------------------------------------------------


def _plan(key: str) -> forms.CharField:
    return text_area(dict(PLAN_PARTS)[key], rows=2, required=False)


class ConfirmForm(VersionedForm):
    grade = forms.ChoiceField(label="隐患等级", choices=Grade.choices)
    deadline = forms.DateField(label="整改期限", widget=DATE)
    responsible_person = forms.CharField(label="整改责任人", max_length=30)
    measures = text_area("整改措施")
    cost = forms.DecimalField(
        label="整改资金（万元）", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    plan_goals = _plan("goals")
    plan_measures = _plan("measures")
    plan_funds_and_materials = _plan("funds_and_materials")
    plan_organisation_and_people = _plan("organisation_and_people")
    plan_deadline_and_requirements = _plan("deadline_and_requirements")
    plan_safety_and_emergency = _plan("safety_and_emergency")

    def __init__(self, *args, hazard, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("grade", hazard.grade or Grade.GENERAL)
        initial.setdefault("deadline", timezone.localdate() + timedelta(days=7))
        super().__init__(*args, **kwargs)
        self.fields["deadline"].widget.attrs["min"] = timezone.localdate().isoformat()

    def plan_fields(self):
        return [self[f"plan_{key}"] for key, _ in PLAN_PARTS]

    def clean(self):
        data = super().clean()
        if data.get("grade") == Grade.MAJOR:
            for key, label in PLAN_PARTS:
                if not (data.get(f"plan_{key}") or "").strip():
                    self.add_error(f"plan_{key}", f"重大隐患须填写“{label}”（16号令第十五条）。")
        return data

    def payload(self) -> dict:
        data = self.cleaned_data
        out = {name: data[name] for name in ("grade", "deadline", "responsible_person", "measures")}
        out["cost"] = data.get("cost")
        if data["grade"] == Grade.MAJOR:
            out["plan"] = {key: data[f"plan_{key}"] for key, _ in PLAN_PARTS}
        return out


class ExtendForm(VersionedForm):
    deadline = forms.DateField(label="新的整改期限", widget=DATE)
    reason = text_area("延期原因", rows=2, max_length=500)

    def __init__(self, *args, hazard, **kwargs):
        if hazard.deadline:
            kwargs.setdefault("initial", {})["deadline"] = hazard.deadline + timedelta(days=7)
        super().__init__(*args, **kwargs)

    def payload(self) -> dict:
        return {"deadline": self.cleaned_data["deadline"], "reason": self.cleaned_data["reason"]}


class SubmitForm(VersionedForm, SignedForm):
    note = text_area("整改情况", placeholder="做了哪些整改，现在的状况")
    cost = forms.DecimalField(
        label="整改资金（万元）", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    photos = PhotosField(
        label="整改后照片", required=False, help_text="在同一位置、同一角度拍摄，便于验收对照。"
    )

    field_order = ["note", "cost", "photos", "signature_method", "signature_image", "version"]

    def __init__(self, *args, hazard, **kwargs):
        if hazard.cost is not None:
            kwargs.setdefault("initial", {})["cost"] = hazard.cost
        super().__init__(*args, **kwargs)

    def payload(self) -> dict:
        data = self.cleaned_data
        return {"note": data["note"], "cost": data.get("cost"), "signature": self.signature()}


class AcceptForm(VersionedForm, SignedForm):
    opinion = text_area(
        "验收意见", rows=3, placeholder="如：经现场核查，隐患已整改到位，同意销号。"
    )
    no_photo_reason = forms.CharField(label="无整改后照片的原因", max_length=200, required=False)

    field_order = ["opinion", "no_photo_reason", "signature_method", "signature_image", "version"]

    def __init__(self, *args, hazard, has_after_photos: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if has_after_photos:
            del self.fields["no_photo_reason"]
        else:
            self.fields["no_photo_reason"].required = True
            self.fields["no_photo_reason"].error_messages["required"] = (
                "没有整改后照片，请说明原因（如：现场核查确认，隐患部位已拆除）。"
            )

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "opinion": data["opinion"],
            "no_photo_reason": data.get("no_photo_reason") or None,
            "signature": self.signature(),
        }


REASON_LABELS = {"reject": "退回原因", "void": "作废原因", "unlist": "解除督办原因"}


class ReasonForm(VersionedForm):
    reason = text_area("原因", rows=3, max_length=500)

    def __init__(self, *args, hazard, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = REASON_LABELS.get(action, "原因")
        self.fields["reason"].error_messages["required"] = "请填写原因，它会记入流转记录。"

    def payload(self) -> dict:
        return {"reason": self.cleaned_data["reason"]}


class ListForm(VersionedForm):
    level = forms.ChoiceField(
        label="督办层级", choices=ListingLevel.choices, initial=ListingLevel.DISTRICT
    )
    office = forms.CharField(
        label="督办单位",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：××区安全生产委员会办公室"}),
    )
    due = forms.DateField(label="督办期限", widget=DATE)

    def __init__(self, *args, hazard, **kwargs):
        if hazard.deadline:
            kwargs.setdefault("initial", {})["due"] = hazard.deadline
        super().__init__(*args, **kwargs)

    def payload(self) -> dict:
        data = self.cleaned_data
        return {"level": data["level"], "office": data["office"], "due": data["due"]}


# ---- list and statistics filters ----------------------------------------------------------

MAX_ENTERPRISE_CHOICES = 100  # more than this and the enterprise filter comes from links only


def region_options(user, filters=None) -> list[tuple[str, str]]:
    """Districts and townships this user can see, as the registry's filters show them."""
    return registry.region_options(user)


def sector_options(user, filters=None) -> list[tuple[str, str]]:
    return registry.sector_options(user)


def enterprise_options(user, filters=None) -> list[tuple[int, str]] | None:
    """The enterprises in scope, or None (the filter then only comes from links) when many."""
    enterprises = list(
        Enterprise.objects.visible_to(user)
        .live()
        .order_by("name")
        .values_list("pk", "name")[: MAX_ENTERPRISE_CHOICES + 1]
    )
    return enterprises if len(enterprises) <= MAX_ENTERPRISE_CHOICES else None


def quarter_of(day) -> tuple:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    last_month = first.month + 2
    following = date(day.year + (last_month == 12), last_month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def stats_periods(today) -> list[tuple[str, tuple]]:
    """Quick choices of the statistics period: this and last quarter, this and last year."""
    this = quarter_of(today)
    last = quarter_of(this[0] - timedelta(days=1))
    return [
        ("本季度", this),
        ("上季度", last),
        ("本年度", (date(today.year, 1, 1), date(today.year, 12, 31))),
        ("上年度", (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))),
    ]
