"""The enterprise filter of every list that chooses an enterprise: a searchable picker (not a
select of every enterprise in scope) that keeps the chosen name on reload, filters the rows, and
never widens the user's scope (an id outside it is ignored, a typed name outside it refused).

Expected rows come from the models and `tests/scopes.py`, not from the filter code under test.
"""

import pytest
from django.urls import reverse

from anjian.enterprises.models import Enterprise
from anjian.hazards.models import Hazard
from anjian.monitoring.models import Alarm, MonitoringPoint
from anjian.risks.models import MajorHazardSource, RiskPoint
from tests.matrix import login_as
from tests.scopes import CHEM, SEES, WEST

LISTS = [
    ("hazards:list", Hazard),
    ("risks:points", RiskPoint),
    ("risks:sources", MajorHazardSource),
    ("monitoring:points", MonitoringPoint),
    ("monitoring:alarms", Alarm),
]
PERSONA = "district"  # sees CHEM but not WEST
# `status=""` is the 全部 tab (the alarm list otherwise opens on the open alarms only)


def shown(response) -> set[int]:
    return {obj.pk for obj in response.context["page"].items}


@pytest.fixture
def chem(personas):
    return Enterprise.objects.get(name=CHEM)


@pytest.fixture
def west(personas):
    return Enterprise.objects.get(name=WEST)


@pytest.mark.parametrize(("url", "model"), LISTS)
def test_the_enterprise_filter_is_a_picker_not_a_select(client, personas, chem, url, model):
    login_as(client, personas, PERSONA)
    response = client.get(reverse(url))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="filter-enterprise"' in html
    assert 'name="enterprise_text"' in html
    assert 'data-url="/pick/enterprise/"' in html
    assert '<select class="form-select" id="f-enterprise"' not in html
    assert f">{CHEM}</option>" not in html


@pytest.mark.parametrize(("url", "model"), LISTS)
def test_it_filters_by_the_chosen_enterprise_and_shows_its_name(client, personas, chem, url, model):
    login_as(client, personas, PERSONA)
    response = client.get(reverse(url), {"enterprise": chem.pk, "per_page": 100, "status": ""})
    assert response.status_code == 200
    expected = set(model.objects.filter(enterprise=chem).values_list("pk", flat=True))
    assert expected, "the demo has records at this enterprise"
    assert shown(response) == expected
    html = response.content.decode()
    assert f'name="enterprise_text" value="{CHEM}"' in html
    assert f'name="enterprise" value="{chem.pk}"' in html


@pytest.mark.parametrize(("url", "model"), LISTS)
def test_a_typed_full_name_is_looked_up_without_the_script(client, personas, chem, url, model):
    login_as(client, personas, PERSONA)
    response = client.get(
        reverse(url), {"enterprise_text": chem.credit_code, "per_page": 100, "status": ""}
    )
    assert response.status_code == 200
    assert shown(response) == set(
        model.objects.filter(enterprise=chem).values_list("pk", flat=True)
    )


@pytest.mark.parametrize(("url", "model"), LISTS)
def test_an_enterprise_outside_the_scope_is_ignored_never_widened_to(
    client, personas, west, url, model
):
    assert WEST not in SEES[PERSONA]
    login_as(client, personas, PERSONA)
    everything = shown(client.get(reverse(url), {"per_page": 100, "status": ""}))
    response = client.get(reverse(url), {"enterprise": west.pk, "per_page": 100, "status": ""})
    assert response.status_code == 200
    assert shown(response) == everything
    assert not model.objects.filter(pk__in=shown(response), enterprise=west).exists()
    html = response.content.decode()
    assert WEST not in html
    assert f'name="enterprise" value="{west.pk}"' not in html


@pytest.mark.parametrize(("url", "model"), LISTS)
def test_a_typed_name_outside_the_scope_is_refused_in_chinese(client, personas, west, url, model):
    login_as(client, personas, PERSONA)
    response = client.get(reverse(url), {"enterprise_text": WEST})
    assert response.status_code == 422
    html = response.content.decode()
    assert "企业：请输入企业的完整名称或统一社会信用代码。" in html
    assert WEST not in html.replace(f'"{WEST}"', "")
