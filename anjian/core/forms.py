"""Form machinery shared by every page: Tabler styling, and services' errors onto the form."""

from __future__ import annotations

import re
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError

from .errors import Invalid

PHONE = re.compile(r"^[0-9][0-9\- ]{4,18}[0-9]$")


class StyledForm:
    """Tabler classes on every widget; a field with an error is also marked `is-invalid`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        """(Re)apply the classes, e.g. after a subclass adds fields in its own __init__."""
        for field in self.fields.values():
            widget = field.widget
            if (
                "form-control" in widget.attrs.get("class", "")
                or "form-select" in widget.attrs.get("class", "")
                or "form-check-input" in widget.attrs.get("class", "")
            ):
                continue
            if isinstance(
                widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is not None and "is-invalid" not in widget.attrs["class"]:
                widget.attrs["class"] += " is-invalid"


def clean_phone(value: str) -> str:
    value = (value or "").strip()
    if value and not PHONE.match(value):
        raise ValidationError("请填写正确的电话号码（手机号或带区号的座机号）。")
    return value


def call_service(form, service: Callable, **kwargs):
    """Run a service; a domain error lands on its form field (or the form), inputs kept."""
    try:
        return service(**kwargs)
    except Invalid as exc:
        field = exc.details.get("field")
        form.add_error(field if field in form.fields else None, exc.message)
    except ValidationError as exc:
        by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for field, errors in by_field.items():
            form.add_error(field if field in form.fields else None, errors)
    return None
