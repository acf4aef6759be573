"""The boundary import page and command, and the map pages pointing at the boundaries."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from anjian.regions.models import Boundary
from tests.personas import login_verified

SQUARE = [[120.0, 30.0], [120.1, 30.0], [120.1, 30.1], [120.0, 30.1], [120.0, 30.0]]


def outline(**owner) -> dict | None:
    """The stored boundary of a region or grid, or None."""
    found = Boundary.objects.filter(**owner).first()
    return found.geometry if found else None


def geojson(*codes, ring=SQUARE) -> bytes:
    features = [
        {
            "type": "Feature",
            "properties": {"code": code},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }
        for code in codes
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("boundaries.geojson", content, "application/geo+json")


@pytest.mark.django_db
def test_the_administrator_uploads_boundaries_and_is_told_how_many(client, personas):
    login_verified(client, personas["sysadmin"])
    assert "导入边界" in client.get("/regions/").content.decode()
    response = client.post(
        "/regions/boundaries/", {"file": upload(geojson("990103", "990103001G02"))}, follow=True
    )
    assert "已导入 1 个区划、1 个网格的边界。" in response.content.decode()
    assert outline(region__code="990103000000")["coordinates"] == [SQUARE]
    assert outline(grid__code="990103001G02")["coordinates"] == [SQUARE]


@pytest.mark.django_db
def test_the_page_lists_every_bad_feature_at_once_and_stores_nothing(client, personas):
    login_verified(client, personas["sysadmin"])
    before = outline(region__code="990103000000")
    response = client.post(
        "/regions/boundaries/", {"file": upload(geojson("990103", "990177", "990178"))}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "第 2 个要素（990177）" in page and "第 3 个要素（990178）" in page
    assert outline(region__code="990103000000") == before


@pytest.mark.django_db
def test_the_page_refuses_a_file_that_is_not_json(client, personas):
    login_verified(client, personas["sysadmin"])
    response = client.post("/regions/boundaries/", {"file": upload(b"<kml/>")})
    assert "JSON 格式错误" in response.content.decode()


@pytest.mark.django_db
def test_the_command_imports_a_file_in_the_name_of_an_administrator(tmp_path, personas, capsys):
    path = tmp_path / "city.geojson"
    path.write_bytes(geojson("990102002"))
    call_command("import_boundaries", str(path), "--user", "sysadmin")
    assert "已导入 1 个区划、0 个网格的边界。" in capsys.readouterr().out
    assert outline(region__code="990102002000")["coordinates"] == [SQUARE]


@pytest.mark.django_db
def test_the_command_names_every_bad_feature_and_refuses_a_regulator(tmp_path, personas):
    path = tmp_path / "city.geojson"
    path.write_bytes(geojson("990102002", "990102002", ring=SQUARE[:-1]))
    with pytest.raises(CommandError) as caught:
        call_command("import_boundaries", str(path), "--user", "sysadmin")
    assert "有 2 处错误" in str(caught.value)
    assert "与第 1 个要素重复" in str(caught.value)
    with pytest.raises(CommandError, match="无权"):
        call_command("import_boundaries", str(path), "--user", "city")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/enterprises/map/", "/risks/map/"])
def test_the_map_pages_point_at_the_boundaries_and_load_the_base_layer(client, personas, url):
    client.force_login(personas["district"])
    response = client.get(url)
    page = response.content.decode()
    data = json.loads(page.split('id="map-data" type="application/json">')[1].split("</script>")[0])
    assert data["tiles"]["boundaries"] == "/api/v1/boundaries"
    assert "anjian/basemap.js" in page and "anjian/basemap.css" in page
