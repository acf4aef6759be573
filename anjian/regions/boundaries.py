"""Boundaries of regions and grids from a GeoJSON FeatureCollection, keyed by code.

Each feature names its region by `properties.code` (6, 9 or 12 digits; `adcode`, as in the
boundary files published with the national administrative divisions, is read too) or a grid by
its grid code. Every feature is checked before anything is written, and every bad one is
reported with its position, so an import is all or nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from anjian.standards import region_code as codes

from . import geometry
from .models import Boundary, Grid, Region

DEMO_FILE = Path(__file__).parent / "data" / "demo-boundaries.geojson"
MAX_FEATURES = 5_000
MAX_BYTES = 20 * 1024 * 1024
CHUNK = 200  # rows per statement: boundaries are large


@dataclass(frozen=True)
class Parsed:
    regions: dict[int, dict]  # region id → checked boundary
    grids: dict[int, dict]  # grid id → checked boundary


def read(raw: bytes | str) -> Any:
    """The JSON document of an uploaded file, or ValueError with a message in Chinese."""
    if len(raw) > MAX_BYTES:
        raise ValueError(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请先简化边界后再导入。")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError("文件不是有效的 GeoJSON（JSON 格式错误）。") from exc


def _key(feature: Any) -> str:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict):
        return ""
    value = properties.get("code", properties.get("adcode"))
    return str(value).strip() if isinstance(value, str | int) else ""


def _region_code(key: str) -> str | None:
    try:
        return codes.normalize(key)
    except codes.CodeError:
        return None


def parse(collection: Any) -> tuple[Parsed, list[str]]:
    """The boundaries to write and the list of errors (empty when all features are usable)."""
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        return Parsed({}, {}), ["文件应为 GeoJSON 的 FeatureCollection。"]
    features = collection.get("features")
    if not isinstance(features, list) or not features:
        return Parsed({}, {}), ["FeatureCollection 中没有要素。"]
    if len(features) > MAX_FEATURES:
        return Parsed({}, {}), [f"要素超过 {MAX_FEATURES} 个，请分批导入。"]
    keys = [_key(f) for f in features]
    region_codes = {k: c for k in keys if (c := _region_code(k))}
    regions = dict(Region.objects.filter(code__in=region_codes.values()).values_list("code", "id"))
    grids = dict(Grid.objects.filter(code__in=keys).values_list("code", "id"))
    parsed, errors = Parsed({}, {}), []
    seen: dict[str, int] = {}
    for number, (feature, key) in enumerate(zip(features, keys, strict=True), start=1):
        where = f"第 {number} 个要素"
        if not key:
            errors.append(f"{where}：properties 中缺少区划代码或网格编码（code）。")
            continue
        where = f"{where}（{key}）"
        code = region_codes.get(key, "")
        identity = key if key in grids else code or key  # 990102 and 990102000000 are one region
        if identity in seen:
            errors.append(f"{where}：与第 {seen[identity]} 个要素重复。")
            continue
        seen[identity] = number
        if key not in grids and code not in regions:
            errors.append(f"{where}：系统中没有这个区划或网格，请先添加。")
            continue
        try:
            checked = geometry.check_boundary(feature.get("geometry"))
        except geometry.BoundaryError as exc:
            errors.append(f"{where}：{exc}")
            continue
        if key in grids:
            parsed.grids[grids[key]] = checked
        else:
            parsed.regions[regions[code]] = checked
    return parsed, errors


def write(parsed: Parsed) -> None:
    """Store the parsed boundaries, replacing earlier ones (inside the caller's transaction)."""
    for owner, outlines in (("region_id", parsed.regions), ("grid_id", parsed.grids)):
        ids = list(outlines)
        known = {}
        for start in range(0, len(ids), CHUNK):
            chunk = Boundary.objects.filter(**{f"{owner}__in": ids[start : start + CHUNK]})
            known.update({getattr(b, owner): b for b in chunk.only("pk", owner)})
        now = timezone.now()  # bulk_update does not apply auto_now
        for pk, boundary in known.items():
            boundary.geometry, boundary.updated_at = outlines[pk], now
        Boundary.objects.bulk_update(known.values(), ["geometry", "updated_at"], batch_size=CHUNK)
        fresh = [
            Boundary(**{owner: pk, "geometry": g}) for pk, g in outlines.items() if pk not in known
        ]
        Boundary.objects.bulk_create(fresh, batch_size=CHUNK)


def demo_collection() -> Any:
    """The demo city's own boundaries, shipped with the code."""
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))
