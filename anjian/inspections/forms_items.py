"""Forms of the item lists: a list's title and note, and one item with its descriptions."""

from __future__ import annotations

from django import forms

from anjian.core.forms import StyledForm

from .choices import ItemIndustry

DESCRIPTIONS_HELP = "每行一条标准隐患描述；属于重大事故隐患的，在该行开头写“重大：”。"


class ItemListForm(StyledForm, forms.Form):
    title = forms.CharField(label="清单名称", max_length=100)
    industry = forms.ChoiceField(label="适用行业", choices=ItemIndustry.choices)
    note = forms.CharField(
        label="版本说明", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:  # a version keeps the industry it was drafted for
            del self.fields["industry"]


class ItemForm(StyledForm, forms.Form):
    code = forms.CharField(label="事项编号", max_length=20)
    order = forms.IntegerField(label="序号", min_value=0, max_value=100000, required=False)
    title = forms.CharField(
        label="检查内容", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    method = forms.CharField(label="检查方法", max_length=300, required=False)
    basis_law = forms.CharField(label="法律依据", max_length=100)
    basis_article = forms.CharField(label="条款", max_length=60, required=False)
    major_criterion = forms.CharField(
        label="对应重大事故隐患判定标准",
        max_length=200,
        required=False,
        help_text="属于重大事故隐患判定标准的，写明标准及项次；否则留空。",
    )
    descriptions = forms.CharField(
        label="标准隐患描述",
        required=False,
        help_text=DESCRIPTIONS_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def descriptions_text(item) -> str:
    """An item's descriptions as the form writes them."""
    return "\n".join(
        ("重大：" if d.grade == "major" else "") + d.text for d in item.descriptions.all()
    )
