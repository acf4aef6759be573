"""Risk grading for the dual prevention mechanism (双重预防机制): LEC, LS matrix, control level.

Colours follow 安委办〔2016〕11号: 重大 = 红, 较大 = 橙, 一般 = 黄, 低 = 蓝. The LEC class
boundaries, the class-to-level mapping, the LS banding and the control levels are conventions
that vary locally; each is a keyword parameter whose default is a ``DEFAULT_...`` constant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from anjian.standards.base import Result, StandardsError, fmt, normalize_text, to_decimal

GUIDE = (
    "《国务院安委会办公室关于实施遏制重特大事故工作指南构建安全风险分级管控和"
    "隐患排查治理双重预防机制的意见》（安委办〔2016〕11号）"
)

LEVELS: tuple[str, ...] = ("重大", "较大", "一般", "低")
LEVEL_CODES = {"重大": "major", "较大": "larger", "一般": "general", "低": "low"}
LEVEL_COLOURS = {"重大": "红", "较大": "橙", "一般": "黄", "低": "蓝"}
COLOUR_CODES = {"红": "red", "橙": "orange", "黄": "yellow", "蓝": "blue"}

LEC_L: tuple[tuple[Decimal, str], ...] = (
    (Decimal("10"), "完全可以预料"),
    (Decimal("6"), "相当可能"),
    (Decimal("3"), "可能，但不经常"),
    (Decimal("1"), "可能性小，完全意外"),
    (Decimal("0.5"), "很不可能，可以设想"),
    (Decimal("0.2"), "极不可能"),
    (Decimal("0.1"), "实际不可能"),
)
LEC_E: tuple[tuple[Decimal, str], ...] = (
    (Decimal("10"), "连续暴露"),
    (Decimal("6"), "每天工作时间内暴露"),
    (Decimal("3"), "每周一次或偶然暴露"),
    (Decimal("2"), "每月一次暴露"),
    (Decimal("1"), "每年几次暴露"),
    (Decimal("0.5"), "非常罕见地暴露"),
)
LEC_C: tuple[tuple[Decimal, str], ...] = (
    (Decimal("100"), "大灾难，许多人死亡"),
    (Decimal("40"), "灾难，数人死亡"),
    (Decimal("15"), "非常严重，一人死亡"),
    (Decimal("7"), "严重，重伤"),
    (Decimal("3"), "重大，致残"),
    (Decimal("1"), "引人注目，需要救护"),
)

# D classes from the most to the least dangerous, with the D value that separates each from
# the next. Only 20 and 70 occur with the tabulated factors; the setting decides their side.
LEC_CLASS_CUTS: tuple[tuple[str, Decimal], ...] = (
    ("极其危险", Decimal(320)),
    ("高度危险", Decimal(160)),
    ("显著危险", Decimal(70)),
    ("一般危险", Decimal(20)),
)
LEC_LOWEST_CLASS = "稍有危险"
LEC_BOUNDARIES = ("lower_inclusive", "upper_inclusive")
DEFAULT_LEC_BOUNDARY = "lower_inclusive"
DEFAULT_LEC_LEVELS: Mapping[str, str] = {
    "极其危险": "重大",
    "高度危险": "较大",
    "显著危险": "一般",
    "一般危险": "低",
    "稍有危险": "低",
}

# LS bandings: (lowest R of the band, level), most severe first. They differ only at R = 6, 8.
LS_BANDINGS: Mapping[str, tuple[tuple[int, str], ...]] = {
    "common": ((20, "重大"), (15, "较大"), (9, "一般"), (1, "低")),
    "1-5/6-12/15-16/20-25": ((20, "重大"), (15, "较大"), (6, "一般"), (1, "低")),
    "≤7/8-12/13-16/≥17": ((17, "重大"), (13, "较大"), (8, "一般"), (1, "低")),
}
DEFAULT_LS_BANDING = "common"
# How an explanation names a banding (the numeric ones name themselves).
LS_BANDING_NAMES: Mapping[str, str] = {"common": "通用方案"}

DEFAULT_CONTROL_LEVELS: Mapping[str, str] = {
    "重大": "公司",
    "较大": "部门/车间",
    "一般": "班组",
    "低": "岗位",
}


@dataclass(frozen=True)
class LecAssessment(Result):
    json_names: ClassVar[dict[str, str]] = {"risk_class": "class"}

    L: Decimal
    E: Decimal
    C: Decimal
    D: Decimal
    risk_class: str
    level: str
    level_code: str
    colour: str
    colour_code: str
    boundary: str
    explanation: str


@dataclass(frozen=True)
class LsAssessment(Result):
    L: int
    S: int
    R: int
    level: str
    level_code: str
    colour: str
    colour_code: str
    banding: str
    explanation: str


@dataclass(frozen=True)
class ControlLevel(Result):
    level: str
    control_level: str
    explanation: str


def _factor(value: Any, table: tuple[tuple[Decimal, str], ...], field: str) -> Decimal:
    number = to_decimal(value, field, allow_negative=True)
    for allowed, _meaning in table:
        if number == allowed:
            return allowed
    choices = "、".join(fmt(allowed) for allowed, _ in table)
    raise StandardsError(field, f"{field} 只能取表列数值：{choices}；收到 {fmt(number)}。")


def _lec_class(d: Decimal, boundary: str = DEFAULT_LEC_BOUNDARY) -> str:
    """Class of a D value; ``lower_inclusive`` puts a boundary value in the higher class."""
    if boundary not in LEC_BOUNDARIES:
        raise StandardsError(
            "boundary", f"边界设置应为 {'、'.join(LEC_BOUNDARIES)} 之一，收到「{boundary}」。"
        )
    for name, cut in LEC_CLASS_CUTS:
        if d > cut or (d == cut and boundary == "lower_inclusive"):
            return name
    return LEC_LOWEST_CLASS


def _level_fields(level: str) -> dict[str, str]:
    colour = LEVEL_COLOURS[level]
    return {
        "level": level,
        "level_code": LEVEL_CODES[level],
        "colour": colour,
        "colour_code": COLOUR_CODES[colour],
    }


def lec(
    L: Any,
    E: Any,
    C: Any,
    *,
    boundary: str = DEFAULT_LEC_BOUNDARY,
    levels: Mapping[str, str] = DEFAULT_LEC_LEVELS,
) -> LecAssessment:
    """作业条件危险性评价法: D = L·E·C, classed and mapped to a risk level and colour."""
    l_value = _factor(L, LEC_L, "L")
    e_value = _factor(E, LEC_E, "E")
    c_value = _factor(C, LEC_C, "C")
    d_value = l_value * e_value * c_value
    risk_class = _lec_class(d_value, boundary)
    level = _mapped_level(levels, risk_class)
    side = "下限含本数（D=70 为显著危险，D=20 为一般危险）"
    if boundary == "upper_inclusive":
        side = "上限含本数（D=70 为一般危险，D=20 为稍有危险）"
    explanation = (
        f"作业条件危险性评价法（LEC）：D = L × E × C = {fmt(l_value)} × {fmt(e_value)} × "
        f"{fmt(c_value)} = {fmt(d_value)}；按 D 值分级（>320 极其危险，160～320 高度危险，"
        f"70～160 显著危险，20～70 一般危险，<20 稍有危险；分界值{side}）为{risk_class}，"
        f"对应{level}风险；依据{GUIDE}，{level}风险标{LEVEL_COLOURS[level]}色。"
    )
    return LecAssessment(
        L=l_value,
        E=e_value,
        C=c_value,
        D=d_value,
        risk_class=risk_class,
        boundary=boundary,
        explanation=explanation,
        **_level_fields(level),
    )


def _mapped_level(levels: Mapping[str, str], risk_class: str) -> str:
    level = levels.get(risk_class)
    if level not in LEVELS:
        raise StandardsError(
            "levels", f"LEC 分级对应表缺少「{risk_class}」或其风险等级不是{'、'.join(LEVELS)}之一。"
        )
    return level


def _band_label(bands: tuple[tuple[int, str], ...], index: int) -> str:
    low, name = bands[index]
    if index == 0:
        return f"R≥{low} {name}"
    high = bands[index - 1][0] - 1
    return f"R≤{high} {name}" if index == len(bands) - 1 else f"{low}≤R≤{high} {name}"


def _ls_factor(value: Any, field: str) -> int:
    number = to_decimal(value, field, allow_negative=True)
    if number != number.to_integral_value() or not 1 <= number <= 5:
        raise StandardsError(field, f"{field} 应为 1～5 的整数，收到 {fmt(number)}。")
    return int(number)


def ls(
    L: Any,
    S: Any,
    *,
    banding: str = DEFAULT_LS_BANDING,
) -> LsAssessment:
    """风险矩阵法: R = L·S (each 1–5), banded into four levels."""
    l_value = _ls_factor(L, "L")
    s_value = _ls_factor(S, "S")
    if banding not in LS_BANDINGS:
        raise StandardsError(
            "banding", f"分级方案应为 {'、'.join(LS_BANDINGS)} 之一，收到「{banding}」。"
        )
    r_value = l_value * s_value
    bands = LS_BANDINGS[banding]
    level = next(name for low, name in bands if r_value >= low)
    described = "，".join(_band_label(bands, index) for index in range(len(bands)))
    explanation = (
        f"风险矩阵法（LS）：R = L × S = {l_value} × {s_value} = {r_value}；"
        f"按分级方案「{LS_BANDING_NAMES.get(banding, banding)}」（{described}）为{level}风险；"
        f"依据{GUIDE}，{level}风险标{LEVEL_COLOURS[level]}色。"
    )
    return LsAssessment(
        L=l_value,
        S=s_value,
        R=r_value,
        banding=banding,
        explanation=explanation,
        **_level_fields(level),
    )


def _check_level(value: Any, field: str = "level") -> str:
    """Accept a level in Chinese (重大) or as its storage code (major)."""
    text = normalize_text(str(value)) if value is not None else ""
    by_code = {code: name for name, code in LEVEL_CODES.items()}
    level = by_code.get(text.lower(), text.removesuffix("风险"))
    if level not in LEVELS:
        raise StandardsError(
            field, f"风险等级应为{'、'.join(LEVELS)}（或 {'/'.join(by_code)}），收到「{value}」。"
        )
    return level


def control_level(
    level: Any, *, mapping: Mapping[str, str] = DEFAULT_CONTROL_LEVELS
) -> ControlLevel:
    """The organisational level that controls a risk of the given level."""
    name = _check_level(level)
    if name not in mapping:
        raise StandardsError("mapping", f"管控层级对应表缺少「{name}」。")
    owner = mapping[name]
    return ControlLevel(
        level=name,
        control_level=owner,
        explanation=(
            f"依据{GUIDE}“分级管控”要求及本地约定（"
            + "，".join(f"{key}→{value}" for key, value in mapping.items())
            + f"），{name}风险由{owner}级管控。"
        ),
    )
