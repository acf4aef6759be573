"""Demo data of the inspections app's officers and draws part."""

from __future__ import annotations

from datetime import date

from anjian.core.seed import SeedContext, demo_step

from .models import InspectorProfile

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
