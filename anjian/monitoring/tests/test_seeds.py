"""The demo's monitoring data shows an alarm's whole life: one handled, others still open."""

import pytest

from anjian.monitoring.models import Alarm, Reading
from anjian.monitoring.seeds import EXCURSION, EXCURSION_NOTE

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_handled_alarm_and_open_ones(demo):
    handled = Alarm.objects.get(point__code=EXCURSION[0])
    assert handled.status == "closed" and handled.kind == "high"
    assert handled.cause == "real" and handled.disposal_note == EXCURSION_NOTE
    assert handled.acknowledged_by.username == "ent_manager"
    assert handled.peak_value > handled.threshold == 85
    assert Alarm.objects.filter(status="open").count() >= 1


def test_the_excursion_is_in_the_readings_the_chart_draws(demo):
    values = Reading.objects.filter(point__code=EXCURSION[0]).values_list("value", flat=True)
    assert max(values) > 85 and min(values) < 85
