"""The verifiable 双随机 draw, algorithm ``anjian-draw/1`` (see docs/random-draw.md).

Basis: 国办发〔2015〕58号 and 国发〔2019〕5号 (双随机、一公开: targets and officers drawn by lot from
two registers, at least two officers per check, officers with a conflict withdraw; rules.md §8);
国办发〔2024〕54号 (yearly caps: the caller leaves enterprises at their cap out of the pool).

The seed is committed before the draw (``commitment``: SHA-256 of its ASCII text) and revealed
after; anyone holding the published inputs and the seed re-runs the draw and must obtain the same
picks. The algorithm uses only SHA-256 and integer arithmetic, so the answer is the same on any
machine and Python version:

1. Inputs are normalised (``normalize``: every list sorted by id, pairs sorted and de-duplicated,
   optional keys filled with their defaults) and written as canonical JSON (sorted keys, no spaces,
   UTF-8 without escapes); its SHA-256 is the inputs digest.
2. The n-th random number (n = 0, 1, 2, …) of a purpose is the first 8 bytes, big-endian, of
   SHA-256 of the ASCII text ``"{seed}|{digest}|{purpose}|{n}"``. The purposes are
   ``enterprises``, ``inspectors`` and ``experts``; each has its own counter.
3. A uniform integer below m takes the next number x of the purpose; x ≥ 2^64 − (2^64 mod m)
   is rejected and the next one taken; the answer is x mod m.
4. Enterprises, ``count`` times: the remaining enterprises in ascending id order, W their total
   weight, r a uniform integer below W; the pick is the first enterprise whose running weight
   sum exceeds r; it leaves the pool.
5. Teams, in pick order. An officer serves at most L = ⌈count × team_size / officers⌉ teams.
   The candidates of an enterprise are the officers (ascending id) without a declared conflict
   with it and below L. The lead is drawn uniformly among the candidates with ``lead_ok`` who
   did not lead the last inspection there; then ``team_size − 1`` members one at a time,
   uniformly among the remaining candidates. The team lists the lead first, then members in
   draw order.
6. Experts, when ``experts_per_team`` > 0: likewise (purpose ``experts``, conflicts from
   ``expert_conflicts``, load limit ⌈count × experts_per_team / experts⌉, no lead).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from anjian.standards.base import Result, StandardsError, join_cn

ALGORITHM = "anjian-draw/1"
BASIS = "《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）"
MIN_TEAM_SIZE = 2
MAX_WEIGHT = 1_000_000
_SPAN = 1 << 64
_SEED = re.compile(r"[0-9a-f]{64}")
_KEYS = {
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
_REQUIRED = ("draw", "enterprises", "count", "inspectors", "team_size")


@dataclass(frozen=True)
class Pick(Result):
    enterprise: int
    inspectors: tuple[int, ...]
    lead: int
    experts: tuple[int, ...]


@dataclass(frozen=True)
class DrawResult(Result):
    algorithm: str
    inputs_digest: str
    seed: str
    picks: tuple[Pick, ...]
    steps: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class VerifyOutcome(Result):
    ok: bool
    reasons: list[str]
    explanation: str


def new_seed() -> str:
    """32 bytes from the operating system's secure generator, as 64 hex characters."""
    return secrets.token_hex(32)


def commitment(seed: str) -> str:
    """SHA-256 of the seed's ASCII text: published before the draw, checked after."""
    return _seed_hash(_seed(seed))


def _seed_hash(seed: str) -> str:
    return hashlib.sha256(seed.encode("ascii")).hexdigest()


def normalize(inputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs checked and in canonical order; store and publish this form."""
    if not isinstance(inputs, dict):
        raise StandardsError("inputs", "抽取输入应为一个对象（字典）。")
    unknown = sorted(set(inputs) - _KEYS)
    if unknown:
        raise StandardsError("inputs", f"抽取输入含有不认识的项：{join_cn(unknown)}。")
    missing = [key for key in _REQUIRED if key not in inputs]
    if missing:
        raise StandardsError(missing[0], f"抽取输入缺少：{join_cn(missing)}。")
    draw = inputs["draw"]
    if not isinstance(draw, str) or not draw.strip():
        raise StandardsError("draw", "应填写抽取批次的公开编号。")
    enterprises = _entries(inputs["enterprises"], "enterprises", {"id", "weight"})
    for index, item in enumerate(enterprises):
        _weight(item["weight"], f"enterprises[{index}].weight")
    inspectors = _entries(inputs["inspectors"], "inspectors", {"id", "lead_ok"})
    for index, item in enumerate(inspectors):
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


def canonical(inputs: dict[str, Any]) -> bytes:
    """Canonical JSON of the normalised inputs: sorted keys, no spaces, UTF-8 unescaped."""
    try:
        text = json.dumps(
            normalize(inputs),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            allow_nan=False,
        )
    except (TypeError, ValueError) as error:
        raise StandardsError("filters", f"筛选条件应为纯 JSON 数据：{error}。") from None
    return text.encode("utf-8")


def inputs_digest(inputs: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(inputs)).hexdigest()


class Stream:
    """The numbers of one purpose: SHA-256 in counter mode over seed, digest and purpose."""

    def __init__(self, seed: str, digest: str, purpose: str) -> None:
        self.prefix = f"{seed}|{digest}|{purpose}|"
        self.counter = 0

    def next64(self) -> int:
        block = hashlib.sha256(f"{self.prefix}{self.counter}".encode("ascii")).digest()
        self.counter += 1
        return int.from_bytes(block[:8], "big")

    def below(self, bound: int) -> int:
        """A uniform integer in [0, bound), by rejection so that no value is favoured."""
        limit = _SPAN - _SPAN % bound
        while True:
            value = self.next64()
            if value < limit:
                return value % bound


def run(inputs: dict[str, Any], seed: str) -> DrawResult:
    """Draw the enterprises, then a team (and experts) for each, as the module docstring says."""
    seed = _seed(seed)
    data = normalize(inputs)
    digest = hashlib.sha256(canonical(data)).hexdigest()
    steps = [
        f"算法 {ALGORITHM}；输入摘要（SHA-256）{digest}；"
        f"种子 {seed}，其承诺值（SHA-256）{_seed_hash(seed)}。"
    ]
    chosen = _draw_enterprises(data, Stream(seed, digest, "enterprises"), steps)
    teams = _draw_teams(data, chosen, Stream(seed, digest, "inspectors"), steps)
    panels = _draw_experts(data, chosen, Stream(seed, digest, "experts"), steps)
    picks = tuple(
        Pick(enterprise=enterprise, inspectors=team, lead=team[0], experts=panel)
        for enterprise, team, panel in zip(chosen, teams, panels, strict=True)
    )
    explanation = (
        f"依据{BASIS}，双随机抽查：从 {len(data['enterprises'])} 家企业中按权重抽取 "
        f"{data['count']} 家，从 {len(data['inspectors'])} 名执法人员中为每家随机组成 "
        f"{data['team_size']} 人检查组（执法人员有利害关系的回避，上次带队的不再带队）。"
        f"算法 {ALGORITHM} 公开，以公布的输入和种子可重算核验。"
    )
    return DrawResult(ALGORITHM, digest, seed, picks, tuple(steps), explanation)


def _draw_enterprises(data: dict[str, Any], stream: Stream, steps: list[str]) -> list[int]:
    pool = [(item["id"], item["weight"]) for item in data["enterprises"]]
    total = sum(weight for _, weight in pool)
    steps.append(
        f"企业池 {len(pool)} 家，总权重 {total}，按企业编号升序排列，抽取 {data['count']} 家。"
    )
    chosen = []
    for number in range(1, data["count"] + 1):
        point = stream.below(total)
        index, running = _locate(pool, point)
        enterprise, weight = pool[index]
        steps.append(
            f"第 {number} 家：剩余 {len(pool)} 家、总权重 {total}，随机数 {point}，"
            f"落入企业 {enterprise} 的区间 [{running}, {running + weight})（权重 {weight}）。"
        )
        chosen.append(enterprise)
        del pool[index]
        total -= weight
    return chosen


def _locate(pool: list[tuple[int, int]], point: int) -> tuple[int, int]:
    """The index of the item whose weight interval holds the point, and where it starts."""
    running = 0
    for index, (_, weight) in enumerate(pool):
        if point < running + weight:
            return index, running
        running += weight
    raise AssertionError("the point lies below the total weight")


def _draw_teams(
    data: dict[str, Any], chosen: list[int], stream: Stream, steps: list[str]
) -> list[tuple[int, ...]]:
    officers = [(item["id"], item["lead_ok"]) for item in data["inspectors"]]
    limit = -(-len(chosen) * data["team_size"] // len(officers))
    conflicts = {(person, enterprise) for person, enterprise in data["conflicts"]}
    last = {(enterprise, person) for enterprise, person in data["last_lead"]}
    used = dict.fromkeys((person for person, _ in officers), 0)
    teams = []
    for enterprise in chosen:
        withdrawn = [p for p, _ in officers if (p, enterprise) in conflicts]
        full = [p for p, _ in officers if used[p] >= limit and (p, enterprise) not in conflicts]
        candidates = [p for p, _ in officers if p not in withdrawn and p not in full]
        barred = [p for p in candidates if (enterprise, p) in last]
        leads = [p for p, ok in officers if ok and p in candidates and p not in barred]
        if not leads:
            raise StandardsError(
                "inspectors",
                f"企业 {enterprise} 无法组成检查组：排除回避、上次带队及已满 {limit} 组的人员后，"
                "没有可以带队的执法人员。",
            )
        if len(candidates) < data["team_size"]:
            raise StandardsError(
                "inspectors",
                f"企业 {enterprise} 无法组成检查组：排除回避及已满 {limit} 组的人员后只剩 "
                f"{len(candidates)} 名执法人员，每组需要 {data['team_size']} 名。",
            )
        lead = leads[stream.below(len(leads))]
        team = [lead]
        rest = [p for p in candidates if p != lead]
        for _ in range(data["team_size"] - 1):
            team.append(rest.pop(stream.below(len(rest))))
        for person in team:
            used[person] += 1
        steps.append(
            f"企业 {enterprise}："
            + _exclusions(withdrawn, full, barred, limit)
            + f"可带队 {len(leads)} 人中抽得带队 {lead}，"
            + f"其余 {len(candidates) - 1} 人中抽得组员 {join_cn(str(p) for p in team[1:])}。"
        )
        teams.append(tuple(team))
    return teams


def _draw_experts(
    data: dict[str, Any], chosen: list[int], stream: Stream, steps: list[str]
) -> list[tuple[int, ...]]:
    per_team = data["experts_per_team"]
    if per_team == 0:
        return [() for _ in chosen]
    experts = [item["id"] for item in data["experts"]]
    limit = -(-len(chosen) * per_team // len(experts))
    conflicts = {(person, enterprise) for person, enterprise in data["expert_conflicts"]}
    used = dict.fromkeys(experts, 0)
    panels = []
    for enterprise in chosen:
        withdrawn = [p for p in experts if (p, enterprise) in conflicts]
        full = [p for p in experts if used[p] >= limit and p not in withdrawn]
        candidates = [p for p in experts if p not in withdrawn and p not in full]
        if len(candidates) < per_team:
            raise StandardsError(
                "experts",
                f"企业 {enterprise} 无法配备专家：排除回避及已满 {limit} 组的专家后只剩 "
                f"{len(candidates)} 名，每组需要 {per_team} 名。",
            )
        panel = [candidates.pop(stream.below(len(candidates))) for _ in range(per_team)]
        for person in panel:
            used[person] += 1
        steps.append(
            f"企业 {enterprise} 专家："
            + _exclusions(withdrawn, full, [], limit)
            + f"抽得 {join_cn(str(p) for p in panel)}。"
        )
        panels.append(tuple(panel))
    return panels


def _exclusions(withdrawn: list[int], full: list[int], barred: list[int], limit: int) -> str:
    parts = []
    if withdrawn:
        parts.append(f"回避 {join_cn(str(p) for p in withdrawn)}")
    if full:
        parts.append(f"已满 {limit} 组 {join_cn(str(p) for p in full)}")
    if barred:
        parts.append(f"上次带队不得带队 {join_cn(str(p) for p in barred)}")
    return f"排除{'；'.join(parts)}；" if parts else ""


def verify(
    inputs: dict[str, Any], seed: str, commitment: str, result: dict[str, Any]
) -> VerifyOutcome:
    """Re-run a published draw; every way the publication disagrees with the re-run is a reason."""
    reasons = []
    try:
        expected: str | None = _seed_hash(_seed(seed))
    except StandardsError as error:
        expected = None
        reasons.append(f"公布的种子无效：{error.message}")
    if expected is not None and expected != str(commitment).lower():
        reasons.append(
            f"种子与事先公布的承诺值不符：种子的 SHA-256 为 {expected}，公布的承诺值为 {commitment}。"
        )
    if not isinstance(result, dict):
        return _outcome([*reasons, "公布的抽取结果不是一个对象。"])
    if result.get("algorithm") != ALGORITHM:
        reasons.append(f"公布的算法为「{result.get('algorithm')}」，本系统重算使用 {ALGORITHM}。")
    if expected is not None and result.get("seed") != seed:
        reasons.append("公布的结果中记录的种子与公布的种子不同。")
    try:
        rerun = run(inputs, seed) if expected is not None else None
    except StandardsError as error:
        return _outcome([*reasons, f"按公布的输入无法重算：{error.message}"])
    if rerun is None:
        return _outcome(reasons)
    if result.get("inputs_digest") != rerun.inputs_digest:
        reasons.append(
            f"输入摘要不符：结果记录为 {result.get('inputs_digest')}，"
            f"按公布的输入计算为 {rerun.inputs_digest}。"
        )
    reasons.extend(_pick_differences(result.get("picks"), rerun.as_dict()["picks"]))
    return _outcome(reasons)


def _pick_differences(published: Any, recomputed: list[dict[str, Any]]) -> list[str]:
    if not isinstance(published, list):
        return ["公布的结果没有抽取名单（picks）。"]
    reasons = []
    if len(published) != len(recomputed):
        reasons.append(f"公布的名单有 {len(published)} 家企业，重算得 {len(recomputed)} 家。")
    labels = {"enterprise": "企业", "inspectors": "检查组", "lead": "带队人员", "experts": "专家"}
    for number, (shown, again) in enumerate(zip(published, recomputed, strict=False), start=1):
        for key, label in labels.items():
            value = shown.get(key) if isinstance(shown, dict) else None
            if value != again[key]:
                reasons.append(
                    f"第 {number} 家的{label}不同：公布为 {value}，重算为 {again[key]}。"
                )
    return reasons


def _outcome(reasons: list[str]) -> VerifyOutcome:
    if reasons:
        text = f"核验未通过（算法 {ALGORITHM}）：" + "".join(reasons)
    else:
        text = (
            f"核验通过：种子与承诺值相符，按公布的输入以算法 {ALGORITHM} 重算，结果与公布的一致。"
        )
    return VerifyOutcome(ok=not reasons, reasons=reasons, explanation=text)


def _seed(seed: Any) -> str:
    if not isinstance(seed, str) or not _SEED.fullmatch(seed):
        raise StandardsError("seed", "种子应为 64 位小写十六进制字符（32 字节）。")
    return seed


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _integer(value: Any, field: str, low: int, high: int | None, label: str) -> int:
    if not _is_int(value) or value < low or (high is not None and value > high):
        bound = f"{low} 到 {high}" if high is not None else f"不小于 {low}"
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
