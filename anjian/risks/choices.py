from django.db import models

from anjian.core.choices import ColouredChoices
from anjian.core.choices import RiskGrade as RiskLevel  # one four-colour scale

__all__ = ["GRADE_COLOURS", "Method", "PointKind", "RiskLevel", "SourceStatus", "UnitKind"]

# The four grades of a major hazard source (GB 18218 表6), highest first, in the four colours.
GRADE_COLOURS = {"一级": "red", "二级": "orange", "三级": "yellow", "四级": "blue"}


class PointKind(models.TextChoices):
    ACTIVITY = "activity", "作业活动"
    EQUIPMENT = "equipment", "设备设施"
    PLACE = "place", "场所"


class Method(models.TextChoices):
    LEC = "lec", "LEC 作业条件危险性分析法"
    LS = "ls", "LS 风险矩阵法"


class UnitKind(models.TextChoices):
    PRODUCTION = "production", "生产单元"
    STORAGE = "storage", "储存单元"


class SourceStatus(ColouredChoices):
    DRAFT = "draft", "待提交"
    SUBMITTED = "submitted", "待审核"
    FILED = "filed", "已备案"
    RETURNED = "returned", "已退回"
    DEREGISTERED = "deregistered", "已核销"

    __colours__ = {
        "draft": "secondary",
        "submitted": "azure",
        "filed": "green",
        "returned": "orange",
        "deregistered": "dark",
    }
