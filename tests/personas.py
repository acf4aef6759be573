"""The fixed test personas: the demo accounts, created through the demo seed, plus the public."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from anjian.accounts.seeds import DEMO_ACCOUNTS
from anjian.core import seed
from anjian.core.seed import SeedContext
from anjian.enterprises.seeds import DEMO_ENTERPRISES

PASSWORD = "Demo-Passw0rd!"
USERNAMES = [row[0] for row in DEMO_ACCOUNTS]
PUBLIC = "public"
ALL_PERSONAS = [*USERNAMES, PUBLIC]  # the 13 personas of the role matrix


def make_demo() -> SeedContext:
    """Run every demo step (the same city make run shows) and return what it made."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("seeds")
    ctx = SeedContext(password=PASSWORD, out=lambda _: None)
    for _, _, step in seed.demo_steps():
        step(ctx)
    return ctx


def _load() -> SimpleNamespace:
    """The demo city as the tests see it; seeded once per database, then read back."""
    from anjian.accounts.models import User
    from anjian.enterprises.models import Enterprise

    if not User.objects.filter(username="city").exists():
        make_demo()  # after a transactional test flushed the database
    users = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
    names = [row[0] for row in DEMO_ENTERPRISES]
    by_name = {e.name: e for e in Enterprise.objects.filter(name__in=names)}
    return SimpleNamespace(data={"users": users, "enterprises": [by_name[n] for n in names]})


def make_personas() -> dict:
    users = dict(_load().data["users"])
    users[PUBLIC] = AnonymousUser()
    return users


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo city once per test database; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        make_demo()


@pytest.fixture
def demo(db) -> SimpleNamespace:
    return _load()


@pytest.fixture
def personas(demo) -> dict:
    users = dict(demo.data["users"])
    users[PUBLIC] = AnonymousUser()
    return users


def otp_code(user) -> str:
    """The current TOTP code of the user's authenticator (enrolled on first use)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def login_verified(client, user) -> None:
    """Log a test client in with the second factor verified (as after the OTP step)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    otp_code(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
