"""Forms of the region, grid and sector administration pages (they parse; services write)."""

from __future__ import annotations

from django import forms

from anjian.core.forms import StyledForm, clean_phone

from . import boundaries
from .choices import Level
from .models import Grid, Region, Sector


class RegionForm(StyledForm, forms.Form):
    code = forms.CharField(
        label="区划代码",
        max_length=12,
        help_text="6 位（区县）、9 位（乡镇街道）或 12 位（村社区）数字；上级区划须已存在。",
    )
    name = forms.CharField(label="名称", max_length=60)


class BoundaryImportForm(StyledForm, forms.Form):
    """A GeoJSON file of boundaries; it is parsed here, checked and written by the service."""

    file = forms.FileField(
        label="边界文件",
        help_text=f"GeoJSON（.geojson 或 .json），不超过 {boundaries.MAX_BYTES // 1024 // 1024} MB。",
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.cleaned_data["collection"] = boundaries.read(upload.read(boundaries.MAX_BYTES + 1))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


def township_choices(actor):
    return Region.objects.visible_to(actor).filter(level=Level.TOWNSHIP, is_active=True)


class GridForm(StyledForm, forms.ModelForm):
    """A grid; the township is chosen from the townships the administrator can see."""

    class Meta:
        model = Grid
        fields = ["township", "code", "name", "responsible_name", "responsible_phone", "is_active"]
        labels = {"township": "所属乡镇（街道）"}
        help_texts = {"code": "建议以乡镇代码开头，如 990102001G01。"}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        township = self.fields["township"]
        township.queryset = township_choices(actor).select_related("parent")
        township.label_from_instance = lambda r: f"{r.parent.name if r.parent_id else ''}{r.name}"
        if not self.instance.pk:
            del self.fields["is_active"]

    def clean_responsible_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("responsible_phone", ""))

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class SectorForm(StyledForm, forms.ModelForm):
    """A sector: its code is set once, at creation (records refer to it)."""

    class Meta:
        model = Sector
        fields = ["code", "name", "order", "is_active"]
        help_texts = {
            "code": "英文小写字母、数字或下划线，创建后不能修改。",
            "order": "数字小的排在前面。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]
        else:
            del self.fields["is_active"]

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}
