"""The fixed test personas (same usernames as the demo accounts), created through the demo seed."""

from __future__ import annotations

import pytest

from anjian.accounts.models import User
from anjian.accounts.seeds import DEMO_ACCOUNTS, demo_accounts
from anjian.core.seed import SeedContext

PASSWORD = "Demo-Passw0rd!"
USERNAMES = [username for username, _, _ in DEMO_ACCOUNTS]


def make_personas() -> dict[str, User]:
    ctx = SeedContext(password=PASSWORD, out=lambda _: None)
    demo_accounts(ctx)
    return ctx.data["users"]


@pytest.fixture
def personas(db) -> dict[str, User]:
    return make_personas()
