import io

import pytest
from PIL import Image

from anjian.core import attachments
from anjian.enterprises.models import Enterprise
from anjian.hazards.models import Hazard

SIGN = {"method": "account"}


def photo(actor, colour=(200, 40, 40)):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format="JPEG")
    return attachments.save(data=out.getvalue(), name="p.jpg", actor=actor)


@pytest.fixture
def chem(personas):
    return Enterprise.objects.get(name="东湖精细化工有限公司")


@pytest.fixture
def demo_hazards(personas):
    return {h.description: h for h in Hazard.objects.all()}


PLAN = {
    "goals": "一个月内消除隐患",
    "measures": "更换安全阀并送检",
    "funds_and_materials": "专项资金 2 万元",
    "organisation_and_people": "设备部，主要负责人牵头",
    "deadline_and_requirements": "30 日内完成",
    "safety_and_emergency": "治理期间停用该反应釜",
}


def draft_plan(personas, hazard, who="ent_principal"):
    """The enterprise's principal writes the six parts and attaches the plan document."""
    from anjian.core.attachments import attach
    from anjian.core.models import Attachment
    from anjian.hazards.services import plan_save

    actor = personas[who]
    plan_save(actor=actor, hazard=hazard, parts=PLAN)
    scan = photo(actor, (240, 240, 240))
    attach([scan], hazard)
    Attachment.objects.filter(pk=scan.pk).update(kind="plan")


def approve_plan(personas, hazard, reviewer="township"):
    from anjian.hazards.services import plan_transition

    draft_plan(personas, hazard)
    plan_transition(actor=personas["ent_principal"], hazard=hazard, action="submit")
    return plan_transition(
        actor=personas[reviewer], hazard=hazard, action="approve", comment="同意"
    )
