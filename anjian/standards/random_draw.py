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
5. Teams, in two passes over the picked enterprises in pick order. An officer serves in at
   most L = ⌈count × team_size / officers⌉ teams; one with ``lead_ok`` in at least
   ⌈count / officers with lead_ok⌉. Leads first: drawn uniformly among the officers (ascending
   id) with ``lead_ok``, without a declared conflict with the enterprise, who did not lead its
   last inspection and are below their limit. Then members: ``team_size − 1`` drawn one at a
   time, uniformly among the other officers without a conflict and below their limit. A team
   lists its lead first, then its members in draw order.
6. Experts, when ``experts_per_team`` > 0: one pass like the members (purpose ``experts``,
   conflicts from ``expert_conflicts``, limit ⌈count × experts_per_team / experts⌉).
7. If a pass finds too few people for an enterprise, the whole assignment of that purpose
   (all leads and members, or all experts) starts again, the stream going on, at most
   ``MAX_ATTEMPTS`` times; after that the draw is refused, naming the enterprise.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from anjian.standards.base import Result, StandardsError, join_cn
from anjian.standards.random_draw_inputs import MAX_WEIGHT, MIN_TEAM_SIZE, REQUIRED, normalize

__all__ = [
    "ALGORITHM",
    "MAX_WEIGHT",
    "MIN_TEAM_SIZE",
    "REQUIRED",
    "DrawResult",
    "Pick",
    "Stream",
    "VerifyOutcome",
    "canonical",
    "commitment",
    "inputs_digest",
    "new_seed",
    "normalize",
    "run",
    "verify",
]

ALGORITHM = "anjian-draw/1"
BASIS = "《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）"
# Assigning the teams starts over at most this many times before the draw is refused.
MAX_ATTEMPTS = 100
_SPAN = 1 << 64
_SEED = re.compile(r"[0-9a-f]{64}")


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


Attempt = Callable[[], tuple[list[tuple[int, ...]], list[str]]]


class _NoTeam(Exception):
    """One attempt at assigning the teams ran out of people for an enterprise."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _ceil(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _retrying(label: str, field: str, attempt: Attempt, steps: list[str]) -> list[tuple[int, ...]]:
    """Run ``attempt`` until it succeeds; the stream goes on, so each attempt is a fresh draw."""
    failures = []
    for _ in range(MAX_ATTEMPTS):
        try:
            teams, lines = attempt()
        except _NoTeam as failure:
            failures.append(failure.text)
            continue
        if failures:
            steps.append(
                f"{label}：前 {len(failures)} 次尝试未能组成（第一次：{failures[0]}），"
                f"按算法整体重抽，第 {len(failures) + 1} 次组成。"
            )
        steps.extend(lines)
        return list(teams)
    raise StandardsError(field, f"{failures[-1]}（已按算法整体重抽 {MAX_ATTEMPTS} 次）。")


def _draw_teams(
    data: dict[str, Any], chosen: list[int], stream: Stream, steps: list[str]
) -> list[tuple[int, ...]]:
    capable = [item["id"] for item in data["inspectors"] if item["lead_ok"]]
    if not capable:
        raise StandardsError("inspectors", "执法人员库中没有可以带队的人员。")
    return _retrying(
        "检查组", "inspectors", lambda: _teams_once(data, chosen, stream, capable), steps
    )


def _teams_once(
    data: dict[str, Any], chosen: list[int], stream: Stream, capable: list[int]
) -> tuple[list[tuple[int, ...]], list[str]]:
    people = [item["id"] for item in data["inspectors"]]
    size = data["team_size"]
    lead_limit = _ceil(len(chosen), len(capable))
    limit = _ceil(len(chosen) * size, len(people))
    allowed = {p: max(limit, lead_limit) if p in capable else limit for p in people}
    conflicts = {(person, enterprise) for person, enterprise in data["conflicts"]}
    no_lead = conflicts | {(person, enterprise) for enterprise, person in data["last_lead"]}
    used = dict.fromkeys(people, 0)
    leads, lines = [], []
    for enterprise in chosen:
        options = [p for p in capable if (p, enterprise) not in no_lead and used[p] < allowed[p]]
        if not options:
            raise _NoTeam(f"企业 {enterprise} 无法组成检查组：没有可以带队的执法人员")
        lead = options[stream.below(len(options))]
        used[lead] += 1
        leads.append((lead, len(options)))
    teams = []
    for enterprise, (lead, lead_options) in zip(chosen, leads, strict=True):
        options = [
            p
            for p in people
            if p != lead and (p, enterprise) not in conflicts and used[p] < allowed[p]
        ]
        if len(options) < size - 1:
            raise _NoTeam(f"企业 {enterprise} 无法组成检查组：可派的组员不足 {size - 1} 名")
        count = len(options)
        members = [options.pop(stream.below(len(options))) for _ in range(size - 1)]
        for person in members:
            used[person] += 1
        teams.append((lead, *members))
        lines.append(
            f"企业 {enterprise}：{_excluded(data, enterprise)}带队 {lead}（{lead_options} 名可带队"
            f"人员中抽取），组员 {join_cn(str(p) for p in members)}（{count} 名可选人员中抽取）。"
        )
    return teams, lines


def _draw_experts(
    data: dict[str, Any], chosen: list[int], stream: Stream, steps: list[str]
) -> list[tuple[int, ...]]:
    if data["experts_per_team"] == 0:
        return [() for _ in chosen]
    return _retrying("专家", "experts", lambda: _experts_once(data, chosen, stream), steps)


def _experts_once(
    data: dict[str, Any], chosen: list[int], stream: Stream
) -> tuple[list[tuple[int, ...]], list[str]]:
    experts = [item["id"] for item in data["experts"]]
    size = data["experts_per_team"]
    limit = _ceil(len(chosen) * size, len(experts))
    conflicts = {(person, enterprise) for person, enterprise in data["expert_conflicts"]}
    used = dict.fromkeys(experts, 0)
    panels, lines = [], []
    for enterprise in chosen:
        options = [p for p in experts if (p, enterprise) not in conflicts and used[p] < limit]
        if len(options) < size:
            raise _NoTeam(f"企业 {enterprise} 无法配备专家：可派的专家不足 {size} 名")
        count = len(options)
        panel = tuple(options.pop(stream.below(len(options))) for _ in range(size))
        for person in panel:
            used[person] += 1
        panels.append(panel)
        lines.append(
            f"企业 {enterprise} 专家：{join_cn(str(p) for p in panel)}（{count} 名可选专家中抽取）。"
        )
    return panels, lines


def _excluded(data: dict[str, Any], enterprise: int) -> str:
    withdrawn = [str(p) for p, e in data["conflicts"] if e == enterprise]
    barred = [str(p) for e, p in data["last_lead"] if e == enterprise]
    parts = []
    if withdrawn:
        parts.append(f"回避 {join_cn(withdrawn)}")
    if barred:
        parts.append(f"上次带队 {join_cn(barred)} 不得带队")
    return "；".join(parts) + "；" if parts else ""


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
