"""Checking and normalising the inputs of the random draw (``random_draw``).

The normal form is what is hashed and published: lists sorted by id, pairs sorted and
de-duplicated, optional keys present with their defaults, nothing else.
"""

from __future__ import annotations

from typing import Any

from anjian.standards.base import StandardsError, join_cn

MIN_TEAM_SIZE = 2
MAX_WEIGHT = 1_000_000
KEYS = {
    "draw",
    "enterprises",
    "count",
    "inspectors",
    "team_size",
    "conflicts",
    "last_lead",
    "experts",
    "experts_per_team",
    "expert_conflicts",
    "filters",
}
REQUIRED = ("draw", "enterprises", "count", "inspectors", "team_size")


def normalize(inputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs checked and in canonical order; store and publish this form."""
    if not isinstance(inputs, dict):
        raise StandardsError("inputs", "抽取输入应为一个对象（字典）。")
    unknown = sorted(set(inputs) - KEYS)
    if unknown:
        raise StandardsError("inputs", f"抽取输入含有不认识的项：{join_cn(unknown)}。")
    missing = [key for key in REQUIRED if key not in inputs]
    if missing:
        raise StandardsError(missing[0], f"抽取输入缺少：{join_cn(missing)}。")
    draw = inputs["draw"]
    if not isinstance(draw, str) or not draw.strip():
        raise StandardsError("draw", "应填写抽取批次的公开编号。")
    enterprises = _entries(inputs["enterprises"], "enterprises", {"id", "weight"})
    for index, item in enumerate(inputs["enterprises"]):  # indexes as the caller sent them
        _weight(item["weight"], f"enterprises[{index}].weight")
    inspectors = _entries(inputs["inspectors"], "inspectors", {"id", "lead_ok"})
    for index, item in enumerate(inputs["inspectors"]):
        if not isinstance(item["lead_ok"], bool):
            raise StandardsError(f"inspectors[{index}].lead_ok", "应为 true 或 false。")
    experts = _entries(inputs.get("experts", []), "experts", {"id"}, allow_empty=True)
    count = _integer(inputs["count"], "count", 1, len(enterprises), "抽取企业数")
    team_size = _integer(inputs["team_size"], "team_size", MIN_TEAM_SIZE, None, "每组执法人员数")
    if team_size > len(inspectors):
        raise StandardsError(
            "team_size", f"每组需要 {team_size} 名执法人员，执法人员库只有 {len(inspectors)} 名。"
        )
    per_team = _integer(
        inputs.get("experts_per_team", 0), "experts_per_team", 0, None, "每组专家数"
    )
    if per_team > len(experts):
        raise StandardsError(
            "experts_per_team", f"每组需要 {per_team} 名专家，专家库只有 {len(experts)} 名。"
        )
    normal: dict[str, Any] = {
        "draw": draw,
        "enterprises": enterprises,
        "count": count,
        "inspectors": inspectors,
        "team_size": team_size,
        "conflicts": _pairs(inputs.get("conflicts", []), "conflicts"),
        "last_lead": _pairs(inputs.get("last_lead", []), "last_lead"),
        "experts": experts,
        "experts_per_team": per_team,
        "expert_conflicts": _pairs(inputs.get("expert_conflicts", []), "expert_conflicts"),
    }
    if "filters" in inputs:
        normal["filters"] = inputs["filters"]
    return normal


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _integer(value: Any, field: str, low: int, high: int | None, label: str) -> int:
    if not _is_int(value) or value < low or (high is not None and value > high):
        bound = f" {low} 到 {high} 之间" if high is not None else f"不小于 {low} "
        raise StandardsError(field, f"{label}应为{bound}的整数，收到「{value}」。")
    return int(value)


def _weight(value: Any, field: str) -> None:
    _integer(value, field, 1, MAX_WEIGHT, "抽取权重")


def _entries(
    items: Any, field: str, keys: set[str], *, allow_empty: bool = False
) -> list[dict[str, Any]]:
    if not isinstance(items, list) or (not items and not allow_empty):
        raise StandardsError(field, "应为非空列表。" if not allow_empty else "应为列表。")
    seen: set[int] = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict) or set(item) != keys:
            wanted = join_cn(sorted(keys))
            raise StandardsError(f"{field}[{index}]", f"每一项应恰好包含：{wanted}。")
        if not _is_int(item["id"]):
            raise StandardsError(f"{field}[{index}].id", f"编号应为整数，收到「{item['id']}」。")
        if item["id"] in seen:
            raise StandardsError(f"{field}[{index}].id", f"编号 {item['id']} 重复。")
        seen.add(item["id"])
    return sorted((dict(item) for item in items), key=lambda item: item["id"])


def _pairs(items: Any, field: str) -> list[list[int]]:
    if not isinstance(items, list):
        raise StandardsError(field, "应为由 [编号, 编号] 组成的列表。")
    pairs = set()
    for index, item in enumerate(items):
        if not isinstance(item, (list, tuple)) or len(item) != 2 or not all(map(_is_int, item)):
            raise StandardsError(f"{field}[{index}]", f"应为两个整数编号，收到「{item}」。")
        pairs.add((int(item[0]), int(item[1])))
    return [list(pair) for pair in sorted(pairs)]
