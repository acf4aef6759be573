"""GB 6441-1986《企业职工伤亡事故分类》: accident categories (§2) and injury severity (§4).

The §5 labels (轻伤事故/重伤事故/死亡事故) serve statistics only; the legal grade of an
accident comes from 493号令 (see ``accident.grade``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from anjian.standards.base import (
    Result,
    StandardsError,
    normalize_text,
    suggestions,
    to_count,
)

STANDARD = "GB 6441-1986《企业职工伤亡事故分类》"

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("01", "物体打击"),
    ("02", "车辆伤害"),
    ("03", "机械伤害"),
    ("04", "起重伤害"),
    ("05", "触电"),
    ("06", "淹溺"),
    ("07", "灼烫"),
    ("08", "火灾"),
    ("09", "高处坠落"),
    ("10", "坍塌"),
    ("11", "冒顶片帮"),
    ("12", "透水"),
    ("13", "放炮"),
    ("14", "火药爆炸"),
    ("15", "瓦斯爆炸"),
    ("16", "锅炉爆炸"),
    ("17", "容器爆炸"),
    ("18", "其他爆炸"),
    ("19", "中毒和窒息"),
    ("20", "其他伤害"),
)

# 轻伤 is fewer than this many lost workdays, 重伤 this many or more (§4).
SERIOUS_INJURY_WORKDAYS = 105
# A death is counted as 6000 lost workdays in the standard's statistics.
DEATH_WORKDAYS = 6000

_BY_CODE = dict(CATEGORIES)
# Copies of the standard print 其他 and 其它 alike; compare in one spelling.
_BY_NAME = {name: code for code, name in CATEGORIES}


@dataclass(frozen=True)
class AccidentCategory(Result):
    code: str
    name: str
    explanation: str


@dataclass(frozen=True)
class InjurySeverity(Result):
    severity: str
    lost_workdays: int
    explanation: str


def category(code_or_name: Any) -> AccidentCategory:
    """Look up a category by its code ("01", "1" or 1) or its name (其他/其它 both accepted)."""
    text = normalize_text(str(code_or_name)) if code_or_name is not None else ""
    code = _code_for(text)
    if code is None:
        close = suggestions(text.replace("其它", "其他"), _BY_NAME)
        hint = f"相近的类别：{'、'.join(close)}。" if close else ""
        raise StandardsError(
            "category",
            f"「{text}」不是 {STANDARD} 的事故类别；请填写代码 01～20 或类别名称。{hint}",
        )
    name = _BY_CODE[code]
    return AccidentCategory(
        code=code,
        name=name,
        explanation=f"依据{STANDARD}第2章事故类别，第{code}类为「{name}」。",
    )


def _code_for(text: str) -> str | None:
    if text.isdigit() and len(text) <= 2:
        code = text.zfill(2)
        return code if code in _BY_CODE else None
    return _BY_NAME.get(text.replace("其它", "其他"))


def injury_severity(lost_workdays: Any = None, *, died: bool = False) -> InjurySeverity:
    """轻伤 below 105 lost workdays, 重伤 at 105 or more; ``died`` gives 死亡 (6000 days)."""
    if died:
        return InjurySeverity(
            severity="死亡",
            lost_workdays=DEATH_WORKDAYS,
            explanation=f"依据{STANDARD}第4章，死亡按损失工作日 {DEATH_WORKDAYS} 日计。",
        )
    days = to_count(lost_workdays, "lost_workdays")
    if days >= SERIOUS_INJURY_WORKDAYS:
        severity, rule = "重伤", f"{days} ≥ {SERIOUS_INJURY_WORKDAYS}"
    else:
        severity, rule = "轻伤", f"{days} < {SERIOUS_INJURY_WORKDAYS}"
    return InjurySeverity(
        severity=severity,
        lost_workdays=days,
        explanation=(
            f"依据{STANDARD}第4章，损失工作日低于{SERIOUS_INJURY_WORKDAYS}日为轻伤，"
            f"{SERIOUS_INJURY_WORKDAYS}日及以上为重伤；损失工作日 {rule}，判为{severity}。"
        ),
    )
