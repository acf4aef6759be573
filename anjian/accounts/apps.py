from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "anjian.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import panels, signals, tick_hooks  # noqa: F401  (enterprise page; audit; hooks)
        from .roles import ensure_builtin_roles

        post_migrate.connect(ensure_builtin_roles, sender=self)
