"""Bounding boxes of regions: inherited from the nearest ancestor that has one."""

from decimal import Decimal

import pytest

from anjian.enterprises.models import Enterprise
from anjian.regions.models import Region
from anjian.regions.selectors import bounds_of, region_bounds
from anjian.standards import coordinates

pytestmark = pytest.mark.django_db


def test_a_township_inherits_its_district_box_and_a_district_has_its_own(demo):
    township = bounds_of("990102001")
    assert township is not None and township.name == "东湖区"
    assert township.box == (Decimal("120.05"), Decimal("30.1"), Decimal("120.4"), Decimal("30.4"))
    assert bounds_of("990103001000").name == "西山区"
    assert bounds_of("990102001001").name == "东湖区"  # a community, two levels down


def test_the_nearest_ancestor_wins_and_a_region_without_any_has_none(demo):
    Region.objects.filter(code="990102001000").update(
        bbox_west="120.1", bbox_south="30.2", bbox_east="120.2", bbox_north="30.3"
    )
    lookup = region_bounds()
    assert lookup("990102001001").name == "城东街道"
    assert lookup("990102002").name == "东湖区"
    assert lookup("990000") is None  # the province has no box, nor any ancestor
    assert bounds_of("bad code") is None and lookup("bad code") is None


def test_the_lookup_reads_the_boxes_once(demo, django_assert_num_queries):
    with django_assert_num_queries(1):
        lookup = region_bounds()
        for code in ("990102001", "990103002", "990102001001", "990100"):
            assert lookup(code) is not None


def test_every_demo_enterprise_lies_in_its_region_box(demo):
    lookup = region_bounds()
    located = Enterprise.objects.filter(longitude__isnull=False)
    assert located.count() >= 10
    for enterprise in located:
        bounds = lookup(enterprise.region_code)
        result = coordinates.check(enterprise.longitude, enterprise.latitude, bounds=bounds.box)
        assert result.valid, (enterprise.name, result.explanation)


def test_a_region_sheet_may_carry_bounding_boxes_and_a_bad_box_is_named(personas):
    from anjian.core.errors import Invalid
    from anjian.regions import services
    from anjian.regions.tests.test_services import xlsx

    header = ("区划代码", "名称", "西边界经度", "南边界纬度", "东边界经度", "北边界纬度")
    bad = [
        ("990104", "新区", "120.3", "30.1", "120.2", "30.3"),  # east west of west
        ("990104001", "新镇", "120.2", "", "", ""),  # one edge only
    ]
    with pytest.raises(Invalid) as raised:
        services.regions_import(actor=personas["sysadmin"], file=xlsx(bad, header=header))
    errors = [(e["row"], e["column"]) for e in raised.value.details["errors"]]
    assert errors == [(2, "东边界经度"), (3, "南边界纬度")]
    assert not Region.objects.filter(code__startswith="990104").exists()
    good = [("990104", "新区", "120.1", "30.1", "120.3", "30.3"), ("990104001", "新镇")]
    assert services.regions_import(actor=personas["sysadmin"], file=xlsx(good, header=header)) == 2
    assert bounds_of("990104001").name == "新区"
    assert bounds_of("990104001").box == (
        Decimal("120.1"),
        Decimal("30.1"),
        Decimal("120.3"),
        Decimal("30.3"),
    )
