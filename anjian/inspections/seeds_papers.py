"""Demo data of the inspections app's papers part: the visits part's in-progress inspection at
the demo chemical plant is signed by its team and the plant's representative, which numbers its
documents and schedules the re-check."""

from __future__ import annotations

import base64
import hashlib
import io
import math
from datetime import timedelta

from django.utils import timezone
from PIL import Image, ImageDraw

from anjian.core.seed import SeedContext, demo_step
from anjian.enterprises.models import Enterprise

from . import services_papers, services_visits
from .choices import Becomes, Kind, Result, Status
from .models import Finding, Inspection, InspectionMember
from .workflow import INSPECTION_FLOW, OFFICERS

DEMO_PLANT = "东湖精细化工有限公司"
DEMO_REPRESENTATIVE = "周厂长"


def signature_png(name: str, size: tuple[int, int] = (480, 160)) -> bytes:
    """A handwriting-like stroke, different for each name (demo and test signatures)."""
    seed = hashlib.sha256(name.encode("utf-8")).digest()
    image = Image.new("RGBA", size, (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    width, height = size
    points = []
    for i in range(120):
        t = i / 119
        wave = math.sin(t * (6 + seed[0] % 5) + seed[1] / 40) * (0.22 + seed[2] / 1200)
        loop = math.sin(t * (17 + seed[3] % 7)) * 0.12
        points.append((20 + t * (width - 40), height * (0.5 + wave + loop)))
    draw.line(points, fill=(24, 36, 51, 255), width=5, joint="curve")
    draw.line([(30, height * 0.82), (width - 60, height * 0.78)], fill=(24, 36, 51, 255), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def signature_data_url(name: str) -> str:
    return "data:image/png;base64," + base64.b64encode(signature_png(name)).decode("ascii")


def sign_for_team(inspection: Inspection) -> list[dict]:
    members = InspectionMember.objects.filter(inspection=inspection, role__in=OFFICERS)
    return [
        {"user": m.user_id, "image": signature_data_url(m.user.get_username())}
        for m in members.select_related("user")
    ]


def _visit_to_sign(ctx: SeedContext) -> Inspection | None:
    """The visits part's in-progress inspection at the plant; without it (its demo not loaded),
    one of our own: the district's two officers at the plant, one item found 不符合."""
    found = Inspection.objects.filter(enterprise__name=DEMO_PLANT, status=Status.IN_PROGRESS)
    inspection = found.order_by("pk").first()
    if inspection is not None or Inspection.objects.filter(enterprise__name=DEMO_PLANT).exists():
        return inspection
    users = ctx.data.get("users") or {}
    plant = Enterprise.objects.filter(name=DEMO_PLANT).first()
    if plant is None or "district" not in users or "inspector2" not in users:
        return None
    lead = users["district"]
    inspection = services_visits.inspection_create(
        actor=lead,
        enterprise=plant,
        planned_on=timezone.localdate(),
        team=[lead, users["inspector2"]],
        kind=Kind.HIGHER_SPECIAL,
        basis="上级部署的危险化学品安全专项检查",
    )
    inspection = INSPECTION_FLOW.apply(inspection, "start", lead)
    Finding.objects.create(
        inspection=inspection,
        result=Result.NONCONFORM,
        note="储罐区可燃气体检测报警装置未定期检定",
        becomes=Becomes.HAZARD,
        checked_by=lead,
        checked_at=timezone.now(),
    )
    return inspection


@demo_step(72, "现场签字与检查文书")
def demo_signing(ctx: SeedContext) -> None:
    inspection = _visit_to_sign(ctx)
    if inspection is None:
        return
    lead = (
        InspectionMember.objects.filter(inspection=inspection, role="lead")
        .select_related("user")
        .first()
    )
    if lead is None:
        return
    services_papers.inspection_sign(
        actor=lead.user,
        inspection=inspection,
        signatures=sign_for_team(inspection),
        representative_name=DEMO_REPRESENTATIVE,
        representative_signature=signature_data_url(DEMO_REPRESENTATIVE),
        deadline=timezone.localdate() + timedelta(days=15),
    )
