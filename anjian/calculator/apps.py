from django.apps import AppConfig


class CalculatorConfig(AppConfig):
    name = "anjian.calculator"
    label = "calculator"
    verbose_name = "标准计算器"
