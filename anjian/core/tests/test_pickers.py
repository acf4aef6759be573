"""The searchable picker: a scoped search endpoint and a widget that works without its script."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from anjian.core.pickers import Picker
from anjian.enterprises.models import Enterprise
from tests.personas import login_verified

pytestmark = pytest.mark.django_db

URL = reverse("core:pick", args=["enterprise"])


def _labels(client, user, q: str) -> list[str]:
    login_verified(client, user)
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return [row["label"] for row in response.json()["results"]]


def test_it_finds_enterprises_in_the_township_only(client, personas):
    labels = _labels(client, personas["township"], "建设")
    assert "城东建设工程有限公司" in labels
    assert "临江路桥建设集团有限公司" not in labels  # another township


def test_it_finds_by_the_start_of_the_credit_code(client, personas, demo):
    own = demo.data["enterprises"][0]
    login_verified(client, personas["district"])
    rows = client.get(URL, {"q": own.credit_code[:10]}).json()["results"]
    assert own.pk in [row["id"] for row in rows]
    assert all(row["detail"].upper().startswith(own.credit_code[:10]) for row in rows)


def test_an_enterprise_user_finds_only_their_own(client, personas):
    assert _labels(client, personas["other_ent"], "有限公司") == ["西山新型建材有限公司"]


def test_an_administrator_finds_nothing(client, personas):
    assert _labels(client, personas["sysadmin"], "有限公司") == []


def test_an_empty_or_overlong_query_gives_nothing(client, personas):
    assert _labels(client, personas["city"], "  ") == []
    assert _labels(client, personas["city"], "有" * 51) == []


def test_an_unknown_kind_is_404_and_the_public_is_sent_to_log_in(client, personas):
    assert client.get(reverse("core:pick", args=["enterprise"]), {"q": "a"}).status_code == 302
    login_verified(client, personas["city"])
    assert client.get(reverse("core:pick", args=["nothing"]), {"q": "a"}).status_code == 404


class _Form(forms.Form):
    enterprise = forms.ModelChoiceField(
        queryset=Enterprise.objects.none(), widget=Picker("enterprise")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).live()


def test_without_the_script_a_full_name_or_credit_code_is_looked_up(personas, demo):
    own = demo.data["enterprises"][0]
    user = personas["township"]
    by_name = _Form({"enterprise_text": own.name}, user=user)
    by_code = _Form({"enterprise_text": own.credit_code.lower()}, user=user)
    assert by_name.is_valid() and by_name.cleaned_data["enterprise"] == own
    assert by_code.is_valid() and by_code.cleaned_data["enterprise"] == own


def test_a_name_outside_the_forms_scope_is_refused(personas):
    form = _Form({"enterprise_text": "临江路桥建设集团有限公司"}, user=personas["township"])
    assert not form.is_valid()
    assert "enterprise" in form.errors


def test_the_chosen_id_wins_unless_the_text_was_changed(personas, demo):
    own, other = demo.data["enterprises"][0], demo.data["enterprises"][2]
    user = personas["district"]
    kept = _Form({"enterprise": own.pk, "enterprise_text": own.name}, user=user)
    assert kept.is_valid() and kept.cleaned_data["enterprise"] == own
    retyped = _Form({"enterprise": own.pk, "enterprise_text": other.name}, user=user)
    assert retyped.is_valid() and retyped.cleaned_data["enterprise"] == other


def test_it_renders_the_chosen_name_not_a_list_of_every_enterprise(personas, demo):
    own = demo.data["enterprises"][0]
    form = _Form(initial={"enterprise": own.pk}, user=personas["city"])
    html = str(form["enterprise"])
    assert f'value="{own.name}"' in html and f'value="{own.pk}"' in html
    assert "<option" not in html and "data-picker" in html


def test_the_hazard_report_form_uses_the_picker(client, personas):
    login_verified(client, personas["township"])
    html = client.get(reverse("hazards:report")).content.decode()
    assert 'name="enterprise_text"' in html and f'data-url="{URL}"' in html
