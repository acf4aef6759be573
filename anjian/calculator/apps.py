from django.apps import AppConfig


class CalculatorConfig(AppConfig):
    name = "anjian.calculator"
    label = "calculator"
    verbose_name = "标准计算器"

    def ready(self) -> None:
        from anjian.core import nav

        nav.register("calculator", "标准计算器", "calculator:index", icon="calculator", order=90)
