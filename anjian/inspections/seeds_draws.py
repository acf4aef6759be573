"""Demo data of the inspections app's officers and draws part."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.utils import timezone

from anjian.core.seed import SeedContext, demo_step

from . import services_draws
from .models import Draw, InspectorProfile

# username -> law-enforcement certificate number (行政执法证号)
DEMO_OFFICERS = {
    "city": "99010020001",
    "district": "99010220001",
    "inspector2": "99010220002",
    "district_b": "99010320001",
    "township": "99010220101",
    "sector": "99010220201",
}


@demo_step(61, "执法人员库")
def demo_officers(ctx: SeedContext) -> None:
    users = ctx.data["users"]
    for username, number in DEMO_OFFICERS.items():
        InspectorProfile.objects.get_or_create(
            user=users[username],
            defaults={"certificate_number": number, "certificate_expires_on": date(2030, 12, 31)},
        )


# The demo draw's seed is fixed so that every demo city shows the same published draw; a real
# draw always gets a fresh secret seed from `random_draw.new_seed()`.
DEMO_DRAW_SEED = hashlib.sha256(b"anjian demo draw: not secret, demo only").hexdigest()


@demo_step(66, "双随机抽查（已开奖公开）")
def demo_draw(ctx: SeedContext) -> None:
    officer = ctx.data["users"]["district"]
    if Draw.objects.filter(office_id=officer.organisation_id).exists():
        return
    today = timezone.localdate()
    draw = services_draws.draw_commit(
        actor=officer,
        title=f"{today.year} 年建筑施工企业双随机抽查（演示）",
        pool_filters={"sector": "construction"},
        count=2,
        team_size=2,
        planned_on=today + timedelta(days=14),
        seed=DEMO_DRAW_SEED,
    )
    services_draws.draw_reveal(actor=officer, draw=draw)
