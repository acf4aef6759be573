from anjian.core.choices import ColouredChoices


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
