from anjian.core.tick import register

from .services_security import deactivate_idle_accounts


@register("accounts.deactivate_idle")
def deactivate_idle() -> int:
    return deactivate_idle_accounts()
