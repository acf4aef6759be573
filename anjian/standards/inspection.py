"""Classified supervision (分类分级) and the yearly cap on inspections per enterprise.

国办发〔2024〕54号《关于严格规范涉企行政检查的意见》 (2024-12-30) has every department publish a
yearly cap on the inspections of one enterprise; 应急〔2025〕11号 applies it to work safety. No
national A/B/C/D table exists: provinces publish their own, so ``CAP_SCHEMES`` holds one scheme
per province. ``shanxi-2025`` is the table 山西省应急管理厅 published on 2025-04-23 for the
enterprises its departments supervise directly (confidence medium, rules-wave2 §1.4; source
http://aqsx.sxkjnews.com/news/show.php?itemid=5199): 煤矿 by 安全保障程度 A/B/C/D, 非煤矿山 by
安全风险 A/B/C/D, 危险化学品和金属冶炼 and 非高危行业 by 安全生产标准化 grade; 督导检查 at most
3 a year per enterprise.

How an enterprise falls into a category (``CLASS_RULES``) and how heavily it weighs in a random
draw (``WEIGHT_FACTORS``) are data a deployment may change. Where a rule is this system's own
convention rather than the published table, its text says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from anjian.standards.base import Result, StandardsError, join_cn, to_count
from anjian.standards.inspection_tables import (
    CAP_POLICY,
    CAP_SCHEMES,
    CLASS_RULES,
    COAL_CATEGORIES,
    DEFAULT_SCHEME,
    DRAW_POLICY,
    ESCALATIONS,
    FACTS,
    RISK_FACTORS,
    RISK_GRADES,
    SECTOR_GROUPS,
    STANDARDIZATION_GRADES,
    WEIGHT_FACTORS,
    CapRow,
    CapScheme,
    ClassRule,
    Escalation,
    SectorGroup,
    WeightFactor,
)

__all__ = [
    "CAP_SCHEMES",
    "CLASS_RULES",
    "ESCALATIONS",
    "RISK_FACTORS",
    "SECTOR_GROUPS",
    "WEIGHT_FACTORS",
    "CapRow",
    "CapScheme",
    "ClassRule",
    "DrawWeight",
    "Escalation",
    "FrequencyCap",
    "SectorGroup",
    "SupervisionClass",
    "WeightFactor",
    "draw_weight",
    "inspection_frequency_cap",
    "sector_group",
    "supervision_class",
]

_FLAGS = ("credit_listed", "long_term_shutdown")
_COUNTS = ("major_hazards_12m", "penalties_12m", "complaints_12m")


@dataclass(frozen=True)
class FrequencyCap(Result):
    scheme: str
    sector_group: str
    category: str
    kind: str
    value: int
    explanation: str


def sector_group(sector_code: str) -> str:
    """The scheme group of one of the project's sector codes; anything else is 非高危行业."""
    return SECTOR_GROUPS.get(str(sector_code or "").strip(), "non_high_risk")


def scheme_of(key: str) -> CapScheme:
    if key not in CAP_SCHEMES:
        raise StandardsError(
            "scheme", f"没有「{key}」这一检查频次方案；可选：{join_cn(CAP_SCHEMES)}。"
        )
    return CAP_SCHEMES[key]


def group_of(scheme: CapScheme, key: str) -> SectorGroup:
    if key not in scheme.groups:
        known = join_cn(f"{group.key}（{group.label}）" for group in scheme.groups.values())
        raise StandardsError(
            "sector_group", f"方案 {scheme.key} 没有行业类别「{key}」；可选：{known}。"
        )
    return scheme.groups[key]


def row_of(group: SectorGroup, category: Any) -> CapRow:
    key = "ungraded" if category in ("", None) and group.row("ungraded") else str(category)
    row = group.row(key)
    if row is None:
        known = join_cn(f"{item.category}（{item.label}）" for item in group.rows)
        raise StandardsError("category", f"{group.label}没有类别「{category}」；可选：{known}。")
    return row


def inspection_frequency_cap(
    scheme: str, sector_group: str, category: Any, *, kind: str = "enforcement"
) -> FrequencyCap:
    """The most inspections of one enterprise in a year under a province's scheme.

    ``kind`` is ``enforcement`` (执法检查, by the table row) or ``supervisory`` (督导检查, one cap
    for every enterprise). For the standardisation groups a blank category means 未定级.
    """
    if kind not in ("enforcement", "supervisory"):
        raise StandardsError(
            "kind",
            f"检查类型应为 enforcement（执法检查）或 supervisory（督导检查），收到「{kind}」。",
        )
    plan = scheme_of(scheme)
    group = group_of(plan, sector_group)
    row = row_of(group, category)
    if kind == "supervisory":
        value = plan.supervisory_cap
        text = f"督导检查每年每企累计不超过 {value} 次（不分类别）"
    else:
        value = row.cap
        text = f"{group.label}按{group.basis}分类，{row.label}每年每企执法检查累计不超过 {value} 次"
    explanation = f"依据{CAP_POLICY}，按{plan.cited}：{text}。"
    return FrequencyCap(plan.key, group.key, row.category, kind, value, explanation)


@dataclass(frozen=True)
class SupervisionClass(Result):
    scheme: str
    sector_group: str
    category: str
    label: str
    cap: int
    supervisory_cap: int
    rule: str
    explanation: str


def facts_of(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts checked, with defaults: no listing, no shutdown, zero counts, 未定级."""
    if not isinstance(facts, dict):
        raise StandardsError("facts", "企业情况应为一个对象（字典）。")
    unknown = sorted(set(facts) - set(FACTS))
    if unknown:
        raise StandardsError(
            "facts", f"不认识的企业情况：{join_cn(unknown)}；可用：{join_cn(FACTS)}。"
        )
    clean: dict[str, Any] = {}
    group = facts.get("sector_group") or sector_group(facts.get("sector", ""))
    clean["sector_group"] = group
    risk = facts.get("risk_grade")
    if risk not in (None, "") and risk not in RISK_GRADES:
        raise StandardsError(
            "risk_grade", f"风险等级应为 {join_cn(RISK_GRADES)} 之一，收到「{risk}」。"
        )
    clean["risk_grade"] = risk or None
    grade = facts.get("standardization_grade") or "ungraded"
    if grade not in STANDARDIZATION_GRADES:
        raise StandardsError(
            "standardization_grade",
            f"标准化等级应为 {join_cn(STANDARDIZATION_GRADES)} 之一或留空，收到「{grade}」。",
        )
    clean["standardization_grade"] = grade
    for flag in _FLAGS:
        value = facts.get(flag, False)
        if not isinstance(value, bool):
            raise StandardsError(flag, f"{FACTS[flag]}应为 true 或 false，收到「{value}」。")
        clean[flag] = value
    for name in _COUNTS:
        clean[name] = to_count(facts.get(name, 0), name)
    coal = facts.get("coal_category") or None
    if coal is not None and coal not in COAL_CATEGORIES:
        raise StandardsError(
            "coal_category", f"煤矿安全保障程度类别应为 A、B、C、D 之一，收到「{coal}」。"
        )
    clean["coal_category"] = coal
    return clean


def _value(facts: dict[str, Any], fact: str) -> str:
    value = facts.get(fact)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _describe(fact: str, value: str) -> str:
    if fact == "standardization_grade":
        return f"标准化{STANDARDIZATION_GRADES[value]}"
    if fact == "risk_grade":
        return RISK_GRADES[value]
    if fact == "coal_category":
        return f"安全保障程度评定为{value}类"
    return FACTS[fact]


def supervision_class(facts: dict[str, Any], scheme: str = DEFAULT_SCHEME) -> SupervisionClass:
    """The category of an enterprise under a scheme, its yearly cap and the rule that set it.

    ``facts``: ``sector`` (a project sector code) or ``sector_group``; ``risk_grade``
    (major/larger/general/low); ``standardization_grade`` (level1/2/3, blank for 未定级);
    ``credit_listed``; ``major_hazards_12m``, ``penalties_12m``, ``complaints_12m`` (counts);
    for coal mines ``coal_category`` (A–D as assessed) and ``long_term_shutdown``.
    """
    plan = scheme_of(scheme)
    clean = facts_of(facts)
    group = group_of(plan, clean["sector_group"])
    rules = CLASS_RULES.get(plan.key, {}).get(group.key, ())
    for rule in rules:
        value = _value(clean, rule.fact)
        if value in rule.categories:
            break
    else:
        needed = join_cn(FACTS[rule.fact] for rule in rules) or "分类规则"
        raise StandardsError(
            rules[0].fact if rules else "sector_group",
            f"{group.label}按{group.basis}分类，需要提供：{needed}。",
        )
    row = row_of(group, rule.categories[value])
    reason = f"{group.label}，{_describe(rule.fact, value)} → {row.label}（{rule.source}）"
    rule_text = f"{rule.fact}={value}"
    for escalation in ESCALATIONS.get(plan.key, ()):
        strictest = max(group.rows, key=lambda item: item.cap)
        if clean.get(escalation.fact) and strictest.cap > row.cap:
            reason += (
                f"；{escalation.label}，按最严类别监管 → {strictest.label}（{escalation.source}）"
            )
            row = strictest
            rule_text += f"; {escalation.fact}"
    explanation = (
        f"依据{CAP_POLICY}，按{plan.cited}：{reason}；执法检查每年每企累计不超过 {row.cap} 次，"
        f"督导检查不超过 {plan.supervisory_cap} 次。"
    )
    return SupervisionClass(
        plan.key,
        group.key,
        row.category,
        row.label,
        row.cap,
        plan.supervisory_cap,
        rule_text,
        explanation,
    )


@dataclass(frozen=True)
class DrawWeight(Result):
    weight: int
    supervision_class: SupervisionClass
    factors: tuple[str, ...]
    explanation: str


def draw_weight(facts: dict[str, Any], scheme: str = DEFAULT_SCHEME) -> DrawWeight:
    """An enterprise's weight in a random draw (an integer ≥ 1), with every factor named."""
    found = supervision_class(facts, scheme)
    clean = facts_of(facts)
    weight = found.cap
    group = CAP_SCHEMES[found.scheme].groups[found.sector_group].label
    parts = [f"基础权重 {found.cap}（{group}{found.label}的年度检查上限）"]
    risk = clean["risk_grade"]
    if risk is not None and RISK_FACTORS[risk] != 1:
        weight *= RISK_FACTORS[risk]
        parts.append(f"{RISK_GRADES[risk]} ×{RISK_FACTORS[risk]}")
    applied: set[str] = set()
    for row in WEIGHT_FACTORS:
        amount = int(clean[row.fact])
        if row.fact in applied or amount < row.at_least:
            continue
        applied.add(row.fact)
        weight *= row.factor
        count = f"（{amount} {row.unit}）" if row.unit else ""
        parts.append(f"{row.label}{count} ×{row.factor}")
    explanation = (
        f"依据{DRAW_POLICY}，对投诉举报多、有严重违法违规记录的企业加大随机抽查力度："
        f"{'，'.join(parts)}，抽查权重 = {weight}。"
    )
    return DrawWeight(max(weight, 1), found, tuple(parts), explanation)
