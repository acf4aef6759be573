"""Responsibility in the hazard loop, in a browser (the issue's acceptance): a township officer
cannot list a hazard at 市级; the city lists it, and then the township cannot accept it; the
city accepts, and the city's messages show the listing and the closure."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anjian.enterprises.models import Enterprise
from anjian.hazards.models import Hazard
from anjian.hazards.services import hazard_report, hazard_transition
from anjian.hazards.tests.conftest import SIGN, approve_plan, photo

from .conftest import DESKTOP, login, screenshot
from .test_enterprises import no_csp_errors
from .test_hazards import open_dialog, send_dialog

DESCRIPTION = "液氨储罐区围堰破损，泄漏时无法收集"


def _major_hazard(personas) -> Hazard:
    """Found and confirmed as major by the township; the enterprise's plan approved."""
    township = personas["township"]
    hazard = hazard_report(
        actor=township,
        enterprise=Enterprise.objects.get(name="东湖精细化工有限公司"),
        description=DESCRIPTION,
        location="液氨罐区",
        source="inspection",
        signature=SIGN,
        attachment_ids=[photo(township).pk],
    )
    hazard = hazard_transition(
        actor=township,
        hazard=hazard,
        action="confirm",
        grade="major",
        deadline=timezone.localdate() + timedelta(days=30),
        responsible_person="郑负责",
        measures="修复围堰并做防渗",
    )
    approve_plan(personas, hazard)
    return hazard


def _list_at(page, level: str, office: str) -> None:
    open_dialog(page, "list")
    page.select_option("#id_level", level)
    page.select_option("#id_office", label=office)


@pytest.mark.django_db(transaction=True)
def test_listing_belongs_to_its_level_and_the_city_hears_of_it(page_factory, personas):
    hazard = _major_hazard(personas)
    desk = page_factory(DESKTOP)
    login(desk, "township")
    desk.goto(f"/hazards/{hazard.pk}/")
    assert desk.locator("[data-testid=action-unlist]").count() == 0  # never listed
    _list_at(desk, "city", "市级：示范市应急管理局")
    desk.fill("#id_due", (timezone.localdate() + timedelta(days=20)).isoformat())
    desk.click("#action-dialog [data-testid=action-submit]")
    desk.wait_for_selector("#action-dialog :text('不能挂牌市级督办')")
    screenshot(desk, "hazard-list-refused-township")
    hazard.refresh_from_db()
    assert not hazard.listed

    city = page_factory(DESKTOP)
    login(city, "city")
    city.goto(f"/hazards/{hazard.pk}/")
    _list_at(city, "city", "市级：示范市应急管理局")
    send_dialog(city)
    assert "市级挂牌督办" in city.inner_text("[data-testid=hazard-badges]")

    manager = personas["ent_manager"]
    hazard_transition(
        actor=manager,
        hazard=Hazard.objects.get(pk=hazard.pk),
        action="submit",
        note="围堰已修复并做防渗处理",
        signature=SIGN,
        attachments=[photo(manager, (40, 150, 60)).pk],
    )
    desk.goto(f"/hazards/{hazard.pk}/")
    assert "待验收" in desk.inner_text("[data-testid=hazard-badges]")
    assert desk.locator("[data-testid=action-accept]").count() == 0
    token = next(c["value"] for c in desk.context.cookies() if c["name"] == "csrftoken")
    hazard.refresh_from_db()
    forced = desk.request.post(
        f"/hazards/{hazard.pk}/actions/accept/",
        headers={"X-CSRFToken": token},
        form={"opinion": "同意", "signature_method": "account", "version": str(hazard.version)},
    )
    assert forced.status == 403

    city.goto(f"/hazards/{hazard.pk}/")
    open_dialog(city, "accept")
    city.fill("#id_opinion", "经市局现场核查，围堰已修复，同意销号。")
    send_dialog(city)
    assert "已销号" in city.inner_text("[data-testid=hazard-badges]")
    city.goto(reverse("core:notifications"))
    messages = city.inner_text("body")
    assert f"重大隐患 {hazard.number} 已挂牌督办" in messages
    assert f"隐患 {hazard.number} 已验收销号" in messages
    screenshot(city, "hazard-city-messages")
    no_csp_errors(desk)
    no_csp_errors(city)
