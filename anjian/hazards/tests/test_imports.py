"""Importing a campaign's hazards: all or nothing, errors by row and column, through the services."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from anjian.core.models import AuditEvent, TransitionRecord
from anjian.enterprises.models import Enterprise
from anjian.hazards.imports import HEADERS
from anjian.hazards.models import Hazard
from tests.matrix import login_as

CAMPAIGN = "专项检查"


def _codes(prefix: str) -> list[str]:
    """Credit codes of the enterprises under a region code (东湖区: the district's scope)."""
    return list(
        Enterprise.objects.filter(region_code__startswith=prefix)
        .order_by("name")
        .values_list("credit_code", flat=True)
    )


def _rows(n: int, prefix: str = "990102") -> list[list]:
    codes, today = _codes(prefix), timezone.localdate()
    rows = []
    for i in range(n):
        row = dict.fromkeys(HEADERS, "")
        row.update(
            {
                "企业统一社会信用代码": codes[i % len(codes)],
                "部位/设备": f"{i + 1}号车间",
                "隐患描述": f"{CAMPAIGN}发现：灭火器过期 {i:02d}",
                "大类": ["现场管理", "基础管理"][i % 2],
                "等级": ["一般隐患", "", "重大隐患"][i % 3],
                "来源": ["监督检查", "", "举报核查"][i % 3],
                "发现日期": today - timedelta(days=i % 5),
            }
        )
        rows.append([row[h] for h in HEADERS])
    return rows


def _xlsx(rows: list[list], headers=HEADERS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("隐患.xlsx", out.getvalue())


def _post(client, upload):
    return client.post("/api/v1/hazards/import", {"file": upload})


def _col(header: str) -> int:
    return HEADERS.index(header)


def _imported():
    return Hazard.objects.filter(description__startswith=CAMPAIGN)


def test_three_bad_rows_among_thirty_save_nothing_then_the_fixed_file_saves_all(client, personas):
    login_as(client, personas, "district")
    rows = _rows(30)
    good = [list(r) for r in rows]
    outside = Enterprise.objects.get(name="西山新型建材有限公司").credit_code  # 西山区
    rows[4][_col("企业统一社会信用代码")] = outside
    rows[11][_col("等级")] = "特大隐患"
    rows[29][_col("整改期限")] = "2026-13-40"
    before = Hazard.objects.count()
    response = _post(client, _xlsx(rows))
    assert response.status_code == 422
    errors = response.json()["details"]["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (6, "企业统一社会信用代码"),
        (13, "等级"),
        (31, "整改期限"),
    ]
    assert "不在您的辖区内" in errors[0]["message"] and "一般隐患、重大隐患" in errors[1]["message"]
    assert Hazard.objects.count() == before
    response = _post(client, _xlsx(good))
    assert response.status_code == 200, response.content
    assert response.json() == {"saved": 30, "confirmed": 0}
    assert _imported().count() == 30 and Hazard.objects.count() == before + 30
    assert set(_imported().values_list("status", flat=True)) == {"reported"}
    assert _imported().filter(grade="major").count() == 10
    assert _imported().filter(source="complaint").count() == 10
    records = TransitionRecord.objects.filter(
        action="report", object_id__in=[str(h.pk) for h in _imported()]
    )
    assert records.count() == 30
    assert {(r.signature.signer_id, r.signature.method) for r in records} == {
        (personas["district"].pk, "account"),
    }
    assert AuditEvent.objects.filter(event_type="hazard.import").count() == 1


def test_the_confirmation_columns_go_together_and_follow_the_rules(client, personas):
    login_as(client, personas, "district")
    rows = _rows(4)
    later = timezone.localdate() + timedelta(days=10)
    rows[0][_col("整改期限")] = later  # the other two missing
    rows[1][_col("等级")] = ""
    rows[2][_col("等级")] = "重大隐患"
    rows[3][_col("整改期限")] = timezone.localdate() - timedelta(days=1)
    for row in rows[1:]:
        if not row[_col("整改期限")]:
            row[_col("整改期限")] = later
        row[_col("整改责任人")], row[_col("整改措施")] = "张三", "更换灭火器"
    rows[0][_col("来源")] = "企业自查"
    errors = _post(client, _xlsx(rows)).json()["details"]["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (2, "来源"),
        (2, "整改期限"),
        (3, "等级"),
        (4, "等级"),
        (5, "整改期限"),
    ]
    assert "可填 监督检查、网格巡查、举报核查、其他" in errors[0]["message"]
    assert "须同时填写" in errors[1]["message"] and "治理方案" in errors[3]["message"]
    assert not _imported().exists()


def test_a_row_with_deadline_person_and_measures_is_confirmed_by_the_workflow(client, personas):
    """An import carries no photos, so the confirmation records why (the workflow's rule)."""
    login_as(client, personas, "township")  # the responsible office of the chemical works
    rows = _rows(3, prefix="990102001")
    rows[0][_col("企业统一社会信用代码")] = _chem_code()
    rows[0][_col("等级")] = "一般隐患"
    rows[0][_col("整改期限")] = timezone.localdate() + timedelta(days=7)
    rows[0][_col("整改责任人")], rows[0][_col("整改措施")] = "张三", "更换灭火器"
    response = _post(client, _xlsx(rows))
    assert response.status_code == 200, response.content
    assert response.json()["confirmed"] == 1
    assert _imported().filter(status="rectifying").count() == 1


def test_a_sheet_not_made_from_the_template_is_refused_as_a_whole(client, personas):
    login_as(client, personas, "district")
    response = _post(client, _xlsx(_rows(2), headers=[*HEADERS[:-1], "备注"]))
    assert response.status_code == 422
    assert (
        "缺少列" not in response.json()["message"]
        and "无法识别的列：备注" in response.json()["message"]
    )
    assert _post(client, _xlsx([])).json()["message"] == "文件中没有数据行。"


def test_only_importers_may_import(client, personas):
    for name in ("ent_manager", "grid"):
        login_as(client, personas, name)
        assert _post(client, _xlsx(_rows(1))).status_code == 403
        assert client.get("/hazards/import/").status_code == 403
    assert not _imported().exists()


def test_the_import_page_shows_the_bad_rows_then_saves_the_fixed_file(client, personas):
    login_as(client, personas, "township")
    template = client.get("/hazards/import/template/")
    workbook = load_workbook(io.BytesIO(template.content))
    assert [c.value for c in workbook.active[1]] == HEADERS
    assert workbook.sheetnames == ["隐患清单", "填写说明", "示例", "选项"]
    rows = _rows(3, prefix="990102001")  # 城东街道
    good = [list(r) for r in rows]
    rows[1][_col("部位/设备")] = ""
    response = client.post("/hazards/import/", {"file": _xlsx(rows)})
    assert response.status_code == 422
    html = response.content.decode()
    assert "第 3 行" in html and "部位/设备" in html and "必填" in html
    response = client.post("/hazards/import/", {"file": _xlsx(good)}, follow=True)
    assert "导入完成：已保存 3 条隐患" in response.content.decode()
    assert _imported().count() == 3


def test_an_officer_of_another_office_cannot_confirm_by_import(client, personas):
    """The district oversees; the township station works the hazard, so the row is refused."""
    login_as(client, personas, "district")
    rows = _rows(1)
    rows[0][_col("企业统一社会信用代码")] = _chem_code()
    rows[0][_col("等级")] = "一般隐患"
    rows[0][_col("整改期限")] = timezone.localdate() + timedelta(days=7)
    rows[0][_col("整改责任人")], rows[0][_col("整改措施")] = "张三", "更换灭火器"
    response = _post(client, _xlsx(rows))
    assert response.status_code == 422
    errors = response.json()["details"]["errors"]
    assert [e["row"] for e in errors] == [2] and "确认" in errors[0]["message"]
    assert not _imported().exists()


def _chem_code() -> str:
    from anjian.enterprises.models import Enterprise

    return Enterprise.objects.get(name="东湖精细化工有限公司").credit_code
