from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "anjian.hazards"
    label = "hazards"
    verbose_name = "隐患排查治理"

    def ready(self) -> None:
        from . import panels, tick_hooks  # noqa: F401  (enterprise-page panel; deadlines)
