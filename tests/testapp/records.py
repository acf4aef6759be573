"""A record type declared on the record layer: the worked example of docs/architecture.md.

From these declarations come the list page, the detail page with its workflow dialog, the
create and edit pages, the Excel import (with its template) and export, and the REST API.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from django import forms
from ninja import ModelSchema, Router, Schema
from pydantic import Field

from anjian.core.forms import StyledForm
from anjian.core.records import api
from anjian.core.records.exporting import SheetExport
from anjian.core.records.filters import FilterSet
from anjian.core.records.importing import SheetImport
from anjian.core.records.pages import DetailPage, FormPage
from anjian.core.records.sheets import Column, Layout, choice, label, text
from anjian.core.records.tables import Col
from anjian.core.records.types import FilterField, PageAction, RecordType
from anjian.core.records.workflow import Screen

from . import selectors, services
from .models import Ticket, TicketStatus
from .workflow import TICKET_FLOW


class TicketFilters(FilterSet):  # one filter set: the page, the API and the export
    status: TicketStatus | None = None
    q: str | None = Field(None, max_length=100, description="标题")
    sort: Literal["title", "-id"] | None = None

    exact: ClassVar = {"status": "status"}
    search: ClassVar = ("title",)
    sorts: ClassVar = {"-id": ("-id",), "title": ("title",)}
    sort_labels: ClassVar = {"title": "按标题"}
    default_sort: ClassVar = "-id"


TICKETS = RecordType(  # the list page
    name="ticket",
    namespace="tickets",
    title="工单",
    noun="工单",
    filters=TicketFilters,
    rows=selectors.tickets_for,
    view_perm="testapp.view_ticket",
    search_label="标题",
    sort_blank="最新在前",
    filter_fields=[FilterField("status", "状态", TicketStatus)],
    columns=[
        Col("title", "标题", link=True, optional=False),
        Col("status", "状态", badge=TicketStatus),
        Col("created_at", "登记时间", show="md"),
    ],
    actions=[
        PageAction("登记工单", "tickets:create", "plus", "testapp.add_ticket", primary=True),
        PageAction("导入", "tickets:import", "file-upload", "testapp.add_ticket"),
        PageAction("导出", "tickets:export", "download", "testapp.view_ticket", keep_query=True),
    ],
)

SCREEN = Screen(  # the workflow: buttons, the dialog, its POST
    workflow=TICKET_FLOW,
    namespace="tickets",
    get=selectors.ticket_for,
    apply=services.ticket_transition,
    title=lambda ticket: ticket.title,
)
DETAIL = DetailPage(  # one ticket: its fields, workflow buttons and history, other apps' panels
    name="ticket",
    get=selectors.ticket_for,
    fields=TICKETS.columns,
    screen=SCREEN,
    edit_url="tickets:edit",
    may_edit=services.may_change,
)


class TicketForm(StyledForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Ticket
        fields = ["title"]


FORM = FormPage(  # create and edit pages; the service decides
    form=TicketForm,
    namespace="tickets",
    noun="工单",
    get=selectors.ticket_for,
    create=services.ticket_create,
    update=services.ticket_update,
    may_create=services.may_add,
    may_edit=services.may_change,
)

LAYOUT = Layout(  # one spreadsheet layout: the import template, the import and the export
    "工单",
    [
        Column("标题", "title", text(100), required=True),
        Column(
            "状态",
            "status",
            choice(TicketStatus),
            render=label(TicketStatus),
            note="导入时不读此列",
        ),
    ],
    template_name="工单导入模板.xlsx",
)


def _validate(context, row):
    ticket = Ticket(title=row.data["title"], created_by=context.actor)
    return services.ticket_validate(user=context.actor, ticket=ticket)


IMPORT = SheetImport(
    LAYOUT,
    permission="testapp.add_ticket",
    denied="您无权导入工单。",
    validate=_validate,
    write=services.tickets_write,
)
EXPORT = SheetExport(
    LAYOUT,
    permission="testapp.view_ticket",
    denied="您无权导出工单。",
    rows=selectors.tickets_for,
    event="ticket.export",
    filename="工单.xlsx",
)


class TicketOut(ModelSchema):  # the API
    actions: list[str] = []

    class Meta:
        model = Ticket
        fields = ["id", "title", "status", "version"]


class TicketIn(Schema):
    title: str = Field(..., min_length=1, max_length=100)


router = Router(tags=["工单（示例）"])
api.register(
    router,
    "/tickets",
    noun="ticket",
    id_name="ticket_id",
    out=TicketOut,
    get=selectors.ticket_for,
    filters=TicketFilters,
    rows=selectors.tickets_for,
    export=EXPORT,
    sheet_import=IMPORT,
    payload=TicketIn,
    create=lambda user, p: services.ticket_create(user=user, data=p.dict()),
    update=lambda user, obj, p, v: services.ticket_update(
        user=user, obj=obj, data=p.dict(), version=v
    ),
    workflow=TICKET_FLOW,
    transition=services.ticket_transition,
    docs={
        "list": "我的工单。",
        "create": "登记工单。",
        "detail": "一张工单，含当前用户可执行的操作 `actions`。",
        "update": "修改工单；带 `If-Match: <version>` 而记录已变化返回 412。",
        "transitions": "流转：finish（完成）/ close（关闭）/ reopen（退回）。",
        "export": "按筛选导出工单（Excel）。",
        "import": "导入工单：先校验全部行，任一行有误则一行也不保存。",
    },
)
