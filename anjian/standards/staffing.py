"""Safety management staffing (《安全生产法》2021 第二十四条)."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Result, StandardsError

# The unit categories Art 24 ¶1 names; any of them must have a safety department or
# full-time safety staff regardless of size.
HIGH_RISK_CATEGORIES = {
    "mining": "矿山",
    "metal_smelting": "金属冶炼",
    "construction": "建筑施工",
    "transport": "运输",
    "dangerous_goods": "危险物品的生产、经营、储存、装卸",
}
EMPLOYEE_THRESHOLD = 100


@dataclass(frozen=True)
class StaffingResult(Result):
    required: str  # "department_or_full_time" | "full_or_part_time"
    label: str
    explanation: str


def safety_staff_requirement(category: str | None, employees: int | None) -> StaffingResult:
    """What safety management staffing Art 24 requires of a unit."""
    if category is not None and category not in HIGH_RISK_CATEGORIES:
        raise StandardsError("category", f"未知的单位类别：{category}")
    if employees is not None and employees < 0:
        raise StandardsError("employees", "从业人员数不能为负数。")
    article = "《安全生产法》（2021）第二十四条"
    if category:
        name = HIGH_RISK_CATEGORIES[category]
        return StaffingResult(
            "department_or_full_time",
            "应设置安全生产管理机构或配备专职安全生产管理人员",
            f"依据{article}第一款，{name}单位应当设置安全生产管理机构或者配备专职安全生产管理人员。",
        )
    if employees is None:
        raise StandardsError("employees", "非高危行业单位需填写从业人员数才能判断。")
    if employees > EMPLOYEE_THRESHOLD:
        return StaffingResult(
            "department_or_full_time",
            "应设置安全生产管理机构或配备专职安全生产管理人员",
            f"依据{article}第二款，从业人员 {employees} 人，超过一百人，应当设置安全生产管理机构"
            "或者配备专职安全生产管理人员。",
        )
    return StaffingResult(
        "full_or_part_time",
        "应配备专职或者兼职的安全生产管理人员",
        f"依据{article}第二款，从业人员 {employees} 人，在一百人以下，应当配备专职或者兼职的"
        "安全生产管理人员。",
    )
