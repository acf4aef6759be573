from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "anjian.risks"
    label = "risks"
    verbose_name = "风险分级管控与重大危险源"

    def ready(self) -> None:
        from . import tick_hooks  # noqa: F401  (re-assessment reminders)
