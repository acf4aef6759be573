from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "anjian.enterprises"
    label = "enterprises"
    verbose_name = "企业台帐"

    def ready(self) -> None:
        from anjian.core import nav, pickers

        from . import models, panels, selectors, tick_hooks  # noqa: F401  (home card; licence reminders)

        pickers.register(
            "enterprise",
            noun="企业",
            search=selectors.enterprise_picks,
            exact=("name", "credit_code"),
            scope=lambda user: models.Enterprise.objects.visible_to(user),
        )

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
