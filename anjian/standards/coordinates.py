"""Plausibility of a place's coordinates (经纬度): the ranges of the datum, the extent of China,
and the bounding box of the region the place is registered in.

Coordinates are decimal degrees on the national datum (CGCS2000, which agrees with WGS-84 to
well under a metre): longitude −180～180, latitude −90～90. A place supervised here lies in
China, so also within its extent (about 73.5°E–135.1°E, 3.8°N–53.6°N); a place registered in
a region lies within that region's bounding box when one is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .base import Result, StandardsError, fmt, to_decimal

SOURCE = "《2000国家大地坐标系》（CGCS2000）"

# (west, south, east, north) in decimal degrees.
Box = tuple[Decimal, Decimal, Decimal, Decimal]
CHINA: Box = (Decimal("73.4"), Decimal("3.8"), Decimal("135.1"), Decimal("53.6"))


@dataclass(frozen=True)
class CoordinateCheck(Result):
    longitude: Decimal | None
    latitude: Decimal | None
    valid: bool
    errors: dict[str, str]  # field ("longitude" / "latitude") → what is wrong
    explanation: str


def box(west: Any, south: Any, east: Any, north: Any) -> Box:
    """A bounding box from its four edges, checked: inside the ranges, west < east, south < north."""
    edges = [
        to_decimal(value, name, allow_negative=True)
        for value, name in ((west, "west"), (south, "south"), (east, "east"), (north, "north"))
    ]
    result: Box = (edges[0], edges[1], edges[2], edges[3])
    names, limits = ("west", "south", "east", "north"), (180, 90, 180, 90)
    for value, name, limit in zip(result, names, limits, strict=True):
        if abs(value) > limit:
            raise StandardsError(name, f"应在 −{limit}～{limit} 之间，收到 {fmt(value)}。")
    if result[0] >= result[2]:
        raise StandardsError("east", "东边界应大于西边界。")
    if result[1] >= result[3]:
        raise StandardsError("north", "北边界应大于南边界。")
    return result


def _inside(lng: Decimal, lat: Decimal, area: Box) -> bool:
    return area[0] <= lng <= area[2] and area[1] <= lat <= area[3]


def _describe(area: Box) -> str:
    west, south, east, north = (fmt(edge) for edge in area)
    return f"经度 {west}～{east}、纬度 {south}～{north}"


def check(
    longitude: Any, latitude: Any, *, bounds: Box | None = None, place: str = ""
) -> CoordinateCheck:
    """Are these coordinates usable? Both blank is fine (not located); otherwise both are needed,
    within the ranges, within China, and within `bounds` (the region `place`) when given."""
    blank = [v in (None, "") for v in (longitude, latitude)]
    if all(blank):
        return CoordinateCheck(None, None, True, {}, "未填写经纬度：不在地图上显示。")
    errors: dict[str, str] = {}
    if any(blank):
        name = "latitude" if blank[1] else "longitude"
        errors[name] = "经度和纬度应同时填写（或同时留空）。"
        return _result(None, None, errors)
    lng = to_decimal(longitude, "longitude", allow_negative=True)
    lat = to_decimal(latitude, "latitude", allow_negative=True)
    if _inside(lat, lng, CHINA) and not _inside(lng, lat, CHINA):
        message = "经纬度可能填反了：我国境内经度约 73～135，纬度约 4～54。"
        return _result(lng, lat, {"longitude": message, "latitude": message})
    if abs(lng) > 180:
        errors["longitude"] = f"经度应在 −180～180 之间，填写的是 {fmt(lng)}。"
    if abs(lat) > 90:
        errors["latitude"] = f"纬度应在 −90～90 之间，填写的是 {fmt(lat)}。"
    if errors or not _inside(lng, lat, CHINA):  # each axis in range is still held to China
        message = f"该位置不在我国境内（{_describe(CHINA)}）。"
        outside = _outside(lng, lat, CHINA, message)
        return _result(lng, lat, {**outside, **errors})
    if bounds is not None and not _inside(lng, lat, bounds):
        where = f"{place}范围" if place else "所属区划范围"
        message = f"该位置不在{where}内（{_describe(bounds)}），请核对经纬度或所在区划。"
        return _result(lng, lat, _outside(lng, lat, bounds, message))
    within = f"，且在{place or '所属区划'}范围内（{_describe(bounds)}）" if bounds else ""
    return CoordinateCheck(
        lng,
        lat,
        True,
        {},
        f"依据{SOURCE}经纬度取值范围：经度 {fmt(lng)}、纬度 {fmt(lat)} 在我国境内{within}。",
    )


def _outside(lng: Decimal, lat: Decimal, area: Box, message: str) -> dict[str, str]:
    """The message on the axis (or axes) that fall outside the area."""
    errors = {}
    if not area[0] <= lng <= area[2]:
        errors["longitude"] = message
    if not area[1] <= lat <= area[3]:
        errors["latitude"] = message
    return errors


def _result(lng: Decimal | None, lat: Decimal | None, errors: dict[str, str]) -> CoordinateCheck:
    reasons = "；".join(dict.fromkeys(errors.values()))
    return CoordinateCheck(lng, lat, False, errors, f"依据{SOURCE}经纬度取值范围：{reasons}")
