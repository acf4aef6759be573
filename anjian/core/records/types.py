"""The declaration of a record type, from which its list page and its API operations come."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .filters import FilterSet
from .tables import Col


@dataclass(frozen=True)
class FilterField:
    """A control of the list's filter form: a select (choices), a date, or a searchable picker
    (`picker` names a kind registered in `core/pickers.py`, whose scope bounds the choice)."""

    name: str
    label: str
    choices: Any = ()  # a list of (value, label), a ColouredChoices class, or f(user, filters)
    kind: str = "select"  # select | date | hidden | picker
    blank: str = "全部"
    picker: str = ""  # the picker kind, for kind="picker"

    def options(self, user, filters) -> list[tuple[Any, str]] | None:
        choices = self.choices
        if callable(choices) and not hasattr(choices, "choices"):
            choices = choices(user, filters)
        if hasattr(choices, "choices"):
            choices = choices.choices
        return None if choices is None else [(str(v), str(label)) for v, label in choices]


@dataclass(frozen=True)
class PageAction:
    """A button in the list page's header."""

    label: str
    url: str  # URL name
    icon: str = ""
    perm: str = ""
    primary: bool = False
    keep_query: bool = False  # carry the current filters (exports, maps)
    testid: str = ""


@dataclass
class RecordType:
    name: str  # machine name: "hazard" (test ids, session keys)
    namespace: str  # URL namespace: "hazards"
    title: str  # the list page's title
    noun: str  # what one row is, for messages: "隐患"
    filters: type[FilterSet]
    rows: Callable[[Any, FilterSet], Any]  # selector: (user, filters) -> ordered queryset
    columns: Sequence[Col]
    view_perm: str
    pretitle: str = ""
    unit: str = "条"
    filter_fields: Sequence[FilterField] = ()
    search_label: str = ""  # the `q` box; empty for none
    search_placeholder: str = ""
    sort_blank: str = "默认排序"
    actions: Sequence[PageAction] = ()
    detail_url: str = "detail"  # URL name of one record, under the namespace
    list_name: str = "list"  # URL name of the list page, under the namespace
    guard: Callable[[Callable], Callable] | None = None  # view decorator instead of view_perm
    prepare: Callable[[list, Any], None] | None = None  # adds per-row display values
    row_attrs: Callable[[Any], dict[str, str]] | None = None
    context: Callable[[Any, FilterSet], dict] | None = None  # (request, filters): page extras
    list_template: str = "records/list.html"
    styles: Sequence[str] = ()

    def url_of(self, obj) -> str:
        if not self.detail_url:
            return ""
        return reverse(f"{self.namespace}:{self.detail_url}", args=[obj.pk])

    @property
    def list_url(self) -> str:
        return reverse(f"{self.namespace}:{self.list_name}")
