"""The import template: enumerations as drop-downs, a sample row that imports as it stands, and
the sheets of region and grid codes the columns refer to."""

import io
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from anjian.core.xlsx import safe_cell
from anjian.enterprises.exports import LAYOUT
from anjian.enterprises.models import Enterprise
from tests.matrix import login_as

pytestmark = pytest.mark.django_db


def _template(client, personas):
    login_as(client, personas, "township")
    response = client.get("/api/v1/enterprises/import-template")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_enumerated_columns_are_drop_downs_of_their_labels(client, personas):
    workbook = _template(client, personas)
    sheet, options = workbook["企业台帐"], workbook["选项"]
    assert options.sheet_state == "hidden"
    rules = {}
    for rule in sheet.data_validations.dataValidation:
        column = str(rule.sqref).split(":")[0].rstrip("0123456789")
        header = sheet[f"{column}1"].value
        letter = rule.formula1.split("!$")[1].split("$")[0]
        values = [c.value for c in options[letter][1:] if c.value is not None]
        rules[header] = (rule.type, values, str(rule.sqref).endswith("50001"))
    assert rules["规模以上"] == ("list", ["是", "否"], True)
    assert rules["风险等级"] == ("list", ["重大风险", "较大风险", "一般风险", "低风险"], True)
    assert rules["监管分类"] == ("list", ["A", "B", "C", "D"], True)
    assert rules["标准化等级"][1] == ["一级", "二级", "三级"]
    assert "统一社会信用代码" not in rules  # free text has no drop-down


def test_the_region_sheet_names_every_township_with_its_code(client, personas):
    rows = list(_template(client, personas)["区划代码"].iter_rows(values_only=True))
    assert rows[0] == ("区划代码", "名称", "级别", "上级")
    assert ("990102001000", "城东街道", "乡镇街道", "东湖区") in rows[1:]


def test_the_sample_row_imports_as_it_stands(client, personas):
    workbook = _template(client, personas)
    sample = list(workbook["示例"].iter_rows(values_only=True))
    filled = [c.header for c in LAYOUT.template_columns]
    assert list(sample[0]) == filled and "所在乡镇（街道）" not in filled
    out = Workbook()
    out.active.append(filled)
    out.active.append(list(sample[1]))
    data = io.BytesIO()
    out.save(data)
    upload = SimpleUploadedFile("示例.xlsx", data.getvalue())
    response = client.post("/api/v1/enterprises/import", {"file": upload, "mode": "create"})
    assert response.status_code == 200, response.content.decode()
    assert Enterprise.objects.get(credit_code="91990102MA0000001D").name == "示例化工有限公司"


def test_an_export_is_named_with_its_day(client, personas):
    login_as(client, personas, "township")
    response = client.get("/api/v1/enterprises/export")
    assert response.status_code == 200
    today = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"].endswith(quote(f"企业台帐-{today}.xlsx", safe=""))


def test_an_export_names_the_region_and_imports_back_unchanged(client, personas):
    login_as(client, personas, "township")
    exported = load_workbook(io.BytesIO(b"".join(client.get("/api/v1/enterprises/export"))))
    rows = list(exported.active.iter_rows(values_only=True))
    index = rows[0].index("所在乡镇（街道）")
    assert {row[index] for row in rows[1:]} == {"城东街道"}
    assert "正常" in {row[rows[0].index("经营状态")] for row in rows[1:]}
    data = io.BytesIO()
    exported.save(data)
    upload = SimpleUploadedFile("企业台帐.xlsx", data.getvalue())
    response = client.post("/api/v1/enterprises/import", {"file": upload, "mode": "update"})
    assert response.status_code == 200, response.content.decode()


def test_export_times_are_beijing_time_to_the_second():
    moment = datetime(2026, 5, 1, 2, 3, 4, 567890, tzinfo=UTC)
    assert safe_cell(moment) == datetime(2026, 5, 1, 10, 3, 4)
