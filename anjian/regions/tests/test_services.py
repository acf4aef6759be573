"""Region, grid and sector writes: one region, a sheet of regions (all or nothing), grids, sectors."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from anjian.core import sheets
from anjian.core.errors import Forbidden, Invalid, TooLarge
from anjian.core.models import AuditEvent
from anjian.regions import services
from anjian.regions.models import Grid, Region, Sector


def xlsx(rows, header=("区划代码", "名称")) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("regions.xlsx", out.getvalue())


def csv_file(text: str, encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("regions.csv", text.encode(encoding))


def new_district_rows() -> list[tuple[str, str]]:
    """20 rows: a new district, its 4 townships and 15 villages, parents before children."""
    rows = [("990104", "新湖区")]
    rows += [(f"990104{t:03d}", f"新湖{t}镇") for t in range(1, 5)]
    for t in range(1, 5):
        for v in range(1, 5 if t < 4 else 4):
            rows.append((f"990104{t:03d}{v:03d}", f"新湖{t}镇{v}村"))
    assert len(rows) == 20
    return rows


def import_errors(exc_info) -> list[dict]:
    return exc_info.value.details["errors"]


# ---- one region ---------------------------------------------------------------------------


def test_it_creates_a_township_under_its_district_and_audits_it(personas):
    region = services.region_create(actor=personas["sysadmin"], code="990102004", name="白沙镇")
    assert region.code == "990102004000" and region.level == "township"
    assert region.prefix == "990102004" and region.parent.code == "990102000000"
    event = AuditEvent.objects.get(event_type="region.create")
    assert event.object_id == str(region.pk) and event.actor_username == "sysadmin"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("99010", "格式不正确"),
        ("990104001", "上级区划“990104000000”不存在"),
        ("990102001", "已存在"),
    ],
)
def test_it_refuses_a_bad_code_on_the_code_field(personas, code, message):
    with pytest.raises(Invalid) as exc_info:
        services.region_create(actor=personas["sysadmin"], code=code, name="某地")
    assert message in exc_info.value.message
    assert exc_info.value.details["field"] == "code"


def test_a_region_needs_a_name(personas):
    with pytest.raises(Invalid) as exc_info:
        services.region_create(actor=personas["sysadmin"], code="990102004", name="  ")
    assert exc_info.value.details["field"] == "name"


def test_only_those_who_may_add_regions_can(personas):
    with pytest.raises(Forbidden):
        services.region_create(actor=personas["city"], code="990102004", name="白沙镇")


# ---- a sheet of regions -------------------------------------------------------------------


def test_a_good_sheet_is_saved_whole_with_one_audit_event(personas):
    count = services.regions_import(actor=personas["sysadmin"], file=xlsx(new_district_rows()))
    assert count == 20
    saved = Region.objects.filter(code__startswith="990104")
    assert saved.count() == 20
    village = saved.get(code="990104004003")
    assert village.level == "village" and village.parent.code == "990104004000"
    assert saved.get(code="990104000000").parent.code == "990100000000"
    event = AuditEvent.objects.get(event_type="region.import")
    assert event.after["count"] == 20


def test_three_bad_rows_among_twenty_save_nothing_and_are_named(personas):
    rows = new_district_rows()
    rows[6] = ("9901040010021", "坏代码村")  # sheet row 8: 13 digits
    rows[10] = rows[9]  # sheet row 12 repeats row 11
    rows[15] = (rows[15][0], "")  # sheet row 17: no name
    with pytest.raises(Invalid) as exc_info:
        services.regions_import(actor=personas["sysadmin"], file=xlsx(rows))
    errors = import_errors(exc_info)
    assert [e["row"] for e in errors] == [8, 12, 17]
    assert [e["column"] for e in errors] == ["区划代码", "区划代码", "名称"]
    assert "与第 11 行重复" in errors[1]["message"]
    assert "3 处错误" in exc_info.value.message
    assert not Region.objects.filter(code__startswith="990104").exists()
    assert not AuditEvent.objects.filter(event_type="region.import").exists()


def test_an_orphan_code_is_reported_even_if_its_parent_comes_later(personas):
    rows = [
        ("990105001", "孤儿镇"),  # row 2: 990105 is neither in the system nor earlier
        ("990105", "后来区"),  # row 3
        ("990105002", "有家镇"),  # row 4: its parent is on row 3
        ("990106001001", "远村"),  # row 5: township 990106001 nowhere
    ]
    with pytest.raises(Invalid) as exc_info:
        services.regions_import(actor=personas["sysadmin"], file=xlsx(rows))
    errors = import_errors(exc_info)
    assert [e["row"] for e in errors] == [2, 5]
    assert "990105000000" in errors[0]["message"] and "不存在" in errors[0]["message"]


def test_codes_already_in_the_system_are_not_imported_again(personas):
    with pytest.raises(Invalid) as exc_info:
        services.regions_import(actor=personas["sysadmin"], file=xlsx([("990102001", "城东街道")]))
    assert "已存在" in import_errors(exc_info)[0]["message"]


def test_a_gbk_csv_with_a_parent_column_is_read_and_checked(personas):
    text = "区划代码,名称,上级代码\n990102004,白沙镇,990102\n990102005,黄石镇,990103\n"
    with pytest.raises(Invalid) as exc_info:
        services.regions_import(actor=personas["sysadmin"], file=csv_file(text, "gb18030"))
    errors = import_errors(exc_info)
    assert [(e["row"], e["column"]) for e in errors] == [(3, "上级代码")]
    good = "区划代码,名称,上级代码\n990102004,白沙镇,990102\n\n990102005,黄石镇,\n"
    assert services.regions_import(actor=personas["sysadmin"], file=csv_file(good)) == 2


def test_codes_typed_as_numbers_in_excel_are_read(personas):
    sheet = xlsx([(990102004, "白沙镇"), (990102004001.0, "白沙村")])
    assert services.regions_import(actor=personas["sysadmin"], file=sheet) == 2
    assert Region.objects.get(code="990102004001").parent.code == "990102004000"


def test_a_sheet_without_the_required_headers_is_refused(personas):
    sheet = xlsx([("990102004", "白沙镇")], header=("代码", "名称"))
    with pytest.raises(Invalid) as exc_info:
        services.regions_import(actor=personas["sysadmin"], file=sheet)
    missing = {"row": 1, "column": "区划代码", "message": "表头缺少“区划代码”列。"}
    assert import_errors(exc_info) == [missing]


def test_a_file_that_is_no_sheet_is_refused(personas):
    png = SimpleUploadedFile("regions.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(Invalid) as exc_info:
        services.regions_import(actor=personas["sysadmin"], file=png)
    assert "不支持的文件类型" in exc_info.value.message


def test_a_file_over_the_size_limit_is_refused(personas, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_BYTES", 1024)
    with pytest.raises(TooLarge):
        services.regions_import(actor=personas["sysadmin"], file=csv_file("区划代码,名称\n" * 200))


def _zip(entries: dict[str, bytes]) -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("bomb.xlsx", out.getvalue())


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({f"xl/{i}.xml": b"<a/>" for i in range(1001)}, "条目超过 1000 个"),
        (  # parts of 1 MB each (below the ratio check's floor), together over the total cap
            {
                f"xl/part{i}.xml": b"\x00" * sheets.MB
                for i in range(sheets.ZIP_MAX_UNCOMPRESSED // sheets.MB + 1)
            },
            f"解压后超过 {sheets.ZIP_MAX_UNCOMPRESSED // sheets.MB} MB",
        ),
        ({"xl/worksheets/sheet1.xml": b"\x00" * (8 * 1024 * 1024)}, "压缩比异常"),
    ],
    ids=["entries", "total", "ratio"],
)
def test_zip_bombs_are_refused_before_parsing(personas, entries, message):
    bomb = _zip(entries)
    assert bomb.size < 1024 * 1024  # small on the wire, huge inside
    with pytest.raises(Invalid) as exc_info:
        services.regions_import(actor=personas["sysadmin"], file=bomb)
    assert message in exc_info.value.message
    assert not AuditEvent.objects.filter(event_type="region.import").exists()


def test_a_damaged_xlsx_is_refused_with_a_message(personas):
    broken = _zip({"xl/workbook.xml": b"<not-a-workbook"})
    with pytest.raises(Invalid) as exc_info:
        services.regions_import(actor=personas["sysadmin"], file=broken)
    assert "Excel" in exc_info.value.message


# ---- grids and sectors --------------------------------------------------------------------


def test_a_grid_is_created_in_a_township_and_audited(personas):
    township = Region.objects.get(code="990102002000")
    grid = services.grid_create(
        actor=personas["sysadmin"],
        township=township,
        code="990102002G03",
        name="第三网格",
        responsible_name="钱网格",
        responsible_phone="13800001111",
    )
    assert grid.region_code == "990102002000"
    event = AuditEvent.objects.get(event_type="grid.create")
    assert event.after["township"] == "990102002000" and event.after["code"] == "990102002G03"


def test_a_grid_outside_a_township_is_refused(personas):
    district = Region.objects.get(code="990102000000")
    with pytest.raises(Invalid) as exc_info:
        services.grid_create(
            actor=personas["sysadmin"],
            township=district,
            code="X1",
            name="某",
            responsible_name="某",
        )
    assert exc_info.value.details["field"] == "township"


def test_a_duplicate_grid_code_lands_on_the_code_field(personas):
    township = Region.objects.get(code="990102002000")
    with pytest.raises(Invalid) as exc_info:
        services.grid_create(
            actor=personas["sysadmin"],
            township=township,
            code="990102001G01",
            name="重复",
            responsible_name="某",
        )
    assert exc_info.value.details["field"] == "code"


def test_moving_a_grid_updates_its_region_code_and_is_audited(personas):
    grid = Grid.objects.get(code="990102001G02")
    moved = services.grid_update(
        actor=personas["sysadmin"],
        grid=grid,
        township=Region.objects.get(code="990102002000"),
        responsible_name="新责任人",
    )
    assert moved.region_code == "990102002000"
    event = AuditEvent.objects.get(event_type="grid.update")
    assert event.before["township"] == "990102001000" and event.after["township"] == "990102002000"


def test_a_sector_is_edited_but_its_code_is_fixed(personas):
    sector = Sector.objects.get(code="commerce")
    services.sector_update(actor=personas["sysadmin"], sector=sector, name="商贸流通", order=3)
    sector.refresh_from_db()
    assert sector.name == "商贸流通" and sector.order == 3
    with pytest.raises(Invalid):
        services.sector_update(actor=personas["sysadmin"], sector=sector, code="trade")
    assert AuditEvent.objects.filter(event_type="sector.update").count() == 1


def test_a_new_sector_is_audited(personas):
    sector = services.sector_create(actor=personas["sysadmin"], code="water", name="水利", order=40)
    assert AuditEvent.objects.filter(event_type="sector.create", object_id=str(sector.pk)).exists()
