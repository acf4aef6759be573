"""Import and export: all or nothing, errors by row, and a round trip that changes nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from anjian.core.models import AuditEvent
from anjian.enterprises.exports import HEADERS, LAYOUT
from anjian.enterprises.models import Enterprise
from anjian.enterprises.seeds import make_credit_code
from tests.matrix import login_as

TOWNSHIPS = ["990102001", "990102002", "990102003"]


def _rows(n: int, start: int = 0) -> list[list]:
    rows = []
    for i in range(start, start + n):
        township = TOWNSHIPS[i % 3]
        row = dict.fromkeys(HEADERS, "")
        row.update(
            {
                "统一社会信用代码": make_credit_code(township + "000", 50000000 + i),
                "单位名称": f"导入企业{i:04d}有限公司",
                "所在乡镇（街道）代码": township,
                "监管行业": ["建筑施工", "商贸", "危险化学品"][i % 3],
                "从业人员数": 10 + i % 300,
                "规模以上": "是" if i % 2 else "否",
                "风险等级": "一般风险",
                "监管分类": "C",
                "主要负责人电话": f"1380000{i:04d}",
                "经度": 120.1 + i % 1000 / 10000,
                "纬度": 30.25,
            }
        )
        rows.append([row[h] for h in HEADERS])
    return rows


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("企业.xlsx", out.getvalue())


def _post(client, upload, mode="create"):
    return client.post("/api/v1/enterprises/import", {"file": upload, "mode": mode})


def test_three_bad_rows_among_five_hundred_save_nothing_then_the_fix_saves_all(client, personas):
    login_as(client, personas, "district")
    rows = _rows(500)
    code_col, region_col, sector_col = (
        HEADERS.index(h) for h in ("统一社会信用代码", "所在乡镇（街道）代码", "监管行业")
    )
    good = [list(r) for r in rows]
    rows[10][code_col] = rows[10][code_col][:17] + ("0" if rows[10][code_col][17] != "0" else "1")
    rows[200][region_col] = "990103001"  # district B: outside 东湖区
    rows[499][sector_col] = "飞行器"
    before = Enterprise.objects.count()
    response = _post(client, _xlsx(rows))
    assert response.status_code == 422
    errors = response.json()["details"]["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (12, "统一社会信用代码"),
        (202, "所在乡镇（街道）代码"),
        (501, "监管行业"),
    ]
    assert all(e["message"] for e in errors)
    assert Enterprise.objects.count() == before
    response = _post(client, _xlsx(good))
    assert response.status_code == 200, response.content
    assert response.json()["saved"] == 500
    assert Enterprise.objects.count() == before + 500
    assert AuditEvent.objects.filter(event_type="enterprise.create").count() >= 500


def test_duplicates_in_the_file_and_in_the_register_are_reported(client, personas):
    login_as(client, personas, "district")
    rows = _rows(3)
    rows[2] = list(rows[0])
    existing = Enterprise.objects.get(name="城东建设工程有限公司")
    rows[1][HEADERS.index("统一社会信用代码")] = existing.credit_code
    messages = [e["message"] for e in _post(client, _xlsx(rows)).json()["details"]["errors"]]
    assert any("与第 2 行重复" in m for m in messages)
    assert any("已登记" in m for m in messages)


def test_export_then_import_as_update_changes_nothing(client, personas):
    login_as(client, personas, "district")
    exported = client.get("/api/v1/enterprises/export")
    assert exported.status_code == 200
    data = b"".join(exported.streaming_content)
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 1 + 19
    assert "****" in str(rows[1][HEADERS.index("主要负责人电话")])  # masked in the export
    versions = dict(Enterprise.objects.values_list("id", "version"))
    response = _post(client, SimpleUploadedFile("back.xlsx", data), mode="update")
    assert response.status_code == 200, response.content
    assert response.json()["saved"] == 0
    assert dict(Enterprise.objects.values_list("id", "version")) == versions
    phones = Enterprise.objects.exclude(principal_phone="").values_list(
        "principal_phone", flat=True
    )
    assert all("*" not in p for p in phones)


def test_an_update_import_changes_only_what_differs(client, personas):
    login_as(client, personas, "district")
    data = b"".join(client.get("/api/v1/enterprises/export").streaming_content)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    sheet.cell(row=2, column=HEADERS.index("从业人员数") + 1, value=999)
    out = io.BytesIO()
    workbook.save(out)
    response = _post(client, SimpleUploadedFile("x.xlsx", out.getvalue()), mode="update")
    assert response.json()["saved"] == 1
    assert Enterprise.objects.filter(employees=999).count() == 1


def test_export_cells_that_look_like_formulas_are_escaped(client, personas):
    enterprise = Enterprise.objects.get(name="东湖精细化工有限公司")
    Enterprise.objects.filter(pk=enterprise.pk).update(address='=HYPERLINK("http://x")')
    login_as(client, personas, "township")
    data = b"".join(client.get("/api/v1/enterprises/export").streaming_content)
    cells = [
        c for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True) for c in row
    ]
    assert '\'=HYPERLINK("http://x")' in cells


def test_a_zip_bomb_and_a_foreign_header_are_refused(client, personas):
    import zipfile

    login_as(client, personas, "district")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<a/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (40 * 1024 * 1024))
    response = _post(client, SimpleUploadedFile("bomb.xlsx", out.getvalue()))
    assert response.status_code == 422 and "结构异常" in response.json()["message"]
    csv = "名称,地址\n甲,乙\n".encode()
    response = _post(client, SimpleUploadedFile("x.csv", csv))
    assert response.status_code == 422 and "表头" in response.json()["message"]


@pytest.mark.parametrize("persona", ["grid", "ent_manager", "auditadmin"])
def test_only_regulators_import(client, personas, persona):
    login_as(client, personas, persona)
    assert _post(client, _xlsx(_rows(1))).status_code == 403


def test_the_template_has_the_columns_and_instructions(client, personas):
    login_as(client, personas, "township")
    response = client.get("/api/v1/enterprises/import-template")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["企业台帐", "填写说明", "示例", "区划代码", "网格编码", "选项"]
    assert [c.value for c in workbook["企业台帐"][1]] == [c.header for c in LAYOUT.template_columns]


def test_import_refuses_an_enterprise_outside_the_sector_officers_sectors(client, personas):
    """The sector officer supervises construction only: a chemical enterprise would vanish."""
    login_as(client, personas, "sector")
    rows = _rows(2)  # row 2: 建筑施工, row 3: 商贸
    rows[1][HEADERS.index("监管行业")] = "危险化学品"
    before = Enterprise.objects.count()
    response = _post(client, _xlsx(rows))
    assert response.status_code == 422
    errors = response.json()["details"]["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "监管行业")]
    assert "不在您部门的监管范围内" in errors[0]["message"]
    assert Enterprise.objects.count() == before


def test_import_refuses_an_invalid_supervision_class(client, personas):
    login_as(client, personas, "district")
    rows = _rows(3)
    rows[2][HEADERS.index("监管分类")] = "E"
    rows[1][HEADERS.index("监管分类")] = "b"  # a letter in lower case is still the class
    before = Enterprise.objects.count()
    response = _post(client, _xlsx(rows))
    assert response.status_code == 422
    errors = response.json()["details"]["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(4, "监管分类")]
    assert "A、B、C、D" in errors[0]["message"]
    assert Enterprise.objects.count() == before
    rows[2][HEADERS.index("监管分类")] = "A"
    assert _post(client, _xlsx(rows)).status_code == 200
    stored = Enterprise.objects.filter(credit_code__in=[r[0] for r in rows])
    assert sorted(stored.values_list("supervision_class", flat=True)) == ["A", "B", "C"]
