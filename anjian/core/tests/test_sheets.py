"""The one spreadsheet reader, the shared cell parsers and the in-memory scope check."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from anjian.core import sheets
from anjian.core.errors import Invalid
from anjian.core.records.sheets import choice, day, decimal, integer, text, yes_no
from anjian.core.scoping import would_be_visible
from anjian.enterprises.choices import SupervisionClass
from anjian.enterprises.models import Enterprise
from anjian.regions.models import Sector


def _xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("x.xlsx", out.getvalue())


def test_it_reads_rows_with_their_sheet_numbers_and_skips_blank_ones():
    sheet = sheets.read(_xlsx([["甲", "乙", None], ["1", " 2 "], [None, None], ["3"]]))
    assert sheet.headers == ["甲", "乙"]
    assert list(sheet.rows) == [(2, ["1", "2"]), (4, ["3"])]


def test_it_refuses_a_row_with_too_many_cells():
    sheet = sheets.read(_xlsx([["甲"], ["x"] * (sheets.MAX_CELLS + 1)]))
    with pytest.raises(Invalid, match="超过 200 列"):
        list(sheet.rows)


def test_an_unsized_sheet_is_read_as_wide_as_its_cells(monkeypatch):
    """Streamed workbooks (our exports) declare no size: rows are not padded to the cap."""
    widths = []
    monkeypatch.setattr(
        sheets, "_trimmed", lambda values, number: widths.append(len(values)) or values
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in (["甲", "乙"], ["1", "2"], ["3", "4", "5"]):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    list(sheets.read(SimpleUploadedFile("x.xlsx", out.getvalue())).rows)
    assert max(widths) == 3


def test_it_refuses_more_rows_than_the_limit(settings):
    settings.ANJIAN = {**settings.ANJIAN, "IMPORT_MAX_ROWS": 3}
    with pytest.raises(Invalid, match="文件有 4 行数据，超过一次导入的上限 3 行"):
        sheets.read(SimpleUploadedFile("x.csv", "甲\n1\n2\n3\n4\n".encode()))


def test_the_parsers_accept_what_people_type_and_explain_what_they_refuse():
    assert text()(12345678.0) == "12345678" and text()(None) == ""
    with pytest.raises(ValueError, match="不能超过 2 个字"):
        text(2)("三个字")
    assert integer("12") == 12 and integer(12.0) == 12 and integer("") is None
    for bad in ("12.5", "-1", "十二"):
        with pytest.raises(ValueError):
            integer(bad)
    assert decimal(2)("1.234") == Decimal("1.23")
    assert yes_no("是") is True and yes_no("") is False
    assert day("2026/03/01") == date(2026, 3, 1)
    parse = choice(SupervisionClass, upper=True)
    assert parse("A类（重点监管）") == "A" and parse("c") == "C" and parse("") == ""
    with pytest.raises(ValueError, match="应为：A、B、C、D"):
        parse("E")


def test_would_be_visible_judges_an_unsaved_record_by_the_rule_of_its_model(personas):
    chemicals = Sector.objects.get(code="hazardous_chemicals")
    construction = Sector.objects.get(code="construction")
    here = Enterprise(region_code="990102001000", sector=construction)
    chemical = Enterprise(region_code="990102001000", sector=chemicals)
    elsewhere = Enterprise(region_code="990103001000", sector=construction)
    assert would_be_visible(here, personas["sector"])
    assert not would_be_visible(chemical, personas["sector"])
    assert would_be_visible(chemical, personas["district"])
    assert not would_be_visible(elsewhere, personas["district"])
    assert not would_be_visible(here, personas["sysadmin"])
