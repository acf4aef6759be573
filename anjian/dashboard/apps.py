from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "anjian.dashboard"
    label = "dashboard"
    verbose_name = "首页"

    def ready(self) -> None:
        from anjian.core import nav

        nav.register("home", "首页", "dashboard:home", icon="home", order=0)
