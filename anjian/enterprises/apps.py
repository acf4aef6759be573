from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "anjian.enterprises"
    label = "enterprises"
    verbose_name = "企业台帐"

    def ready(self) -> None:
        from anjian.core import nav

        from . import panels, tick_hooks  # noqa: F401  (home card; licence reminders)

        nav.register(
            "enterprises",
            "企业台帐",
            "enterprises:list",
            icon="building-factory-2",
            order=10,
            visible=lambda user: (
                user.is_authenticated and user.has_perm("enterprises.view_enterprise")
            ),
        )
