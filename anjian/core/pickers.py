"""Searchable pickers: choose one record among hundreds by typing part of its name or code.

An app registers a kind (`register("enterprise", ...)`) with a scoped search; a form switches a
`ModelChoiceField` to it with `widget=Picker("enterprise")`. The page shows a text box; the
script `core/picker.js` asks `core:pick` for matches as the user types and keeps the chosen id in
a hidden input. Without the script the text box still works: the typed full name or code is
looked up among the field's own choices, so the scope is the form's, not the picker's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.urls import reverse

MAX_QUERY = 50  # longer text is not a name fragment worth searching
MAX_RESULTS = 20
TEXT_SUFFIX = "_text"


@dataclass(frozen=True)
class PickerKind:
    """What a picker searches: `search(user, text, limit)` returns `{id, label, detail}` dicts."""

    kind: str
    noun: str
    search: Callable[[Any, str, int], list[dict]]
    label: Callable[[Any], str]
    exact: Sequence[str]  # fields whose exact value names one record when typed in full
    scope: Callable[[Any], Any] | None = None  # user -> the queryset a list filter may choose from

    @property
    def hint(self) -> str:
        return f"请输入{self.noun}的完整名称或统一社会信用代码。"


_kinds: dict[str, PickerKind] = {}


def register(
    kind: str,
    *,
    noun: str,
    search: Callable[[Any, str, int], list[dict]],
    label: Callable[[Any], str] = str,
    exact: Sequence[str] = ("name",),
    scope: Callable[[Any], Any] | None = None,
) -> None:
    _kinds[kind] = PickerKind(kind, noun, search, label, tuple(exact), scope)


def kind_of(kind: str) -> PickerKind | None:
    return _kinds.get(kind)


def search(kind: PickerKind, user, text: str) -> list[dict]:
    """Matches in the user's scope; nothing for an empty or overlong query."""
    text = text.strip()
    if not text or len(text) > MAX_QUERY:
        return []
    return kind.search(user, text, MAX_RESULTS)


class Picker(forms.Widget):
    """A typeahead for a `ModelChoiceField`; the field's queryset stays the only source of truth."""

    template_name = "core/picker.html"

    def __init__(self, kind: str, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.kind = kind
        self.choices: Any = ()  # set by ModelChoiceField with its queryset

    def _queryset(self):
        return getattr(self.choices, "queryset", None)

    def object_for(self, pk):
        queryset = self._queryset()
        if queryset is None or pk in (None, ""):
            return None
        try:
            return queryset.filter(pk=pk).first()
        except (TypeError, ValueError):
            return None

    def _spec(self) -> PickerKind:
        spec = kind_of(self.kind)
        if spec is None:
            raise LookupError(f"no picker registered for {self.kind!r}")
        return spec

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        spec = self._spec()
        chosen = self.object_for(value)
        context["widget"].update(
            url=reverse("core:pick", args=[self.kind]),
            label=spec.label(chosen) if chosen is not None else "",
            chosen=chosen is not None,
            hint=spec.hint,
            noun=spec.noun,
        )
        return context

    def value_from_datadict(self, data, files, name):
        pk = data.get(name) or ""
        text = (data.get(name + TEXT_SUFFIX) or "").strip()
        if not text:
            return pk or None
        spec = self._spec()
        chosen = self.object_for(pk)
        if chosen is not None and spec.label(chosen) == text:
            return pk
        found = self._resolve(spec, text)
        # An unknown text goes on to the field, which refuses it as an invalid choice.
        return found.pk if found is not None else text

    def _resolve(self, spec: PickerKind, text: str):
        queryset = self._queryset()
        if queryset is None or not spec.exact:
            return None
        match = Q()
        for field in spec.exact:
            match |= Q(**{f"{field}__iexact": text})
        found = list(queryset.filter(match)[:2])
        return found[0] if len(found) == 1 else None

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + TEXT_SUFFIX not in data
