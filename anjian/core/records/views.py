"""Generic pages of a record type: the list (filters, sort, columns, bounded paging)."""

from __future__ import annotations

from types import SimpleNamespace

from django.shortcuts import render
from django.urls import reverse

from anjian.core import pickers
from anjian.core.errors import Invalid
from anjian.core.pagination import query_without
from anjian.core.permissions import permission_required_audited

from . import paging, tables
from .types import FilterField, RecordType


def _actions(request, rt: RecordType) -> list[dict]:
    user, keep = request.user, query_without(request, "page", "per_page", "cols", "cols_set")
    buttons = []
    for action in rt.actions:
        if action.perm and not user.has_perm(action.perm):
            continue
        url = reverse(action.url)
        if action.keep_query and keep:
            url = f"{url}?{keep}"
        buttons.append({"action": action, "url": url})
    return buttons


def _as_query_value(current) -> str:
    """A filter's value as the query string spells it (booleans as true/false)."""
    if current is None:
        return ""
    if isinstance(current, bool):
        return "true" if current else "false"
    return str(current)


def _picker(field: FilterField, user) -> pickers.Picker:
    """The picker widget of a filter, bounded by its kind's scope for this user."""
    spec = pickers.kind_of(field.picker)
    if spec is None or spec.scope is None:
        raise LookupError(f"no scoped picker registered for {field.picker!r}")
    widget = pickers.Picker(field.picker, attrs={"id": f"f-{field.name}", "class": "form-control"})
    widget.choices = SimpleNamespace(queryset=spec.scope(user))
    return widget


def _picked_query(rt: RecordType, request):
    """The query string with each picker filter resolved within the user's scope: the typed full
    name or code becomes an id (the page works without the script); an id outside the scope is
    dropped, never widened to; text naming no record is refused with the picker's hint."""
    params = request.GET.copy()
    for field in rt.filter_fields:
        if field.kind != "picker":
            continue
        widget = _picker(field, request.user)
        chosen = widget.value_from_datadict(params, None, field.name)
        params.pop(field.name, None)
        if chosen in (None, ""):
            continue
        if widget.object_for(chosen) is not None:
            params[field.name] = str(chosen)
        elif (params.get(field.name + pickers.TEXT_SUFFIX) or "").strip():
            spec = pickers.kind_of(field.picker)
            raise Invalid(f"{field.label}：{spec.hint if spec else ''}", field=field.name)
    return params


def _control(field: FilterField, user, filters) -> dict:
    value = _as_query_value(getattr(filters, field.name, None))
    control = {"field": field, "value": value, "options": None}
    if field.kind == "select":
        control["options"] = field.options(user, filters)
    elif field.kind == "picker":
        control["widget"] = _picker(field, user).render(field.name, value or None)
    return control


def _filter_controls(rt: RecordType, user, filters) -> list[dict]:
    return [_control(f, user, filters) for f in rt.filter_fields]


def list_context(request, rt: RecordType) -> dict:
    user = request.user
    filters = rt.filters.from_query(_picked_query(rt, request))
    page = paging.get_page(rt.rows(user, filters), request.GET)
    if rt.prepare:
        rt.prepare(page.items, user)
    available = [c for c in rt.columns if c.when is None or c.when(user)]
    columns = tables.chosen(request, rt.name, available)
    rows = [
        {
            "obj": obj,
            "attrs": rt.row_attrs(obj) if rt.row_attrs else {},
            "cells": [(col, tables.render_cell(col, obj, rt.url_of(obj))) for col in columns],
        }
        for obj in page
    ]
    labels = rt.filters.sort_labels
    sorts = [(k, v) for k, v in labels.items() if k != rt.filters.default_sort]
    extra = rt.context(request, filters) if rt.context else {}
    return {
        **extra,
        "rt": rt,
        "page": page,
        "rows": rows,
        "columns": columns,
        "all_columns": available,
        "filters": filters,
        "controls": _filter_controls(rt, user, filters),
        "sorts": sorts,
        "filtered": bool(filters.active()),
        "page_sizes": paging.PAGE_SIZES,
        "per_page": page.size,
        "query": query_without(request, "page"),
        "buttons": _actions(request, rt),
    }


def list_view(rt: RecordType):
    """The list page of a record type, behind its view permission (a refusal is audited) or,
    when the type has one, its own `guard` decorator."""

    @(rt.guard or permission_required_audited(rt.view_perm))
    def view(request):
        return render(request, rt.list_template, list_context(request, rt))

    view.__name__ = f"{rt.name}_list"
    view.__doc__ = f"{rt.title}：筛选、排序、选择列、分页。"
    return view
