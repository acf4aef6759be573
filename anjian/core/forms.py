"""Form machinery shared by every page: Tabler styling, and services' errors onto the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError

from anjian.standards import phone as phone_rule

from .errors import Invalid, TooLarge
from .models import Signature

# A mixin for forms and model forms; the type checker is told what it will be mixed into.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class StyledForm(_FormBase):
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
        for name in self.errors:  # already cleaned: this reads the errors, no new validation
            widget = self.fields[name].widget if name in self.fields else None
            if widget is not None and "is-invalid" not in widget.attrs["class"]:
                widget.attrs["class"] += " is-invalid"


def clean_phone(value: str) -> str:
    """A mainland mobile or fixed-line number in its normal form (the numbering plan's rule)."""
    value = (value or "").strip()
    if not value:
        return ""
    result = phone_rule.validate(value)
    if not result.valid:
        raise ValidationError(result.reason)
    return result.normalized


def call_service(form, service: Callable, *, only_new: bool = False, **kwargs):
    """Run a service; a domain error lands on its form field (or the form), inputs kept.

    `only_new`: the form already has errors of its own (a field that did not parse); the
    service's refusals are added only for the fields without one, so that the user sees all
    that is wrong in one round, each field once."""
    try:
        return service(**kwargs)
    except Invalid as exc:
        problems = exc.details.get("errors") or [{"field": exc.details.get("field")}]
        for problem in problems:  # every field at once, not one per submission
            field = problem.get("field")
            _add(form, field, problem.get("message") or exc.message, only_new)
    except ValidationError as exc:
        by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for field, errors in by_field.items():
            for error in errors:
                _add(form, field, error, only_new)
    return None


def _add(form, field: str | None, message: str, only_new: bool) -> None:
    name = field if field in form.fields else None
    if only_new and name is not None and name in form.errors:
        return
    if name is None and message in form.non_field_errors():
        return
    form.add_error(name, message)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_DATA_URL = 800_000  # a 512 KB image in base64, with room to spare
# The camera opens directly on a phone; the input itself is hidden behind a big labelled button.
PHOTO_ACCEPT = {
    "accept": "image/*",
    "capture": "environment",
    "multiple": True,
    "class": "visually-hidden",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one camera input; checked and stored by `core.attachments`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs=PHOTO_ACCEPT))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(PhotosField, self).clean(f, initial) for f in files]


def text_area(
    label: str,
    *,
    rows: int = 3,
    max_length: int = 2000,
    required: bool = True,
    placeholder: str = "",
    **kwargs,
) -> forms.CharField:
    attrs = {"rows": rows, "placeholder": placeholder} if placeholder else {"rows": rows}
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs=attrs),
        **kwargs,
    )


class SignedForm(StyledForm, forms.Form):
    """谁检查谁签名，谁治理谁签名，谁验收谁签名: an account sign-off or a handwritten pad."""

    signature_method = forms.ChoiceField(
        label="签名方式",
        choices=Signature.Method.choices,
        initial=Signature.Method.ACCOUNT,
        widget=forms.RadioSelect,
    )
    signature_image = forms.CharField(
        required=False, max_length=MAX_DATA_URL, widget=forms.HiddenInput
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        drawn = (data.get("signature_image") or "").startswith("data:image/")
        if data.get("signature_method") == Signature.Method.HANDWRITTEN and not drawn:
            self.add_error("signature_method", "请在签名板上手写签名，或改用账号确认签名。")
        return data

    def signature(self) -> dict:
        data = self.cleaned_data
        if data["signature_method"] == Signature.Method.HANDWRITTEN:
            return {"method": "handwritten", "image": data["signature_image"]}
        return {"method": "account"}


class VersionedForm(StyledForm, forms.Form):
    """Carries the version the dialog was opened at, so a stale action is refused (412)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def payload(self) -> dict:
        """What the action sends to the service: the fields as typed (dialogs refine this)."""
        return {
            k: v for k, v in self.cleaned_data.items() if k != "version" and v not in (None, "")
        }


class PhotoRefused(Exception):
    """A photo failed the upload checks; its reason is already on the form."""


def store_photos(user, form, field: str = "photos") -> list[int]:
    """Store the form's photos as staged uploads (the caller's transaction binds or drops them)."""
    from . import attachments

    ids = []
    for photo in form.cleaned_data.get(field) or []:
        try:
            ids.append(attachments.store_upload(photo, actor=user, kind="").pk)
        except (Invalid, TooLarge) as exc:
            form.add_error(field, f"{photo.name}：{exc.message}")
            raise PhotoRefused from exc
    return ids
