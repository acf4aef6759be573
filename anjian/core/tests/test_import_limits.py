"""Imports that do not block: a row cap refused before any row is checked, and a write that
answers 409 rather than 500 when someone registered the same record in the meantime."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from anjian.core import sheets
from anjian.core.errors import Invalid
from anjian.enterprises.exports import HEADERS
from anjian.enterprises.models import Enterprise
from anjian.enterprises.tests.test_imports import _rows, _xlsx
from tests.matrix import login_as


def _csv(rows: list[list]) -> SimpleUploadedFile:
    lines = [",".join(HEADERS)] + [",".join(str(v) for v in row) for row in rows]
    return SimpleUploadedFile("企业.csv", ("\n".join(lines) + "\n").encode())


@pytest.fixture
def cap(settings):
    def set_cap(rows: int) -> None:
        settings.ANJIAN = {**settings.ANJIAN, "IMPORT_MAX_ROWS": rows}

    return set_cap


def test_the_default_cap_is_fifty_thousand_rows():
    assert sheets.max_rows() == 50_000


def test_two_hundred_thousand_rows_are_refused_with_a_clear_message(client, personas):
    row = _rows(1)[0]
    upload = _csv([row] * 200_000)
    before = Enterprise.objects.count()
    login_as(client, personas, "city")
    response = client.post("/api/v1/enterprises/import", {"file": upload, "mode": "create"})
    assert response.status_code == 422
    body = response.json()
    assert body["message"] == (
        "文件有 200,000 行数据，超过一次导入的上限 50,000 行，未导入任何数据。"
        "请拆分为每个不超过 50,000 行的文件后分别导入。"
    )
    assert body["details"]["limit"] == 50_000 and body["details"]["rows"] == 200_000
    assert Enterprise.objects.count() == before


def test_a_workbook_over_the_cap_is_refused_from_its_declared_size(cap):
    cap(10)
    with pytest.raises(Invalid, match="文件有 11 行数据，超过一次导入的上限 10 行"):
        sheets.read(_xlsx(_rows(11)))


def test_a_workbook_that_declares_no_size_is_refused_while_read(cap):
    cap(10)
    book = Workbook(write_only=True)  # a streamed sheet carries no dimension
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for row in _rows(11):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    read = sheets.read(SimpleUploadedFile("x.xlsx", out.getvalue()))
    with pytest.raises(Invalid, match="超过一次导入的上限 10 行"):
        list(read.rows)


def test_a_file_at_the_cap_is_imported(client, personas, cap):
    cap(30)
    login_as(client, personas, "district")
    response = client.post(
        "/api/v1/enterprises/import", {"file": _csv(_rows(30)), "mode": "create"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["saved"] == 30


def test_blank_lines_do_not_count_against_the_cap(cap):
    cap(2)
    data = "甲\n1\n\n,\n2\n".encode()
    assert [values for _, values in sheets.read(SimpleUploadedFile("x.csv", data)).rows] == [
        ["1"],
        ["2"],
    ]
