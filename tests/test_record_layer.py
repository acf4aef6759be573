"""The record layer, end to end, on the worked example of docs/architecture.md (tickets):
every page and API operation comes from `tests/testapp/records.py`."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from openpyxl import Workbook, load_workbook

from anjian.accounts.models import Role, UserRole
from anjian.core.models import AuditEvent
from tests.testapp.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(personas):
    """The township officer, given the ticket permissions through a role (roles are data)."""
    user = personas["township"]
    role = Role.objects.create(code="ticket-clerk", name="工单员")
    role.permissions.set(Permission.objects.filter(content_type__app_label="testapp"))
    UserRole.objects.create(user=user, role=role)
    return user


def _sheet(rows) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "tickets.xlsx"
    return data


def test_the_list_filters_and_says_how_many_without_counting_everything(client, clerk):
    Ticket.objects.create(title="灭火器过期", created_by=clerk)
    Ticket.objects.create(title="通道堵塞", created_by=clerk, status="done")
    client.force_login(clerk)
    page = client.get("/tickets/?status=open").content.decode()
    assert "灭火器过期" in page and "通道堵塞" not in page
    assert 'data-testid="ticket-count">共 1 条' in page
    assert client.get("/tickets/?status=nonsense").status_code == 422


def test_a_user_without_the_view_permission_is_refused_and_audited(client, personas):
    client.force_login(personas["township"])
    assert client.get("/tickets/").status_code == 403
    assert AuditEvent.objects.filter(event_type="authz.denied", reason__contains="/tickets/")


def test_create_shows_every_field_error_at_once_and_then_saves(client, clerk):
    client.force_login(clerk)
    assert client.post("/tickets/new/", {"title": ""}).status_code == 422
    response = client.post("/tickets/new/", {"title": "配电箱未上锁"})
    ticket = Ticket.objects.get(title="配电箱未上锁")
    assert response.url == f"/tickets/{ticket.pk}/"
    assert AuditEvent.objects.filter(event_type="ticket.create", object_id=str(ticket.pk))


def test_a_stale_edit_is_refused_not_overwritten(client, clerk):
    ticket = Ticket.objects.create(title="旧标题", created_by=clerk)
    client.force_login(clerk)
    assert (
        client.post(f"/tickets/{ticket.pk}/edit/", {"title": "甲", "version": 1}).status_code == 302
    )
    stale = client.post(f"/tickets/{ticket.pk}/edit/", {"title": "乙", "version": 1})
    assert stale.status_code == 412 and "记录已被他人修改" in stale.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).title == "甲"


def test_the_detail_page_offers_the_workflow_and_the_dialog_applies_it(client, clerk):
    ticket = Ticket.objects.create(title="护栏松动", created_by=clerk)
    client.force_login(clerk)
    page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert 'data-testid="action-finish"' in page and "护栏松动" in page
    dialog = client.get(f"/tickets/{ticket.pk}/actions/finish/", HTTP_HX_REQUEST="true")
    assert 'name="comment"' in dialog.content.decode()
    refused = client.post(f"/tickets/{ticket.pk}/actions/finish/", {"version": 1})
    assert refused.status_code == 422 and "请填写说明" in refused.content.decode()
    done = client.post(f"/tickets/{ticket.pk}/actions/finish/", {"version": 1, "comment": "已紧固"})
    assert done.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == "done"


def test_the_import_is_all_or_nothing_with_every_bad_row_named(client, clerk):
    client.force_login(clerk)
    bad = _sheet([["标题", "状态"], ["可燃物堆放", ""], ["", "待处理"], ["x" * 101, ""]])
    response = client.post("/tickets/import/", {"file": bad})
    assert response.status_code == 422
    errors = response.context["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "标题"), (4, "标题")]
    assert not Ticket.objects.exists()
    good = _sheet([["标题"], ["可燃物堆放"], ["消防栓无水"]])
    assert client.post("/tickets/import/", {"file": good}).status_code == 302
    assert Ticket.objects.filter(created_by=clerk).count() == 2


def test_the_export_holds_what_the_list_shows_and_is_audited(client, clerk):
    Ticket.objects.create(title="=HYPERLINK(1)", created_by=clerk)
    client.force_login(clerk)
    response = client.get("/tickets/export/")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.values)
    assert rows[0] == ("标题", "状态") and rows[1] == ("'=HYPERLINK(1)", "待处理")
    assert AuditEvent.objects.filter(event_type="ticket.export")
    template = client.get("/tickets/import/template/")
    assert load_workbook(io.BytesIO(template.content)).active["A1"].value == "标题"


def test_the_api_lists_creates_updates_with_if_match_and_moves_the_workflow(client, clerk):
    client.force_login(clerk)
    created = client.post("/api/v1/tickets", {"title": "梯子损坏"}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["actions"] == ["finish"] and body["version"] == 1
    url = f"/api/v1/tickets/{body['id']}"
    assert client.get("/api/v1/tickets?status=open").json()["items"][0]["title"] == "梯子损坏"
    stale = client.patch(url, {"title": "乙"}, content_type="application/json", HTTP_IF_MATCH="9")
    assert stale.status_code == 412
    assert (
        client.patch(url, {"title": "甲"}, content_type="application/json").json()["version"] == 2
    )
    moved = client.post(
        f"{url}/transitions",
        {"action": "finish", "comment": "换新"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["status"] == "done"
    missing = client.post(
        f"{url}/transitions", {"action": "close"}, content_type="application/json"
    )
    assert missing.status_code in (403, 409, 422)


def test_the_openapi_documents_every_operation_in_chinese(client, clerk):
    schema = client.get("/api/v1/openapi.json").json()
    ops = {
        (method, path): op
        for path, methods in schema["paths"].items()
        if "ticket" in path
        for method, op in methods.items()
    }
    assert len(ops) == 7
    assert ops[("post", "/api/v1/tickets/{ticket_id}/transitions")]["operationId"] == (
        "tests_testapp_records_ticket_transition"
    )
    assert all(op.get("description") or op.get("summary") for op in ops.values())
