"""Forms of the monitoring pages: acknowledging an alarm and naming a new gateway token."""

from __future__ import annotations

from django import forms

from anjian.core.forms import StyledForm, text_area

from .choices import AlarmCause

RANGES = {
    "6h": ("近 6 小时", 6, "raw"),
    "24h": ("近 24 小时", 24, "minute"),
    "7d": ("近 7 天", 24 * 7, "hour"),
}
DEFAULT_RANGE = "6h"


class AcknowledgeForm(StyledForm, forms.Form):
    cause = forms.ChoiceField(
        label="报警原因",
        choices=AlarmCause.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择报警原因。"},
    )
    note = text_area("处置情况", required=False, placeholder="如：现场核实为探头受潮，已更换探头")


class GatewayTokenForm(StyledForm, forms.Form):
    name = forms.CharField(
        label="网关名称",
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "如：罐区 DCS 数据网关"}),
    )
