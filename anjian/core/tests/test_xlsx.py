"""The shared Excel writer: cells are never formulas, names survive in Chinese, files open."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from urllib.parse import unquote

import openpyxl
import pytest

from anjian.core.xlsx import XLSX_MIME, content_disposition, safe_cell, stream_workbook


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://evil.example","点我")', '\'=HYPERLINK("http://evil.example","点我")'),
        ("+86 138", "'+86 138"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
    ],
)
def test_text_that_looks_like_a_formula_is_escaped(raw, escaped):
    assert safe_cell(raw) == escaped


@pytest.mark.parametrize("text", ["安全生产", "a=b", "1+1", "", "'=quoted", "张三@example.cn"])
def test_ordinary_text_is_left_alone(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", [None, 0, -5, 3.5, Decimal("-1.20"), True, date(2026, 1, 2)])
def test_typed_values_pass_through(value):
    assert safe_cell(value) == value


def test_characters_xml_cannot_hold_are_removed_before_the_check():
    assert safe_cell("\x01\x02=1+1") == "'=1+1"
    assert safe_cell("ab\x0bc") == "abc"


def test_aware_datetimes_become_beijing_wall_time():
    value = safe_cell(datetime(2026, 3, 1, 16, 30, tzinfo=UTC))
    assert value == datetime(2026, 3, 2, 0, 30) and value.tzinfo is None


def test_structures_become_json_text_and_are_still_checked():
    assert safe_cell({"名称": "甲"}) == '{"名称": "甲"}'
    assert safe_cell(["=x"]) == '["=x"]'
    assert safe_cell(type("Odd", (), {"__str__": lambda self: "=bad"})()) == "'=bad"


def test_overlong_text_is_cut_to_the_excel_limit():
    assert len(safe_cell("长" * 40_000)) == 32_767


def test_the_filename_is_sent_per_rfc_5987_with_an_ascii_fallback():
    header = content_disposition("审计日志-20260101.xlsx")
    assert header.startswith('attachment; filename="20260101.xlsx"; ')
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "审计日志-20260101.xlsx"
    assert content_disposition("审计.xlsx").startswith('attachment; filename="export.xlsx"')
    assert '"' not in encoded and " " not in encoded


def test_a_streamed_workbook_opens_with_the_header_row_and_no_formula(db):
    rows = [["=1+1", 1, datetime(2026, 3, 1, 8, 0, tzinfo=UTC)], ["@x", None, "普通"]]
    response = stream_workbook(
        "测试.xlsx", ["内容", "数量", "时间"], iter(rows), sheet_title="表一"
    )
    assert response["Content-Type"] == XLSX_MIME
    assert response["X-Content-Type-Options"] == "nosniff"
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["表一"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["内容", "数量", "时间"]
    assert values[1] == ["'=1+1", 1, datetime(2026, 3, 1, 16, 0)]
    assert values[2] == ["'@x", None, "普通"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold


def test_an_empty_export_still_has_its_header_row(db):
    response = stream_workbook("空.xlsx", ["甲", "乙"], [])
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [[c.value for c in row] for row in book.active.iter_rows()] == [["甲", "乙"]]
