"""Generic pages of one record: its detail page (fields, workflow buttons and history, panels
that other apps contribute) and its create and edit pages.

The pages decide nothing: a selector finds the record (404 alike when missing or out of
scope), the form parses what was typed, and the service decides whether it may be saved. All
the field errors of a submission come back together, with what was typed kept; an edit made on
a stale copy is refused (412) rather than overwriting someone else's work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from anjian.core.audit_labels import START_LABELS
from anjian.core.errors import Forbidden, PreconditionFailed
from anjian.core.forms import call_service

from . import panels, tables
from .workflow import Screen

STALE = "记录已被他人修改：您打开此页后，有人保存了新的内容。请核对后再次保存，再次保存将以您填写的内容为准。"


@dataclass
class DetailPage:
    """One record's page: its fields as a datagrid, its workflow, the panels of other apps."""

    name: str  # the record type's name; panels register against it
    get: Callable[[Any, int], Any]  # selector: (user, pk) -> record
    fields: Sequence[tables.Col]
    title: Callable[[Any], str] = str
    pretitle: str = ""
    screen: Screen | None = None
    template: str = "records/detail.html"
    edit_url: str = ""  # URL name of the edit page, shown when `may_edit(user, record)`
    may_edit: Callable[[Any, Any], bool] | None = None

    def view(self):
        @login_required  # out of scope or without the view permission: 404, as for a missing one
        def detail_view(request, pk: int):
            obj = self.get(request.user, pk)
            screen = self.screen
            context = {
                "page": self,
                "record": obj,
                "record_title": self.title(obj),
                "fields": [(col, tables.render_cell(col, obj, "")) for col in self.fields],
                "buttons": screen.buttons(obj, screen.workflow.available(obj, request.user))
                if screen
                else [],
                "history": labelled_history(screen.workflow, obj) if screen else [],
                "panels": panels.rendered(request, self.name, obj),
                "can_edit": bool(self.may_edit and self.may_edit(request.user, obj)),
            }
            return render(request, self.template, context)

        return detail_view


def labelled_history(workflow, obj) -> list:
    """The record's transitions, each with the Chinese `label` of its step (the declared
    transition's, or how the record entered its first state)."""
    steps = {t.action: t.label for t in workflow.by_action.values()}
    labels = {**START_LABELS, **workflow.labels, **steps}
    records = list(workflow.history(obj))
    for record in records:
        record.label = labels.get(record.action, record.action)
    return records


@dataclass
class FormPage:
    """The create and edit pages of a record type.

    `create(*, user, data)` and `update(*, user, obj, data, version)` are the type's services;
    `may_create(user)` and `may_edit(user, record)` come from the services too, so the page
    can refuse before showing a form the service would refuse anyway.
    """

    form: type[forms.Form]
    namespace: str
    noun: str  # "工单": messages say 已登记工单“…”
    get: Callable[[Any, int], Any] | None = None
    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    may_create: Callable[[Any], bool] | None = None
    may_edit: Callable[[Any, Any], bool] | None = None
    template: str = "records/form.html"
    form_kwargs: Callable[[Any, Any], dict] | None = None  # (user, record or None)
    # A record created under another (its pk in the create URL): (user, pk) -> the unsaved
    # record, which the form fills and `create` receives as `obj`.
    new: Callable[[Any, int | None], Any] | None = None
    context: Callable[[Any, Any], dict] | None = None  # (user, record or None): more to show
    success_url: Callable[[Any], str] | None = None  # (saved record); else its detail page
    create_verb: str = "登记"  # the create page's title: 登记工单, 编制年度监督检查计划
    detail_url: str = ""  # URL names of the record's page and the list (cancel, saved);
    list_url: str = ""  # default `<namespace>:detail` and `<namespace>:list`
    # `check(*, user, obj, data)`: the service's rules on what did parse, run when the form
    # itself refused a field, so that every error of a submission shows in one round.
    check: Callable[..., Any] | None = None

    def _form(self, request, obj):
        kwargs = self.form_kwargs(request.user, obj) if self.form_kwargs else {}
        initial = {"version": getattr(obj, "version", None)} if obj and obj.pk else {}
        return (
            self.form(
                request.POST or None, request.FILES or None, initial=initial, instance=obj, **kwargs
            )
            if issubclass(self.form, forms.ModelForm)
            else self.form(request.POST or None, request.FILES or None, initial=initial, **kwargs)
        )

    def _render(self, request, form, obj, status: int = 200, creating: bool = False):
        context = {"form": form, "record": None if creating else obj, "page": self}
        context["creating"] = creating
        context["cancel_url"] = lambda: (  # resolved only where the template shows it
            reverse(self.detail_url or f"{self.namespace}:detail", args=[obj.pk])
            if obj is not None and obj.pk and not creating
            else reverse(self.list_url or f"{self.namespace}:list")
        )
        if self.context:
            context.update(self.context(request.user, obj))
        return render(request, self.template, context, status=status)

    def _check(self, request, form, obj) -> None:
        """The form refused some fields: the service still judges the others (writes nothing)."""
        if self.check and request.method == "POST" and form.errors:
            call_service(
                form, self.check, only_new=True, user=request.user, obj=obj, data=form.cleaned_data
            )

    def _saved(self, obj):
        if self.success_url:
            return redirect(self.success_url(obj))
        return redirect(self.detail_url or f"{self.namespace}:detail", pk=obj.pk)

    def create_view(self):
        create = self.create
        if create is None:
            raise ValueError("FormPage.create_view needs a create service")

        @login_required
        def create_view(request, pk: int | None = None):
            if self.may_create and not self.may_create(request.user):
                raise Forbidden(f"您无权登记{self.noun}。")
            obj = self.new(request.user, pk) if self.new else None
            form = self._form(request, obj)
            if request.method == "POST" and form.is_valid():
                extra: dict[str, Any] = {"obj": obj} if self.new else {}
                saved = call_service(
                    form, create, user=request.user, data=form.cleaned_data, **extra
                )
                if saved is not None:
                    messages.success(request, f"已登记{self.noun}“{saved}”。")
                    return self._saved(saved)
            else:
                self._check(request, form, obj)
            return self._render(request, form, obj, 422 if form.errors else 200, creating=True)

        return create_view

    def edit_view(self):
        get, update = self.get, self.update
        if get is None or update is None:
            raise ValueError("FormPage.edit_view needs a selector and an update service")

        @login_required
        def edit_view(request, pk: int):
            obj = get(request.user, pk)
            if self.may_edit and not self.may_edit(request.user, obj):
                raise Forbidden(f"您无权修改该{self.noun}。")
            form = self._form(request, obj)
            status = 200
            if request.method == "POST" and form.is_valid():
                version = form.cleaned_data.get("version")
                try:
                    saved = call_service(
                        form,
                        update,
                        user=request.user,
                        obj=obj,
                        data=form.cleaned_data,
                        version=version,
                    )
                except PreconditionFailed as exc:
                    form.add_error(None, STALE)
                    form.data = form.data.copy()
                    form.data["version"] = exc.details.get("current_version")
                    saved, status = None, 412
                if saved is not None:
                    messages.success(request, f"已保存{self.noun}“{saved}”。")
                    return self._saved(saved)
            else:
                self._check(request, form, obj)
            if form.errors and status == 200:
                status = 422
            return self._render(request, form, obj, status)

        return edit_view
