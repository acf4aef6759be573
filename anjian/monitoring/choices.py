from django.db import models

from anjian.core.choices import ColouredChoices


class PointKind(models.TextChoices):
    TEMPERATURE = "temperature", "温度"
    PRESSURE = "pressure", "压力"
    LEVEL = "level", "液位"
    FLAMMABLE_GAS = "flammable_gas", "可燃气体浓度"
    TOXIC_GAS = "toxic_gas", "有毒气体浓度"
    FLOW = "flow", "流量"
    OTHER = "other", "其他"


class PointState(ColouredChoices):
    NORMAL = "normal", "正常"
    HIGH = "high", "高报"
    HIGH_HIGH = "high_high", "高高报"
    LOW = "low", "低报"
    LOW_LOW = "low_low", "低低报"
    OFFLINE = "offline", "离线"

    __colours__ = {
        "normal": "green",
        "high": "orange",
        "high_high": "red",
        "low": "orange",
        "low_low": "red",
        "offline": "secondary",
    }


SEVERITY = {"normal": 0, "high": 1, "low": 1, "high_high": 2, "low_low": 2}


class AlarmStatus(ColouredChoices):
    OPEN = "open", "报警中"
    CLOSED = "closed", "已恢复"

    __colours__ = {"open": "red", "closed": "secondary"}


class AlarmCause(models.TextChoices):
    REAL = "real", "真实报警"
    FALSE = "false", "误报"
    MAINTENANCE = "maintenance", "检维修"
