"""A workflow dialog on a phone keeps its photos and the signature across a refusal: the
enterprise submits its rectification with two after-photos and a drawn signature but no
整改情况; the dialog comes back with the error, the two photos (each with a remove button) and
the signature; one photo is removed, the note filled, and the hazard carries the other photo."""

from playwright.sync_api import expect

from anjian.hazards.models import Hazard

from .conftest import PHONE, login, screenshot
from .test_enterprises import no_csp_errors, no_sideways_scroll
from .test_hazards import dialog_screenshot, jpeg, open_dialog, send_dialog, sign_on_pad

RECTIFYING = "装卸作业未设置静电接地报警"  # a demo hazard of the chemical plant, 整改中


def test_the_submit_dialog_keeps_photos_and_signature_across_a_refusal(page_factory, personas):
    page = page_factory(PHONE)
    hazard = Hazard.objects.get(description=RECTIFYING)
    login(page, "ent_manager")
    page.goto(f"/hazards/{hazard.pk}/")
    open_dialog(page, "submit")
    page.set_input_files(
        "#id_photos",
        files=[jpeg("整改后一.jpg", (52, 140, 84)), jpeg("整改后二.jpg", (48, 96, 176))],
    )
    sign_on_pad(page)
    page.click("#action-dialog [data-testid=action-submit]")  # 整改情况 is missing

    dialog = page.locator("#action-dialog")
    expect(dialog.locator("[data-testid=error-note]")).to_be_visible()
    kept = dialog.locator("[data-testid=staged-photos] [data-staged-photo]")
    expect(kept).to_have_count(2)
    expect(kept.locator("img").first).to_have_js_property("complete", True)
    expect(dialog.locator("input[name=signature_image]")).not_to_have_value("")
    no_sideways_scroll(page, PHONE)
    dialog.locator("[data-testid=staged-photos]").scroll_into_view_if_needed()
    dialog_screenshot(page, "dialog-photos-kept-phone")

    dialog.locator("[data-testid=unstage-photo]").last.click()
    expect(kept).to_have_count(1)
    page.fill("#id_note", "已加装静电接地报警器并试验合格")
    send_dialog(page)
    assert "待验收" in page.inner_text("[data-testid=hazard-badges]")
    expect(page.locator("[data-testid=photos-after] img")).to_have_count(1)
    no_csp_errors(page)
    screenshot(page, "dialog-photos-bound-phone")
