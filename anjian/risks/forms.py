"""Forms of the risk pages: they parse what was typed; the services assess, check and write.

The factor values are passed to the services as typed, so a value outside the tables is refused
by the standards with their own message, shown under the field that was wrong.
"""

from __future__ import annotations

import re
from itertools import zip_longest

from django import forms

from anjian.core.choices import RiskGrade
from anjian.core.errors import Invalid
from anjian.core.forms import StyledForm, text_area
from anjian.core.pickers import Picker
from anjian.enterprises.selectors import Enterprise
from anjian.standards import gb6441, gb18218
from anjian.standards import risk as risk_rules

from .models import MajorHazardSource, RiskPoint, number_text

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AREA = {"rows": 2, "maxlength": 1000}
CONTROL_LEVELS = tuple(risk_rules.DEFAULT_CONTROL_LEVELS.values())
DERIVED = "derived"
ROW_KEYS = ("name", "category", "q")  # a substance row of the unit form: sub_name, sub_category…


def _factor_choices(table) -> list[tuple[str, str]]:
    return [("", "请选择")] + [(number_text(v), f"{number_text(v)}　{m}") for v, m in table]


LS_CHOICES = [("", "请选择")] + [(str(n), str(n)) for n in range(1, 6)]
# The factors of each method as the service names them (L, E, C, S), with the label and the
# choices of their select; the page names the select `<method>_<factor>` (lec_l, ls_s).
FACTORS = {
    "lec": {
        "L": ("可能性 L", _factor_choices(risk_rules.LEC_L)),
        "E": ("暴露频繁程度 E", _factor_choices(risk_rules.LEC_E)),
        "C": ("后果严重程度 C", _factor_choices(risk_rules.LEC_C)),
    },
    "ls": {"L": ("可能性 L（1–5）", LS_CHOICES), "S": ("严重性 S（1–5）", LS_CHOICES)},
}
FACTOR_FIELDS = {m: {k: f"{m}_{k.lower()}" for k in factors} for m, factors in FACTORS.items()}


def show_service_error(form: forms.Form, exc: Invalid, aliases: dict | None = None) -> None:
    """A refusal from a service goes under the field it names (or on top of the form); one
    naming several fields puts each message under its own field."""
    problems = exc.details.get("errors") or [
        {"field": exc.details.get("field"), "message": exc.message}
    ]
    for problem in problems:
        field = problem.get("field")
        field = (aliases or {}).get(field, field)
        form.add_error(field if field in form.fields else None, problem.get("message"))


class EnterpriseFieldMixin:
    """New records name their enterprise; an enterprise's own user has only their own to pick."""

    def _limit_enterprise(self, user) -> None:
        if self.instance.pk:
            self.fields.pop("enterprise", None)
            return
        field = self.fields["enterprise"]
        field.widget = Picker("enterprise")
        field.queryset = Enterprise.objects.visible_to(user).live().order_by("name")
        field.empty_label = "请选择企业"
        if user.scope.kind == "enterprise":
            field.initial = user.scope.enterprise_id

    @property
    def single_enterprise(self) -> Enterprise | None:
        """The one enterprise this user can choose, shown as text instead of a select."""
        field = self.fields.get("enterprise")
        if field is None:
            return None
        options = list(field.queryset[:2])
        return options[0] if len(options) == 1 else None


class RiskPointForm(EnterpriseFieldMixin, StyledForm, forms.ModelForm):
    accident_types = forms.MultipleChoiceField(
        label="可能导致的事故类型（GB 6441）",
        required=False,
        choices=gb6441.CATEGORIES,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = RiskPoint
        fields = [
            "enterprise",
            "name",
            "location",
            "kind",
            "method",
            "hazard_factors",
            "accident_types",
            *RiskPoint.MEASURES,
            "control_level",
            "responsible_person",
            "review_on",
        ]
        widgets = {
            "method": forms.RadioSelect,
            "hazard_factors": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            **{name: forms.Textarea(attrs=AREA) for name in RiskPoint.MEASURES},
            "control_level": forms.TextInput(attrs={"list": "control-levels"}),
            "review_on": DATE,
        }
        help_texts = {
            "review_on": "不能早于今天。",
            "hazard_factors": "如：液氯泄漏、超压、静电。",
            "control_level": "不填则按风险等级确定：重大—公司，较大—部门/车间，一般—班组，低—岗位。",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_enterprise(user)
        self.fields["method"].choices = self.fields["method"].choices[1:]  # no blank radio
        self.fields["method"].initial = "lec"
        self.fields["method"].widget.attrs["class"] = "form-check-input"
        self.fields["control_level"].required = False
        point = self.instance
        for method, factors in FACTORS.items():
            for key, (label, choices) in factors.items():
                stored = getattr(point, f"{key.lower()}_value") if point.method == method else None
                self.fields[FACTOR_FIELDS[method][key]] = forms.CharField(
                    label=label,
                    required=False,
                    widget=forms.Select(choices=choices),
                    initial=number_text(stored),
                )
        self.fields["version"].initial = point.version if point.pk else None
        self.style_widgets()

    def clean(self):
        data = super().clean()
        for name in self.factor_aliases().values():
            if not data.get(name):
                self.add_error(name, f"请选择{self.fields[name].label}。")
        return data

    def inputs(self) -> dict[str, str]:
        """The factors of the chosen method, keyed as the service names them."""
        return {key: self.cleaned_data[name] for key, name in self.factor_aliases().items()}

    def factor_aliases(self) -> dict[str, str]:
        return FACTOR_FIELDS.get(self.cleaned_data.get("method"), {})

    def factor_groups(self) -> list[tuple[str, list]]:
        return [(m, [self[n] for n in names.values()]) for m, names in FACTOR_FIELDS.items()]

    def measure_fields(self) -> list:
        return [self[n] for n in RiskPoint.MEASURES]


class ReasonForm(StyledForm, forms.Form):
    reason = text_area("原因", max_length=500)


class OverrideForm(StyledForm, forms.Form):
    """A regulator's decision on an enterprise's grade, or a return to the derived grade."""

    level = forms.ChoiceField(
        label="认定为",
        choices=[*RiskGrade.choices, (DERIVED, "恢复为按风险点确定")],
        help_text="认定后企业等级不再随风险点变化；选择“恢复为按风险点确定”则取企业最高的风险点等级。"
        "认定理由记入审计日志。",
    )
    reason = text_area("认定理由", max_length=300)


# ---- major hazard sources -----------------------------------------------------------------


def substance_names() -> list[tuple[str, str]]:
    """The datalist of Table 1: each name and alias, with Q and the CAS number as a hint."""
    options = {}
    for row in gb18218.table1_rows():
        hint = f"表1 第{row.no}项，Q = {number_text(row.Q_t)} t"
        if row.cas:
            hint += f"，CAS {row.cas[0]}"
        for name in (row.name, *row.aliases):
            options.setdefault(name, hint)
    return list(options.items())


def table2_choices() -> list[tuple[str, str]]:
    return [
        (e.code, f"{e.code} {e.hazard} {e.description}（Q = {number_text(e.Q_t)} t）")
        for e in gb18218.TABLE2.values()
    ]


class SourceForm(EnterpriseFieldMixin, StyledForm, forms.ModelForm):
    """A unit with its substance rows (sent as parallel lists: name, category, q)."""

    class Meta:
        model = MajorHazardSource
        fields = [
            "enterprise",
            "name",
            "unit_kind",
            "exposed_people_500m",
            "principal",
            "technical_lead",
            "operations_lead",
            "assessed_on",
        ]
        widgets = {"assessed_on": DATE}
        help_texts = {
            "name": "按 GB 18218 §3.5–3.6 划分的一个生产单元或储存单元（如一个罐组、一座库房）。",
            "exposed_people_500m": "用于分级（表5 校正系数 α）。",
            "assessed_on": "不填则为今天；每三年重新评估一次。",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_enterprise(user)
        self.fields["assessed_on"].required = False
        self.rows = self._read_rows() if self.is_bound else self._stored_rows()

    def _read_rows(self) -> list[dict]:
        columns = [self.data.getlist(f"sub_{key}") for key in ROW_KEYS]
        rows = [
            dict(zip(ROW_KEYS, (value.strip() for value in values), strict=True))
            for values in zip_longest(*columns, fillvalue="")
        ]
        return [row for row in rows if any(row.values())]

    def _stored_rows(self) -> list[dict]:
        if not self.instance.pk:
            return [{"name": "", "category": "", "q": ""}]
        return [
            {"name": s.name or s.label, "category": s.category, "q": number_text(s.q_t)}
            for s in self.instance.substances.all()
        ]

    def clean(self):
        data = super().clean()
        if not self.rows:
            self.add_error(None, "请至少填写一种危险化学品及其设计最大量。")
        for row in self.rows:
            if not row["name"] and not row["category"]:
                row["error"] = "请填写表1物质名称，或选择表2类别。"
            elif not row["q"]:
                row["error"] = "请填写设计最大量（t）。"
        if any("error" in row for row in self.rows):
            self.add_error(None, "危险化学品有填写不完整的行，请按提示补全。")
        return data

    def substances(self) -> list[dict]:
        """Rows as the service takes them: a Table 2 row keeps its typed name as the label."""
        items = []
        for row in self.rows:
            name = "label" if row["category"] else "name"
            item = {"q_t": row["q"], "category": row["category"], name: row["name"]}
            items.append({key: value for key, value in item.items() if value})
        return items

    def show_error(self, exc: Invalid) -> None:
        """A row named by the standards (substances[2].q_t) gets the message on that row."""
        named = re.match(r"substances\[(\d+)\]", str(exc.details.get("field") or ""))
        if named and int(named[1]) < len(self.rows):
            self.rows[int(named[1])]["error"] = exc.message
            self.add_error(None, f"第{int(named[1]) + 1}行危险化学品：{exc.message}")
        else:
            show_service_error(self, exc, {"substances": None})
