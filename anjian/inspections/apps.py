from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "anjian.inspections"
    label = "inspections"
    verbose_name = "监督检查"

    def ready(self) -> None:
        # re-check reminders, the panels on other records' pages, the experts' assignments:
        # registered at start-up, so commands, `tick` and the shell see them as pages do
        from . import (  # noqa: F401
            panels_papers,
            panels_plans,
            panels_ratings,
            signals_experts,
            tick_hooks,
        )
