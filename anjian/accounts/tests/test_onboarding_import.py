"""Bulk opening of enterprise accounts from a sheet: all or nothing, errors by row and column,
the passwords shown once."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from anjian.accounts.imports import LAYOUT
from anjian.accounts.models import EnterpriseMembership, User
from anjian.core.models import AuditEvent
from tests.personas import login_verified

URL = "/accounts/enterprise-accounts/import/"
MACHINERY, CONSTRUCTION, WESTERN = 14, 5, 9


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(LAYOUT.headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("企业账号.xlsx", out.getvalue())


def test_accounts_of_several_enterprises_open_at_once_with_passwords_shown_once(
    client, demo, personas
):
    e = demo.data["enterprises"]
    login_verified(client, personas["district"])
    before = User.objects.count()
    sheet = _xlsx(
        [
            [e[MACHINERY].credit_code, "钱安全", "13912345621", "企业安全管理员"],
            [e[MACHINERY].credit_code, "钱负责", "13912345622", "principal"],
            [e[CONSTRUCTION].credit_code, "孙安全", "13912345623", "企业安全管理员"],
        ]
    )
    response = client.post(URL, {"file": sheet})
    page = response.content.decode()
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    assert page.count('data-testid="imported-password"') == 3
    assert User.objects.count() == before + 3
    made = User.objects.filter(phone__in=["13912345621", "13912345622", "13912345623"])
    assert {u.username for u in made} == {
        f"qy{e[MACHINERY].credit_code[8:17].lower()}-1",
        f"qy{e[MACHINERY].credit_code[8:17].lower()}-2",
        f"qy{e[CONSTRUCTION].credit_code[8:17].lower()}-1",
    }
    assert all(u.must_change_password and u.roles.count() == 1 for u in made)
    assert {u.scope.enterprise_id for u in made} == {e[MACHINERY].pk, e[CONSTRUCTION].pk}
    events = AuditEvent.objects.filter(event_type="account.enterprise_open")
    assert events.count() == 3


def test_a_bad_sheet_names_every_row_and_column_and_stores_nothing(client, demo, personas):
    e = demo.data["enterprises"]
    login_verified(client, personas["township"])
    before = User.objects.count()
    sheet = _xlsx(
        [
            [e[MACHINERY].credit_code, "钱安全", "13912345631", "企业安全管理员"],
            [e[WESTERN].credit_code, "钱负责", "13912345632", "企业主要负责人"],  # out of scope
            [e[MACHINERY].credit_code, "孙安全", "12345", "企业安全管理员"],
            [e[MACHINERY].credit_code, "李安全", "13912345633", "市级监管人员"],
        ]
    )
    response = client.post(URL, {"file": sheet})
    assert response.status_code == 422
    page = response.content.decode()
    assert "共 3 处错误" in page
    errors = page[page.index('data-testid="import-errors"') :]
    for row, column, message in (
        (3, "统一社会信用代码", "不在您的辖区内"),
        (4, "手机号", "13–19"),
        (5, "角色", "应为："),
    ):
        at = errors.index(message)
        line = errors[errors.rindex("<tr", 0, at) : at]
        assert f"第 {row} 行" in line and f"<td>{column}</td>" in line, line
    assert User.objects.count() == before


def test_only_regulators_may_import_accounts(client, demo, personas):
    for username in ("ent_manager", "grid", "sysadmin", "secadmin"):
        login_verified(client, personas[username])
        assert client.get(URL).status_code == 403, username


def test_a_mobile_seen_before_joins_its_account_instead_of_a_second_one(client, demo, personas):
    e = demo.data["enterprises"]
    login_verified(client, personas["district"])
    before = User.objects.count()
    sheet = _xlsx(
        [
            [e[MACHINERY].credit_code, "钱安全", "13912345631", "企业安全管理员"],
            [e[CONSTRUCTION].credit_code, "钱安全", "13912345631", "企业主要负责人"],
        ]
    )
    response = client.post(URL, {"file": sheet})
    assert response.status_code == 200
    assert User.objects.count() == before + 1
    account = User.objects.get(phone="13912345631")
    assert account.scope.enterprises == {e[MACHINERY].pk, e[CONSTRUCTION].pk}
    joined = EnterpriseMembership.objects.get(user=account)
    assert (joined.enterprise_id, joined.role) == (e[CONSTRUCTION].pk, "principal")
    assert "原密码不变" in response.content.decode()
    again = _xlsx([[e[CONSTRUCTION].credit_code, "钱安全", "13912345631", "企业安全管理员"]])
    refused = client.post(URL, {"file": again}).content.decode()
    assert "无需重复开通" in refused
    assert EnterpriseMembership.objects.filter(user=account).count() == 1
