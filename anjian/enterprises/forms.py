"""Forms of the registry pages: they parse what was typed; the services check and write.

Personal data (phones, ID numbers) is never put into a form in full: an edit form shows the
masked value, and a masked value sent back unchanged means "keep the stored one".
"""

from __future__ import annotations

from django import forms

from anjian.core.forms import StyledForm, clean_phone
from anjian.core.masking import mask_id_number, mask_phone
from anjian.regions.selectors import Grid, region_label, sector_choices, township_choices

from .choices import LicenceKind, PersonRole, StandardizationGrade
from .models import Enterprise, KeyPerson, Licence

# The edit page groups its fields; a group whose fields are all read-only is not shown.
FIELD_GROUPS = [
    ("基本信息", ["name", "credit_code", "region", "grid", "address", "longitude", "latitude"]),
    (
        "行业与规模",
        ["sector", "industry_code", "industry_name", "employees", "above_designated_size"],
    ),
    (
        "负责人与联系方式",
        [
            "legal_representative",
            "principal_name",
            "principal_phone",
            "safety_manager_name",
            "safety_manager_phone",
        ],
    ),
    (
        "监管信息",
        ["standardization_grade", "standardization_expires_on", "risk_grade", "supervision_class"],
    ),
]
FORM_FIELDS = [name for _, names in FIELD_GROUPS for name in names]
PHONES = ("principal_phone", "safety_manager_phone")
KEEP = object()  # a masked value sent back unchanged: keep what is stored
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _keep_or_check(form, name: str, mask, check=None):
    """A masked value sent back unchanged keeps the stored one; anything else is checked."""
    value = (form.cleaned_data.get(name) or "").strip()
    stored = form.stored.get(name) or ""
    if stored and value == mask(stored):
        return KEEP
    return check(value) if check else value


class EnterpriseForm(StyledForm, forms.Form):
    """Create or edit an enterprise; only the fields this user may change are in the form.

    A field this user may not change, sent anyway (a crafted request), is passed on as sent so
    that the update service refuses it rather than it being silently dropped here."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, actor, editable: set[str], enterprise: Enterprise | None = None, **kwargs
    ):
        self.enterprise = enterprise
        self.stored = {name: getattr(enterprise, name) for name in PHONES} if enterprise else {}
        if enterprise is not None:
            kwargs["initial"] = {**_initial(enterprise), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        names = [n for n in FORM_FIELDS if n in editable]
        self.fields.update(_model_fields(names))
        if enterprise is None:
            del self.fields["version"]
        else:
            self.fields["version"].widget.attrs["data-testid"] = "version"
        self._limit_choices(actor)
        self.style_widgets()

    def _limit_choices(self, actor) -> None:
        fields = self.fields
        if "region" in fields:
            fields["region"].queryset = township_choices(actor)
            fields["region"].label_from_instance = region_label
            fields["region"].empty_label = "请选择乡镇（街道）"
        if "grid" in fields:
            grids = Grid.objects.visible_to(actor).filter(is_active=True).select_related("township")
            fields["grid"].queryset = grids
            fields["grid"].label_from_instance = lambda g: f"{g.township.name} · {g.name}"
            fields["grid"].empty_label = "不在网格内"
        if "sector" in fields:
            fields["sector"].queryset = sector_choices(actor)
            fields["sector"].empty_label = "请选择监管行业"

    def groups(self) -> list[tuple[str, list]]:
        shown = []
        for title, names in FIELD_GROUPS:
            fields = [self[n] for n in names if n in self.fields]
            if fields:
                shown.append((title, fields))
        return shown

    def clean_principal_phone(self):
        return _keep_or_check(self, "principal_phone", mask_phone, clean_phone)

    def clean_safety_manager_phone(self):
        return _keep_or_check(self, "safety_manager_phone", mask_phone, clean_phone)

    def clean(self):
        data = super().clean()
        if self.enterprise is not None:
            locked = [n for n in FORM_FIELDS if n in self.data and n not in self.fields]
            data.update({name: self.data[name] for name in locked})
        return data


def service_fields(data: dict) -> dict:
    """The enterprise's fields among what the form parsed, less masked phones sent back as is."""
    return {n: v for n, v in data.items() if n in FORM_FIELDS and v is not KEEP}


def _model_fields(names: list[str]) -> dict:
    fields = forms.fields_for_model(
        Enterprise, fields=names, widgets={"standardization_expires_on": DATE}
    )
    for name in PHONES:
        if name in fields:
            label = Enterprise._meta.get_field(name).verbose_name
            fields[name] = forms.CharField(
                label=label,
                max_length=20,
                required=False,
                help_text="手机号 11 位，或带区号的座机号（如 0571-87654321）。",
            )
    if "credit_code" in fields:
        fields["credit_code"].max_length = 30
        fields["credit_code"].widget.attrs["maxlength"] = 30
        fields["credit_code"].help_text = "18 位，按 GB 32100 校验；小写字母和全角字符会自动转换。"
    if "standardization_grade" in fields:
        fields["standardization_grade"].choices = [("", "无"), *StandardizationGrade.choices]
    if "industry_code" in fields:
        fields["industry_code"].help_text = "GB/T 4754 代码，如 C2614。"
    for name in ("longitude", "latitude"):
        if name in fields:
            fields[name].help_text = "小数度数，经纬度同时填写，须在所在区划范围内；用于企业地图。"
    return fields


def _initial(enterprise: Enterprise) -> dict:
    data = forms.model_to_dict(enterprise, fields=FORM_FIELDS)
    data.update({name: mask_phone(data[name]) for name in PHONES}, version=enterprise.version)
    return data


class LicenceForm(StyledForm, forms.ModelForm):
    """A licence; the scan (image or PDF) is optional and kept as an attachment."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    scan = forms.FileField(
        label="扫描件",
        required=False,
        help_text="JPEG、PNG 图片或 PDF，可不上传。",
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf"}),
    )

    class Meta:
        model = Licence
        fields = ["kind", "number", "issuer", "issued_on", "expires_on", "scope_text"]
        widgets = {"issued_on": DATE, "expires_on": DATE}
        help_texts = {"expires_on": "安全生产许可证可不填，按发证日期起 3 年计算。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].required = False
        self.fields["kind"].choices = [("", "请选择证照类型"), *LicenceKind.choices]


class PersonForm(StyledForm, forms.ModelForm):
    """A key person; the ID number and phone are shown masked and kept when sent back so."""

    id_number = forms.CharField(
        label="身份证号", max_length=18, required=False, help_text="18 位，按 GB 11643 校验。"
    )
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = KeyPerson
        fields = ["name", "role", "id_number", "phone", "certificates"]

    def __init__(self, *args, instance: KeyPerson, **kwargs):
        self.stored = {"id_number": instance.id_number, "phone": instance.phone}
        if instance.pk:
            masked = {"id_number": mask_id_number(instance.id_number)}
            masked["phone"] = mask_phone(instance.phone)
            kwargs["initial"] = {**masked, **kwargs.get("initial", {})}
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["role"].choices = [("", "请选择岗位"), *PersonRole.choices]

    def clean_id_number(self):
        kept = _keep_or_check(self, "id_number", mask_id_number)
        return self.stored["id_number"] if kept is KEEP else kept

    def clean_phone(self):
        kept = _keep_or_check(self, "phone", mask_phone, clean_phone)
        return self.stored["phone"] if kept is KEEP else kept


class VoidForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label="作废原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "作废必须说明原因。"},
    )
