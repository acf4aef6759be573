"""The data of classified supervision: provincial cap schemes, class rules and draw weights.

Read by ``inspection``, which documents the sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CAP_POLICY = "《国务院办公厅关于严格规范涉企行政检查的意见》（国办发〔2024〕54号）"
DRAW_POLICY = "《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）"
CONVENTION = "本系统约定，可配置"
RISK_GRADES = {
    "major": "重大风险（红）",
    "larger": "较大风险（橙）",
    "general": "一般风险（黄）",
    "low": "低风险（蓝）",
}
STANDARDIZATION_GRADES = {
    "level1": "一级",
    "level2": "二级",
    "level3": "三级",
    "ungraded": "未定级",
}
DEFAULT_SCHEME = "shanxi-2025"
COAL_CATEGORIES = ("A", "B", "C", "D")


@dataclass(frozen=True)
class CapRow:
    category: str
    label: str
    cap: int


@dataclass(frozen=True)
class SectorGroup:
    key: str
    label: str
    basis: str  # what the province classifies this group by
    rows: tuple[CapRow, ...]

    def row(self, category: str) -> CapRow | None:
        return next((row for row in self.rows if row.category == category), None)


@dataclass(frozen=True)
class CapScheme:
    key: str
    authority: str
    published_on: date
    source: str
    confidence: str
    groups: dict[str, SectorGroup]
    supervisory_cap: int  # 督导检查, whatever the category

    @property
    def cited(self) -> str:
        day = self.published_on
        return f"{self.authority}{day.year}年{day.month}月{day.day}日公示的年度行政检查最高频次"


def _graded(key: str, label: str, caps: tuple[int, int, int, int]) -> SectorGroup:
    rows = tuple(
        CapRow(grade, f"{name}类", cap)
        for (grade, name), cap in zip(STANDARDIZATION_GRADES.items(), caps, strict=True)
    )
    return SectorGroup(key, label, "安全生产标准化等级", rows)


CAP_SCHEMES: dict[str, CapScheme] = {
    "shanxi-2025": CapScheme(
        key="shanxi-2025",
        authority="山西省应急管理厅",
        published_on=date(2025, 4, 23),
        source="http://aqsx.sxkjnews.com/news/show.php?itemid=5199",
        confidence="medium",
        groups={
            "coal_mine": SectorGroup(
                "coal_mine",
                "煤矿",
                "安全保障程度",
                (
                    CapRow("A", "A类（安全保障程度较高）", 2),
                    CapRow("B", "B类（安全保障程度一般）", 4),
                    CapRow("C", "C类（安全保障程度较低）", 6),
                    CapRow("D", "D类（长期停工停产）", 4),
                ),
            ),
            "non_coal_mine": SectorGroup(
                "non_coal_mine",
                "非煤矿山",
                "安全风险",
                (
                    CapRow("A", "A类（低风险）", 1),
                    CapRow("B", "B类（一般风险）", 1),
                    CapRow("C", "C类（较大风险）", 2),
                    CapRow("D", "D类（重大风险）", 4),
                ),
            ),
            "hazchem_metallurgy": _graded(
                "hazchem_metallurgy", "危险化学品和金属冶炼企业", (2, 4, 8, 12)
            ),
            "non_high_risk": _graded("non_high_risk", "非高危行业领域企业", (1, 2, 4, 6)),
        },
        supervisory_cap=3,
    ),
}

# The project's sector codes (regions.Sector) → the groups of the schemes; any other → non_high_risk.
SECTOR_GROUPS = {
    "coal_mining": "coal_mine",
    "non_coal_mining": "non_coal_mine",
    "hazardous_chemicals": "hazchem_metallurgy",
    "metallurgy": "hazchem_metallurgy",
    "nonferrous": "hazchem_metallurgy",
    # 烟花爆竹 are dangerous goods like chemicals; the Shanxi table has no row of its own for them.
    "fireworks": "hazchem_metallurgy",
}


@dataclass(frozen=True)
class ClassRule:
    """One way to find a group's category: a fact and the category each of its values means."""

    fact: str
    categories: dict[str, str]
    source: str  # where the mapping comes from, in Chinese


@dataclass(frozen=True)
class Escalation:
    """A fact that moves an enterprise into its group's most-inspected category."""

    fact: str
    label: str
    source: str


_BY_GRADE = ClassRule(
    "standardization_grade",
    {grade: grade for grade in STANDARDIZATION_GRADES},
    "省级方案按安全生产标准化等级分类",
)

# Per scheme and group, the rules tried in order (the first whose fact has a listed value wins),
# then the escalations of the scheme.
CLASS_RULES: dict[str, dict[str, tuple[ClassRule, ...]]] = {
    "shanxi-2025": {
        "coal_mine": (
            ClassRule(
                "coal_category",
                {letter: letter for letter in COAL_CATEGORIES},
                "煤矿安全监管部门评定的安全保障程度类别",
            ),
            ClassRule("long_term_shutdown", {"true": "D"}, "长期停工停产的煤矿为D类"),
            ClassRule(
                "standardization_grade",
                {"level1": "A", "level2": "B", "level3": "C", "ungraded": "C"},
                f"未评定安全保障程度时按标准化等级推定（{CONVENTION}）",
            ),
        ),
        "non_coal_mine": (
            ClassRule(
                "risk_grade",
                {"low": "A", "general": "B", "larger": "C", "major": "D"},
                "省级方案按安全风险从低到高分为A、B、C、D四类",
            ),
        ),
        "hazchem_metallurgy": (_BY_GRADE,),
        "non_high_risk": (_BY_GRADE,),
    },
}
ESCALATIONS: dict[str, tuple[Escalation, ...]] = {
    "shanxi-2025": (Escalation("credit_listed", "列入安全生产严重失信主体名单", CONVENTION),),
}

# What ``supervision_class`` and ``draw_weight`` read about an enterprise.
FACTS = {
    "sector": "监管行业代码",
    "sector_group": "行业类别",
    "risk_grade": "风险等级",
    "standardization_grade": "安全生产标准化等级",
    "credit_listed": "是否列入严重失信主体名单",
    "major_hazards_12m": "近12个月重大事故隐患数",
    "penalties_12m": "近12个月行政处罚数",
    "complaints_12m": "近12个月举报数",
    "coal_category": "煤矿安全保障程度类别",
    "long_term_shutdown": "是否长期停工停产",
}


@dataclass(frozen=True)
class WeightFactor:
    fact: str
    at_least: int
    factor: int
    label: str
    unit: str = ""


# The draw weight is the category's yearly cap (more inspections expected, more often drawn)
# times the risk-grade factor times every factor below that applies; of several rows on one
# fact, the first met applies. 国办发〔2015〕58号: sample more often those with many complaints
# or serious violations. The figures are this system's defaults; a deployment may change them.
RISK_FACTORS = {"major": 4, "larger": 3, "general": 2, "low": 1}
WEIGHT_FACTORS: tuple[WeightFactor, ...] = (
    WeightFactor("credit_listed", 1, 3, "列入安全生产严重失信主体名单"),
    WeightFactor("major_hazards_12m", 1, 2, "近12个月有重大事故隐患", "项"),
    WeightFactor("penalties_12m", 1, 2, "近12个月受到行政处罚", "次"),
    WeightFactor("complaints_12m", 3, 3, "近12个月被举报3次以上", "次"),
    WeightFactor("complaints_12m", 1, 2, "近12个月被举报", "次"),
)
