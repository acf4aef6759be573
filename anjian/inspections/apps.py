from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "anjian.inspections"
    label = "inspections"
    verbose_name = "监督检查"

    def ready(self) -> None:
        from . import tick_hooks  # noqa: F401  (re-check reminders)
