from django.db import models

from anjian.core.choices import ColouredChoices

# The registry's risk grade is the four-colour scale shared with risk points.
from anjian.core.choices import RiskGrade as RiskGrade


class OperatingStatus(ColouredChoices):
    NORMAL = "normal", "正常"
    SUSPENDED = "suspended", "停产整顿"
    CLOSED = "closed", "关闭取缔"
    DEREGISTERED = "deregistered", "注销"

    __colours__ = {
        "normal": "green",
        "suspended": "orange",
        "closed": "red",
        "deregistered": "secondary",
    }


class SupervisionClass(ColouredChoices):
    A = "A", "A类（重点监管）"
    B = "B", "B类"
    C = "C", "C类"
    D = "D", "D类（一般监管）"

    __colours__ = {"A": "red", "B": "orange", "C": "yellow", "D": "blue"}


class StandardizationGrade(ColouredChoices):
    LEVEL1 = "level1", "一级"
    LEVEL2 = "level2", "二级"
    LEVEL3 = "level3", "三级"

    __colours__ = {"level1": "green", "level2": "teal", "level3": "cyan"}


class LicenceKind(models.TextChoices):
    SAFETY_PRODUCTION = "safety_production", "安全生产许可证"
    HAZCHEM_OPERATION = "hazchem_operation", "危险化学品经营许可证"
    HAZCHEM_USE = "hazchem_use", "危险化学品安全使用许可证"
    FIREWORKS_WHOLESALE = "fireworks_wholesale", "烟花爆竹经营（批发）许可证"
    FIREWORKS_RETAIL = "fireworks_retail", "烟花爆竹经营（零售）许可证"
    OTHER = "other", "其他许可证照"


class PersonRole(models.TextChoices):
    PRINCIPAL = "principal", "主要负责人"
    SAFETY_MANAGER = "safety_manager", "安全生产管理人员"
    SPECIAL_OPERATOR = "special_operator", "特种作业人员"
    OTHER = "other", "其他"


# Sector → 《安全生产法》第二十四条 category (others depend on the headcount).
ART24_CATEGORY = {
    "non_coal_mining": "mining",
    "coal_mining": "mining",
    "metallurgy": "metal_smelting",
    "nonferrous": "metal_smelting",
    "construction": "construction",
    "transport": "transport",
    "hazardous_chemicals": "dangerous_goods",
    "fireworks": "dangerous_goods",
}
