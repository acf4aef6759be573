from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "anjian.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from . import checks, tick_hooks  # noqa: F401  (registers checks and periodic hooks)
