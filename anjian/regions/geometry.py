"""Boundary polygons (GeoJSON, RFC 7946): checking an imported boundary and testing a point.

Plain functions on GeoJSON dictionaries, no Django: a boundary is a Polygon or a MultiPolygon of
WGS 84 [longitude, latitude] positions; outer rings first, holes after, rings closed.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

KINDS = ("Polygon", "MultiPolygon")
MAX_POSITIONS = 20_000  # per boundary; a township outline needs a few hundred
DIGITS = 6  # about 0.1 m, more than any boundary survey carries


class BoundaryError(ValueError):
    """A boundary that cannot be drawn, with a message for the person importing it."""


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _ring(raw: Any, where: str) -> list[list[float]]:
    if not isinstance(raw, list) or len(raw) < 4:
        raise BoundaryError(f"{where}至少需要 4 个坐标点（首尾相同）。")
    ring = []
    for position in raw:
        if not isinstance(position, list) or len(position) < 2:
            raise BoundaryError(f"{where}的坐标点应为 [经度, 纬度]。")
        lng, lat = position[0], position[1]
        if not (_number(lng) and _number(lat)):
            raise BoundaryError(f"{where}的坐标不是数字。")
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            raise BoundaryError(
                f"{where}的坐标 [{lng}, {lat}] 超出经纬度范围（应为 [经度, 纬度]）。"
            )
        ring.append([round(float(lng), DIGITS), round(float(lat), DIGITS)])
    if ring[0] != ring[-1]:
        raise BoundaryError(f"{where}没有闭合：首尾坐标点应相同。")
    if len({(lng, lat) for lng, lat in ring}) < 3:
        raise BoundaryError(f"{where}不足 3 个不同的坐标点，围不成区域。")
    return ring


def _polygon(raw: Any, where: str) -> list[list[list[float]]]:
    if not isinstance(raw, list) or not raw:
        raise BoundaryError(f"{where}没有坐标环。")
    return [_ring(ring, where) for ring in raw]


def check_boundary(geometry: Any) -> dict:
    """The boundary as stored (coordinates rounded), or BoundaryError saying what is wrong."""
    if not isinstance(geometry, dict) or geometry.get("type") not in KINDS:
        raise BoundaryError("边界应为 GeoJSON 的 Polygon 或 MultiPolygon。")
    kind, coordinates = geometry["type"], geometry.get("coordinates")
    if kind == "Polygon":
        cleaned: list = _polygon(coordinates, "多边形")
        rings = cleaned
    else:
        if not isinstance(coordinates, list) or not coordinates:
            raise BoundaryError("多多边形没有多边形。")
        cleaned = [_polygon(p, f"第 {i} 个多边形") for i, p in enumerate(coordinates, start=1)]
        rings = [ring for polygon in cleaned for ring in polygon]
    if sum(len(ring) for ring in rings) > MAX_POSITIONS:
        raise BoundaryError(f"边界坐标点超过 {MAX_POSITIONS} 个，请先简化（抽稀）后再导入。")
    return {"type": kind, "coordinates": cleaned}


def polygons(geometry: dict) -> Iterator[list[list[list[float]]]]:
    """The polygons of a checked boundary, each a list of rings (outer ring first)."""
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    else:
        yield from geometry["coordinates"]


def _inside_ring(ring: list[list[float]], lng: float, lat: float) -> bool:
    """Ray casting: an odd number of edges crossed to the east means inside."""
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lng < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def contains(geometry: dict, lng: float, lat: float) -> bool:
    """Whether the point lies inside the boundary (inside an outer ring and in none of its holes)."""
    for outer, *holes in polygons(geometry):
        if _inside_ring(outer, lng, lat) and not any(_inside_ring(h, lng, lat) for h in holes):
            return True
    return False
