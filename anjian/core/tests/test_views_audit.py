"""The audit log page and export: the audit administrator only, filtered, paginated, escaped."""

import io
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from django.db import transaction
from django.utils import timezone

from anjian.core import audit
from anjian.core.models import AuditEvent
from anjian.core.views_audit import EXPORT_HEADERS
from tests.personas import login_verified

LIST = "/audit/"
EXPORT = "/audit/export/"


@pytest.fixture
def auditor(client, personas):
    login_verified(client, personas["auditadmin"])
    return client


def table(response) -> str:
    """The audit table of a page (the filter form's suggestions also name event types)."""
    return response.content.decode().split('data-testid="audit-table"', 1)[1]


def ev(code: str) -> str:
    """A row of the table holds its event's code (the page shows the Chinese name)."""
    return f'data-event="{code}"'


def workbook_rows(response):
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[cell.value for cell in row] for row in book.active.iter_rows()]


def test_the_urls_are_named():
    from django.urls import reverse

    assert reverse("core:audit:list") == LIST and reverse("core:audit:export") == EXPORT


def test_the_audit_administrator_reads_the_log(auditor, personas):
    with transaction.atomic():
        audit.record(
            "role.permissions",
            actor=personas["secadmin"],
            object_type="accounts.role",
            object_id=3,
            reason="调整权限",
        )
    response = auditor.get(LIST)
    page = response.content.decode()
    assert response.status_code == 200
    assert "修改角色权限" in table(response) and "secadmin" in page
    assert "角色 第 3 号" in page and "accounts.role" not in table(response) and "调整权限" in page
    assert "导出 Excel" in page and "审计日志" in page


def test_times_are_shown_in_beijing_time(auditor):
    AuditEvent.objects.create(at=datetime(2026, 3, 1, 16, 30, 5, tzinfo=UTC), event_type="x.y")
    rows = table(auditor.get(LIST, {"event": "x.y"}))
    assert "2026-03-02" in rows and "00:30:05" in rows


def test_filters_narrow_the_list(auditor, personas):
    with transaction.atomic():
        audit.record(
            "auth.unlock",
            actor=personas["secadmin"],
            object_type="accounts.user",
            object_id="township",
        )
        audit.record("settings.security_policy", actor=personas["secadmin"])
        audit.record("auth.login", actor=personas["city"])
    rows = table(auditor.get(LIST, {"event": "auth.", "user": "secadmin"}))
    assert ev("auth.unlock") in rows and ev("settings.security_policy") not in rows
    assert ev("auth.login") not in rows
    by_object = table(auditor.get(LIST, {"object_type": "accounts.user", "object_id": "township"}))
    assert ev("auth.unlock") in by_object and ev("settings.security_policy") not in by_object
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "没有符合条件的审计记录" in table(auditor.get(LIST, {"since": tomorrow}))


def test_a_bad_date_is_explained_and_the_other_filters_still_apply(auditor, personas):
    with transaction.atomic():
        audit.record("auth.login", actor=personas["city"])
    response = auditor.get(LIST, {"since": "2026-13-40", "user": "city"})
    assert "有效的日期" in response.content.decode() and ev("auth.login") in table(response)
    page = auditor.get(LIST, {"since": "2026-03-02", "until": "2026-03-01"}).content.decode()
    assert "结束日期不能早于开始日期" in page


def test_the_log_is_paginated_by_id(auditor):
    AuditEvent.objects.bulk_create(
        AuditEvent(at=timezone.now(), event_type=f"test.n{i:03d}") for i in range(60)
    )
    first = table(auditor.get(LIST, {"event": "test."}))
    assert first.count("<tr data-event=") == 50
    assert ev("test.n059") in first and ev("test.n009") not in first
    cursor = first.split("cursor=")[1].split('"')[0]
    second = table(auditor.get(LIST, {"event": "test.", "cursor": cursor}))
    assert second.count("<tr data-event=") == 10
    assert ev("test.n000") in second and ev("test.n059") not in second
    assert "回到第一页" in second and 'data-testid="audit-next"' not in second


def test_the_export_is_an_escaped_workbook_and_is_itself_audited(auditor, personas):
    with transaction.atomic():
        audit.record(
            "account.update",
            actor=personas["sysadmin"],
            object_type="accounts.user",
            object_id=7,
            reason='=HYPERLINK("http://evil.example","点此")',
            after={"display_name": "+cmd|' /C calc'!A0"},
        )
    response = auditor.get(EXPORT, {"event": "account."})
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    rows = workbook_rows(response)
    assert rows[0] == EXPORT_HEADERS
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["事件代码"] == "account.update" and row["事件"] == "修改账号"
    assert row["用户"] == "sysadmin" and row["对象类型"] == "用户"
    assert row["原因"] == '\'=HYPERLINK("http://evil.example","点此")'
    assert row["修改后"].startswith('{"display_name"')
    export = AuditEvent.objects.get(event_type="audit.export")
    assert export.actor_username == "auditadmin"
    assert export.after == {"filters": {"event_type": "account."}, "rows": 1}


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "city", "ent_manager"])
@pytest.mark.parametrize("path", [LIST, EXPORT])
def test_everyone_else_is_refused(client, personas, username, path):
    login_verified(client, personas[username])
    assert client.get(path).status_code == 403
    assert AuditEvent.objects.filter(event_type="authz.denied", actor_username=username).exists()
    assert not AuditEvent.objects.filter(event_type="audit.export").exists()


def test_anonymous_visitors_are_sent_to_login(client, db):
    assert client.get(LIST).url.startswith("/accounts/login/")


def test_the_audit_administrator_sees_no_business_data(auditor, personas, demo):
    enterprise = demo.data["enterprises"][0]
    assert auditor.get("/enterprises/").status_code in (403, 404)
    assert auditor.get(f"/enterprises/{enterprise.pk}/").status_code in (403, 404)
    home = auditor.get("/").content.decode()
    assert "审计日志" in home and "企业台帐" not in home and "角色与权限" not in home
