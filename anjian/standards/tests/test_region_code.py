import pytest

from anjian.standards import region_code as codes


@pytest.mark.parametrize(
    ("code", "level", "prefix"),
    [
        ("330000", codes.PROVINCE, "33"),
        ("330100", codes.CITY, "3301"),
        ("330106", codes.COUNTY, "330106"),
        ("330106001", codes.TOWNSHIP, "330106001"),
        ("330106001002", codes.VILLAGE, "330106001002"),
    ],
)
def test_it_reads_the_level_and_jurisdiction_prefix_of_a_code(code, level, prefix):
    assert codes.level_of(code) == level
    assert codes.prefix_of(code) == prefix
    assert codes.normalize(code) == code.ljust(12, "0")


def test_it_walks_up_to_the_enclosing_region():
    assert codes.parent_code("330106001002") == "330106001000"
    assert codes.parent_code("330106001") == "330106000000"
    assert codes.parent_code("330106") == "330100000000"
    assert codes.parent_code("330100") == "330000000000"
    assert codes.parent_code("330000") is None


@pytest.mark.parametrize("bad", ["", "3301", "33010600", "3301060010021", "33a106", "000000"])
def test_it_rejects_malformed_codes(bad):
    with pytest.raises(codes.CodeError):
        codes.level_of(bad)


def test_a_filter_prefix_is_kept_as_given_when_it_is_not_a_full_code():
    assert codes.jurisdiction_prefix("330106") == "330106"
    assert codes.jurisdiction_prefix("9901") == "9901"
    assert codes.within("330106001002", "330106")
    assert not codes.within("330107001002", "330106")
