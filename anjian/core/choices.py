"""Choice classes whose members carry a label and a colour, so badge, API and export agree."""

from __future__ import annotations

from django.db import models


class ColouredChoices(models.TextChoices):
    """TextChoices with a Tabler colour per member.

    Subclasses declare ``__colours__ = {"value": "red", ...}`` (dunder names are not enum members).
    """

    @property
    def colour(self) -> str:
        colours: dict[str, str] = getattr(type(self), "__colours__", {})
        return colours.get(self.value, "secondary")

    @classmethod
    def colour_of(cls, value: str) -> str:
        try:
            return cls(value).colour
        except ValueError:
            return "secondary"

    @classmethod
    def as_options(cls) -> list[dict[str, str]]:
        return [{"value": m.value, "label": str(m.label), "colour": m.colour} for m in cls]


class RiskGrade(ColouredChoices):
    """Four colours (安委办〔2016〕11号): 重大红, 较大橙, 一般黄, 低蓝."""

    MAJOR = "major", "重大风险"
    LARGER = "larger", "较大风险"
    GENERAL = "general", "一般风险"
    LOW = "low", "低风险"

    __colours__ = {"major": "red", "larger": "orange", "general": "yellow", "low": "blue"}
