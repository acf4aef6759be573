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
