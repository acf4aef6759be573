"""Region, grid and sector pages: who may open them, the tree, the forms and the sheet import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.core.models import AuditEvent
from anjian.regions.models import Grid, Region, Sector
from tests.personas import login_verified

OUTSIDERS = ["secadmin", "auditadmin", "city", "ent_manager"]


def log_in(client, user):
    if user.admin_kind:
        login_verified(client, user)
    else:
        client.force_login(user)
    return client


@pytest.fixture
def admin(client, personas):
    return log_in(client, personas["sysadmin"])


def pages() -> list[str]:
    grid = Grid.objects.get(code="990102001G01").pk
    sector = Sector.objects.get(code="construction").pk
    return [
        "/regions/",
        "/regions/children/990102000000/",
        "/regions/new/",
        "/regions/import/",
        "/regions/grids/",
        "/regions/grids/new/",
        f"/regions/grids/{grid}/",
        "/regions/sectors/",
        "/regions/sectors/new/",
        f"/regions/sectors/{sector}/",
    ]


def test_every_page_opens_for_the_system_administrator(admin):
    for url in pages():
        assert admin.get(url).status_code == 200, url


@pytest.mark.parametrize("username", OUTSIDERS)
def test_no_page_opens_for_anyone_else(client, personas, username):
    log_in(client, personas[username])
    for url in pages():
        assert client.get(url).status_code in (403, 404), url
    response = client.post("/regions/new/", {"code": "990102004", "name": "白沙镇"})
    assert response.status_code in (403, 404)
    assert not Region.objects.filter(code="990102004000").exists()


def test_the_tree_shows_levels_with_codes_and_opens_a_district(admin):
    body = admin.get("/regions/").content.decode()
    assert "示范市" in body and "990102000000" in body and "东湖区" in body
    assert "城东街道" not in body  # townships come when the district is opened
    assert 'hx-get="/regions/children/990102000000/"' in body
    district = admin.get("/regions/children/990102000000/").content.decode()
    assert "城东街道" in district and "临江镇" in district and "西城街道" not in district
    assert 'hx-get="/regions/children/990102001000/"' in district  # it has villages
    township = admin.get("/regions/children/990102001000/").content.decode()
    assert "城东社区" in township and "望江社区" in township


def test_an_unknown_region_is_not_found(admin):
    assert admin.get("/regions/children/123/").status_code == 404


def test_a_region_is_created_from_the_page(admin):
    response = admin.post("/regions/new/", {"code": "990102004", "name": "白沙镇"})
    assert response.status_code == 302
    assert Region.objects.get(code="990102004000").parent.code == "990102000000"
    assert AuditEvent.objects.filter(event_type="region.create").exists()


def test_an_orphan_code_is_shown_on_the_code_field(admin):
    response = admin.post("/regions/new/", {"code": "990109001", "name": "无主镇"})
    assert response.status_code == 200
    assert "上级区划" in response.context["form"].errors["code"][0]
    assert 'value="无主镇"' in response.content.decode()


def test_the_add_below_link_prefills_the_parent_prefix(admin):
    form = admin.get("/regions/new/", {"parent": "990102"}).context["form"]
    assert form.initial["code"] == "990102"


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("regions.csv", text.encode("utf-8"), content_type="text/csv")


def test_a_good_sheet_is_imported_from_the_page(admin):
    sheet = upload("区划代码,名称\n990102004,白沙镇\n990102004001,白沙村\n")
    response = admin.post("/regions/import/", {"file": sheet}, follow=True)
    assert "已导入 2 个区划" in response.content.decode()
    assert Region.objects.filter(code__startswith="990102004").count() == 2


def test_a_bad_sheet_lists_every_bad_row_and_saves_nothing(admin):
    sheet = upload("区划代码,名称\n990102004,白沙镇\n99x,坏\n990109001,孤\n")
    response = admin.post("/regions/import/", {"file": sheet})
    assert response.status_code == 422
    body = response.content.decode()
    assert "第 3 行" in body and "第 4 行" in body and "第 2 行" not in body
    assert "未导入任何区划" in body
    assert not Region.objects.filter(code__startswith="990102004").exists()


def test_grids_are_listed_per_township_with_masked_phones(admin):
    Grid.objects.filter(code="990102001G01").update(responsible_phone="13812345678")
    body = admin.get("/regions/grids/", {"township": "990102001000"}).content.decode()
    assert "第一网格" in body and "第二网格" in body and "临江镇" not in body.split("<tbody>")[1]
    assert "138****5678" in body and "13812345678" not in body


def test_a_grid_is_created_and_edited_from_the_pages(admin):
    township = Region.objects.get(code="990102002000")
    form = admin.get("/regions/grids/new/", {"township": township.code}).context["form"]
    assert form.initial["code"] == "990102002G"  # the township's code, ready for a number
    data = {
        "township": township.pk,
        "code": "990102002G03",
        "name": "第三网格",
        "responsible_name": "钱网格",
        "responsible_phone": "13800001111",
    }
    assert admin.post("/regions/grids/new/", data).status_code == 302
    grid = Grid.objects.get(code="990102002G03")
    data.update(name="江边网格", responsible_phone="abc")
    response = admin.post(f"/regions/grids/{grid.pk}/", data)
    assert response.status_code == 200 and response.context["form"].errors["responsible_phone"]
    data.update(responsible_phone="0755-23456789", is_active="")
    assert admin.post(f"/regions/grids/{grid.pk}/", data).status_code == 302
    grid.refresh_from_db()
    assert grid.name == "江边网格" and not grid.is_active
    assert [e.event_type for e in AuditEvent.objects.filter(event_type__startswith="grid.")] == [
        "grid.create",
        "grid.update",
    ]


def test_a_grid_cannot_be_put_in_a_district(admin):
    district = Region.objects.get(code="990102000000")
    data = {"township": district.pk, "code": "X9", "name": "某", "responsible_name": "某"}
    response = admin.post("/regions/grids/new/", data)
    assert response.status_code == 200 and response.context["form"].errors["township"]


def test_a_sector_keeps_its_code_when_edited(admin):
    sector = Sector.objects.get(code="construction")
    data = {"code": "building", "name": "建筑施工", "order": 5, "is_active": "on"}
    assert admin.post(f"/regions/sectors/{sector.pk}/", data).status_code == 302
    sector.refresh_from_db()
    assert sector.code == "construction" and sector.order == 5
    assert AuditEvent.objects.filter(event_type="sector.update").exists()


def test_a_sector_is_created_from_the_page(admin):
    data = {"code": "water", "name": "水利", "order": 40}
    assert admin.post("/regions/sectors/new/", data).status_code == 302
    assert Sector.objects.get(code="water").is_active
    body = admin.get("/regions/sectors/").content.decode()
    assert "水利" in body


def test_a_file_that_is_no_sheet_is_refused_on_the_file_field(admin):
    picture = SimpleUploadedFile("regions.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    response = admin.post("/regions/import/", {"file": picture})
    assert "不支持的文件类型" in response.context["form"].errors["file"][0]
