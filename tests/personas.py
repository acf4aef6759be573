"""The fixed test personas: the demo accounts, created through the demo seed, plus the public."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from anjian.accounts.seeds import DEMO_ACCOUNTS
from anjian.core import seed
from anjian.core.seed import SeedContext

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


def make_personas() -> dict:
    users = dict(make_demo().data["users"])
    users[PUBLIC] = AnonymousUser()
    return users


@pytest.fixture
def demo(db) -> SeedContext:
    return make_demo()


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
