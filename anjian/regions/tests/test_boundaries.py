"""Boundaries: checking a polygon, the demo city's own map, the import and what each user sees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anjian.core.errors import Forbidden, Invalid
from anjian.core.models import AuditEvent
from anjian.regions import boundaries, geometry, selectors, services
from anjian.regions.models import Boundary

SQUARE = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
HOLE = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]


def outline(**owner) -> dict | None:
    """The stored boundary of a region or grid, or None."""
    found = Boundary.objects.filter(**owner).first()
    return found.geometry if found else None


def polygon(*rings):
    return {"type": "Polygon", "coordinates": [list(r) for r in rings]}


def feature(code, geom=None, **extra):
    properties = {"code": code, **extra}
    return {"type": "Feature", "properties": properties, "geometry": geom or polygon(SQUARE)}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


# ---- geometry -----------------------------------------------------------------------------


def test_a_point_in_a_hole_is_outside_and_a_point_around_it_inside():
    shape = geometry.check_boundary(polygon(SQUARE, HOLE))
    assert geometry.contains(shape, 2, 2)
    assert not geometry.contains(shape, 5, 5)
    assert not geometry.contains(shape, 11, 5)


def test_a_multipolygon_contains_points_of_each_part():
    far = [[20 + x, y] for x, y in SQUARE]
    shape = geometry.check_boundary({"type": "MultiPolygon", "coordinates": [[SQUARE], [far]]})
    assert geometry.contains(shape, 25, 5) and geometry.contains(shape, 5, 5)
    assert not geometry.contains(shape, 15, 5)


@pytest.mark.parametrize(
    ("geom", "message"),
    [
        ({"type": "Point", "coordinates": [1, 2]}, "Polygon 或 MultiPolygon"),
        (polygon(SQUARE[:-1]), "没有闭合"),
        (polygon(SQUARE[:3]), "至少需要 4 个坐标点"),
        (polygon([[30, 200], [31, 200], [31, 201], [30, 200]]), "超出经纬度范围"),
        (polygon([[True, 0], [1, 0], [1, 1], [True, 0]]), "不是数字"),
        ({"type": "Polygon", "coordinates": []}, "没有坐标环"),
        (polygon([[1, 1], [2, 2], [1, 1], [2, 2], [1, 1]]), "围不成区域"),
        ({"type": "MultiPolygon", "coordinates": [[SQUARE[:-1]]]}, "第 1 个多边形没有闭合"),
    ],
)
def test_it_refuses_a_boundary_that_cannot_be_drawn(geom, message):
    with pytest.raises(geometry.BoundaryError, match=message):
        geometry.check_boundary(geom)


def test_it_refuses_a_boundary_with_too_many_points():
    ring = [[i / 1e5, 0] for i in range(geometry.MAX_POSITIONS)] + [[0, 1], [0, 0]]
    with pytest.raises(geometry.BoundaryError, match="简化"):
        geometry.check_boundary(polygon(ring))


# ---- the demo city ------------------------------------------------------------------------


def _demo_shapes() -> dict[str, dict]:
    shapes = {}
    for item in boundaries.demo_collection()["features"]:
        shapes[item["properties"]["code"]] = geometry.check_boundary(item["geometry"])
    return shapes


@pytest.mark.django_db
def test_every_demo_enterprise_stands_in_its_township_district_city_and_grid(demo):
    shapes = _demo_shapes()
    for enterprise in demo.data["enterprises"]:
        lng, lat = float(enterprise.longitude), float(enterprise.latitude)
        township = enterprise.region.code[:9]
        for code in ("990100", township[:6], township):
            assert geometry.contains(shapes[code], lng, lat), (enterprise.name, code)
        if enterprise.grid is not None:
            assert geometry.contains(shapes[enterprise.grid.code], lng, lat), enterprise.name
        others = [c for c in shapes if len(c) == 9 and c != township]
        assert not any(geometry.contains(shapes[c], lng, lat) for c in others), enterprise.name


def test_the_demo_areas_tile_the_city_without_overlapping():
    """Every sampled point of the city lies in exactly one district, township and grid."""
    shapes = _demo_shapes()
    levels = {
        "district": [c for c in shapes if len(c) == 6 and c != "990100"],
        "township": [c for c in shapes if len(c) == 9],
        "grid": [c for c in shapes if "G" in c],
    }
    inside = 0
    for i in range(60):
        for j in range(60):
            lng, lat = 120.045 + i * 0.0039, 30.175 + j * 0.0023
            if not geometry.contains(shapes["990100"], lng, lat):
                continue
            inside += 1
            for level, codes in levels.items():
                hits = [c for c in codes if geometry.contains(shapes[c], lng, lat)]
                assert len(hits) == 1, (level, lng, lat, hits)
    assert inside > 2000


@pytest.mark.django_db
def test_the_demo_seed_stores_the_boundaries(demo):
    assert outline(region__code="990102003000")["type"] == "Polygon"
    assert outline(grid__code="990103002G02")["type"] == "Polygon"


# ---- import -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_sets_or_replaces_boundaries_keyed_by_code_and_audits_it(personas):
    replaced = Boundary.objects.get(region__code="990102000000")
    counts = services.boundaries_import(
        actor=personas["sysadmin"],
        collection=collection(
            feature("990102", polygon(SQUARE, HOLE)),
            {**feature(None), "properties": {"adcode": 990103}},
            feature("990102001G01"),
            feature("990102001001"),  # a village without a boundary so far
        ),
    )
    assert counts == {"regions": 3, "grids": 1}
    assert outline(region__code="990102000000")["coordinates"][1] == HOLE
    assert outline(region__code="990103000000")["coordinates"] == [SQUARE]
    assert outline(grid__code="990102001G01")["coordinates"] == [SQUARE]
    assert outline(region__code="990102001001")["coordinates"] == [SQUARE]
    assert Boundary.objects.filter(region__code="990102000000").count() == 1
    replaced_now = Boundary.objects.get(pk=replaced.pk)
    assert replaced_now.updated_at > replaced.updated_at
    event = AuditEvent.objects.filter(event_type="region.boundaries_import").latest("id")
    assert event.after == counts


@pytest.mark.django_db
def test_it_reports_every_bad_feature_and_stores_nothing(personas):
    before = outline(region__code="990102000000")
    with pytest.raises(Invalid) as caught:
        services.boundaries_import(
            actor=personas["sysadmin"],
            collection=collection(
                feature("990102"),
                feature("990199"),
                feature("990102000000", polygon(SQUARE)),
                feature("990103", polygon(SQUARE[:-1])),
                {"type": "Feature", "properties": {}, "geometry": polygon(SQUARE)},
            ),
        )
    messages = [e["message"] for e in caught.value.details["errors"]]
    assert messages == [
        "第 2 个要素（990199）：系统中没有这个区划或网格，请先添加。",
        "第 3 个要素（990102000000）：与第 1 个要素重复。",
        "第 4 个要素（990103）：多边形没有闭合：首尾坐标点应相同。",
        "第 5 个要素：properties 中缺少区划代码或网格编码（code）。",
    ]
    assert caught.value.message == "有 4 处错误，未导入任何边界。"
    assert outline(region__code="990102000000") == before


@pytest.mark.django_db
@pytest.mark.parametrize("document", [[], {"type": "Feature"}, {"type": "FeatureCollection"}])
def test_it_refuses_a_document_that_is_not_a_feature_collection(personas, document):
    with pytest.raises(Invalid):
        services.boundaries_import(actor=personas["sysadmin"], collection=document)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["city", "secadmin", "ent_manager"])
def test_only_the_system_administrator_imports_boundaries(personas, username):
    with pytest.raises(Forbidden):
        services.boundaries_import(actor=personas[username], collection=collection())


def test_it_refuses_a_file_that_is_not_json():
    with pytest.raises(ValueError, match="JSON 格式错误"):
        boundaries.read(b"\xff{not json")


# ---- what each user sees ------------------------------------------------------------------


def _codes(user) -> list[tuple[str, str]]:
    return [
        (f["properties"]["level"], f["properties"]["code"])
        for f in selectors.boundaries_for(user)["features"]
    ]


@pytest.mark.django_db
def test_the_city_sees_its_districts_before_their_townships_and_grids_last(personas):
    seen = _codes(personas["city"])
    levels = [level for level, _ in seen]
    assert levels[:3] == ["city", "county", "county"]
    assert levels.count("township") == 6 and levels.count("grid") == 12
    assert levels.index("grid") > max(i for i, lv in enumerate(levels) if lv == "township")


@pytest.mark.django_db
def test_a_township_officer_sees_only_his_township_and_its_grids(personas):
    assert _codes(personas["township"]) == [
        ("township", "990102001000"),
        ("grid", "990102001G01"),
        ("grid", "990102001G02"),
    ]


@pytest.mark.django_db
def test_a_region_without_a_boundary_is_left_out(personas):
    Boundary.objects.filter(region__code="990102002000").delete()
    codes = [code for _, code in _codes(personas["district"])]
    assert "990102002000" not in codes and "990102003000" in codes


@pytest.mark.django_db
def test_the_api_serves_the_boundaries_in_scope_as_geojson(client, personas):
    client.force_login(personas["district_b"])
    body = client.get("/api/v1/boundaries").json()
    assert body["type"] == "FeatureCollection"
    codes = {f["properties"]["code"] for f in body["features"]}
    assert "990103000000" in codes and "990103002G01" in codes
    assert not any(code.startswith("990102") for code in codes)
    first = body["features"][0]
    assert first["geometry"]["type"] == "Polygon"
    assert first["properties"]["name"] == "西山区"


@pytest.mark.django_db
def test_the_boundaries_take_two_queries_however_many_there_are(personas):
    user = personas["city"]
    selectors.boundaries_for(user)  # the user's scope is read once and kept
    with CaptureQueriesContext(connection) as all_of_them:
        assert len(selectors.boundaries_for(user)["features"]) == 21
    Boundary.objects.filter(grid__isnull=False).delete()
    with CaptureQueriesContext(connection) as fewer:
        assert len(selectors.boundaries_for(user)["features"]) == 9
    assert len(all_of_them) == len(fewer) == 2
