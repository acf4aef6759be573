from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "anjian.monitoring"
    label = "monitoring"
    verbose_name = "在线监测与报警"

    def ready(self) -> None:
        from . import tick_hooks  # noqa: F401  (offline alarms, rollups, retention)
