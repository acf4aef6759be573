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
