"""Forms of the hazard pages: they parse what was typed; the services check and write.

Each workflow dialog has its form; `payload()` turns the cleaned data into the keyword arguments
of `services.hazard_transition` (the same names as the API). Signatures come as a method and,
for a handwritten one, a PNG data URL drawn on the page's signature pad.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from anjian.core.forms import DATE, PhotosField, SignedForm, VersionedForm, text_area
from anjian.core.pickers import Picker
from anjian.enterprises.selectors import Enterprise

from .choices import LEVEL_RANK, Grade, ListingLevel, Source
from .models import Hazard, SubCategory
from .responsibility import offices_at_level
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


REPORTED = ["enterprise", "location", "description", "category", "subcategory", "grade", "source"]


class ReportForm(SignedForm, forms.ModelForm):
    enterprise = forms.ModelChoiceField(
        label="企业", queryset=Enterprise.objects.none(), widget=Picker("enterprise")
    )
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
    photos = PhotosField(
        label="现场照片（整改前）",
        required=False,
        help_text="可拍照或从相册选择多张；确认前须至少一张。",
    )
    # photos already stored from an earlier, refused submission of this form (staged uploads)
    kept_photos = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = [*REPORTED, "photos"]

    class Meta:
        model = Hazard
        fields = REPORTED
        widgets = {
            "location": forms.TextInput(attrs={"placeholder": "如：2号储罐区、配电室"}),
            "description": forms.Textarea(
                attrs={"rows": 4, "placeholder": "看到了什么问题，在哪里，可能造成什么后果"}
            ),
        }

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
        data = {name: self.cleaned_data.get(name) for name in REPORTED}
        return {**data, "grade": data["grade"] or "", "signature": self.signature()}

    def clean(self):
        data = super().clean()
        sub = data.get("subcategory")
        if sub and sub.category != data.get("category"):
            self.add_error("subcategory", "小类与所选大类不一致。")
        if not data.get("photos") and not self.kept_ids():
            self.add_error("photos", "请至少拍摄一张隐患现场照片。")
        return data

    def kept_ids(self) -> list[int]:
        raw = str(self.data.get("kept_photos") or "")
        return [int(part) for part in raw.split(",") if part.strip().isdigit()]

    def keep(self, ids: list[int]) -> None:
        """Carry stored photos into the form shown again after a refusal."""
        data = self.data.copy()
        data["kept_photos"] = ",".join(str(i) for i in [*self.kept_ids(), *ids])
        self.data = data


# ---- workflow dialogs ---------------------------------------------------------------------
# A reason alone (reject, void, unlist) is the record layer's generic dialog.


class SignedDialog(VersionedForm, SignedForm):
    """The signature goes to the service as one value; photos are stored apart by the screen."""

    def payload(self) -> dict:
        data = super().payload()
        for name in ("signature_method", "signature_image", "photos"):
            data.pop(name, None)
        return {**data, "signature": self.signature()}


def _money() -> forms.DecimalField:
    return forms.DecimalField(
        label="整改资金（万元）", required=False, min_value=0, max_digits=12, decimal_places=2
    )


class ConfirmForm(VersionedForm):
    grade = forms.ChoiceField(label="隐患等级", choices=Grade.choices)
    deadline = forms.DateField(label="整改期限", widget=DATE)
    responsible_person = forms.CharField(label="整改责任人", max_length=30)
    measures = text_area("整改措施")
    cost = _money()

    def __init__(self, *args, hazard, **kwargs):
        today = timezone.localdate()
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("grade", hazard.grade or Grade.GENERAL)
        initial.setdefault("deadline", today + timedelta(days=7))
        super().__init__(*args, **kwargs)
        self.fields["deadline"].widget.attrs["min"] = today.isoformat()
        self.style_widgets()


class ExtendForm(VersionedForm):
    deadline = forms.DateField(label="新的整改期限", widget=DATE)
    reason = text_area("延期原因", rows=2, max_length=500)

    def __init__(self, *args, hazard, **kwargs):
        if hazard.deadline:
            kwargs.setdefault("initial", {})["deadline"] = hazard.deadline + timedelta(days=7)
        super().__init__(*args, **kwargs)


class SubmitForm(SignedDialog):
    note = text_area("整改情况", placeholder="做了哪些整改，现在的状况")
    cost = _money()
    photos = PhotosField(
        label="整改后照片", required=False, help_text="在同一位置、同一角度拍摄，便于验收对照。"
    )
    no_photo_reason = forms.CharField(
        label="无整改后照片的原因",
        max_length=200,
        required=False,
        help_text="没有整改后照片时必须说明原因，验收人会看到醒目提示。",
        error_messages={"max_length": "原因最多 200 字（现有 %(show_value)d 字）。"},
    )

    field_order = [
        "note",
        "cost",
        "photos",
        "no_photo_reason",
        "signature_method",
        "signature_image",
        "version",
    ]

    def __init__(self, *args, hazard, **kwargs):
        if hazard.cost is not None:
            kwargs.setdefault("initial", {})["cost"] = hazard.cost
        super().__init__(*args, **kwargs)


class AcceptForm(SignedDialog):
    opinion = text_area(
        "验收意见", rows=3, placeholder="如：经现场核查，隐患已整改到位，同意销号。"
    )

    field_order = ["opinion", "signature_method", "signature_image", "version"]

    def __init__(self, *args, hazard, **kwargs):
        super().__init__(*args, **kwargs)
        if hazard.no_photo_reason:  # the acceptor must see it before signing
            self.fields[
                "opinion"
            ].help_text = f"注意：企业未提供整改后照片，原因：{hazard.no_photo_reason}"


class ListForm(VersionedForm):
    level = forms.ChoiceField(
        label="督办层级", choices=ListingLevel.choices, initial=ListingLevel.DISTRICT
    )
    office = forms.TypedChoiceField(label="督办单位", coerce=int)
    due = forms.DateField(label="督办期限", widget=DATE)

    def __init__(self, *args, hazard, **kwargs):
        if hazard.deadline:
            kwargs.setdefault("initial", {})["due"] = hazard.deadline
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [("", "请选择督办单位"), *office_choices(hazard)]
        self.fields["office"].error_messages["required"] = "请选择督办单位，督办单位会收到通知。"
        self.style_widgets()


def office_choices(hazard) -> list[tuple[int, str]]:
    """The regulator offices over the enterprise, by level (the service checks the match)."""
    choices = []
    for level, label in ListingLevel.choices:
        choices += [
            (org.pk, f"{label}：{org.name}") for org in offices_at_level(hazard.enterprise, level)
        ]
    return choices


class DelegateForm(VersionedForm):
    office = forms.TypedChoiceField(label="受托验收单位", coerce=int)
    reason = text_area("委托原因", rows=2, max_length=500)

    def __init__(self, *args, hazard, **kwargs):
        super().__init__(*args, **kwargs)
        rank = LEVEL_RANK.get(hazard.listing_level, 0)
        offices = []
        for level, label in ListingLevel.choices:
            if LEVEL_RANK[level] < rank:
                offices += [
                    (org.pk, f"{label}：{org.name}")
                    for org in offices_at_level(hazard.enterprise, level)
                ]
        self.fields["office"].choices = [("", "请选择下级监管部门"), *offices]
        self.style_widgets()
