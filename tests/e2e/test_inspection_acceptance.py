"""Acceptance of supervision inspections, end to end on a phone (390 px) and through the pages
only: the lead inspector finds the planned unannounced check at the demo chemical plant in the
list, starts it, works through the whole checklist (two items 不符合: one becomes a hazard with a
standard description, a deadline and a photo, one a violation with its facts), opens the signing
from the inspection's page, both inspectors and the plant's representative sign once, and the
现场检查记录 and the 责令限期整改指令书 download as PDF and DOCX, numbered and signed. The files
and the PDFs' first pages as pictures are kept with the screenshots."""

from __future__ import annotations

import hashlib
import io
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from docx import Document as open_docx
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from anjian.core import attachments
from anjian.core.models import Attachment
from anjian.hazards.models import Hazard
from anjian.inspections.models import (
    Finding,
    Inspection,
    InspectionMember,
    Recheck,
    Violation,
    VisitDocument,
    VisitSigning,
)

from .conftest import ARTIFACTS, PHONE, login, screenshot
from .test_enterprises import no_csp_errors, no_sideways_scroll
from .test_hazards import dialog_screenshot, jpeg, send_dialog
from .test_inspection_signing import draw

pytestmark = pytest.mark.django_db(transaction=True)

CHEM = "东湖精细化工有限公司"
FACTS = "氯化反应装置紧急停车系统处于旁路状态，未投用"
KINDS = {"record": "现场检查记录", "rectification_order": "责令限期整改指令书"}


def start_from_the_list(page, planned: Inspection) -> None:
    page.goto("/inspections/")
    row = page.locator("table tbody tr").filter(has_text=CHEM).filter(has_text="待检查")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("四不两直")
    screenshot(page, "inspection-acceptance-01-list-phone")
    row.get_by_role("link", name=planned.number).click()
    expect(page.locator("[data-testid=record-fields]")).to_contain_text("四不两直")
    no_sideways_scroll(page, PHONE)
    screenshot(page, "inspection-acceptance-02-planned-phone")
    page.click("[data-testid=action-start]")
    page.wait_for_selector("#action-dialog [data-testid=action-form][data-action=start]")
    page.locator("#action-dialog").evaluate(  # until the dialog has faded in
        "e => Promise.all(e.getAnimations({subtree: true}).map(a => a.finished))"
    )
    dialog_screenshot(page, "inspection-acceptance-03-start-dialog-phone")
    send_dialog(page)
    expect(page.locator("[data-testid=record-fields]")).to_contain_text("检查中")


def card_screenshot(card, name: str) -> None:
    """One checklist card alone (a full-page picture puts the sticky progress bar over it)."""
    card.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def mark_hazard(card, deadline: str) -> None:
    card.locator("label.result-nonconform").click()
    card.locator("[data-testid=description]").select_option(index=1)
    card.locator("[data-testid=photos]").set_input_files(jpeg("储罐区.jpg", (60, 110, 160)))
    card.locator("[data-testid=becomes-hazard]").check()
    card.locator("[data-testid=deadline]").fill(deadline)


def mark_violation(card) -> None:
    card.locator("label.result-nonconform").click()
    card.locator("[data-testid=text]").fill("紧急停车系统未投用")
    card.locator("[data-testid=becomes-violation]").check()
    card.locator("[data-testid=facts]").fill(FACTS)


def work_through_the_checklist(page, total: int, deadline: str) -> None:
    page.click("[data-testid=open-checklist]")
    progress = page.locator("[data-testid=checklist-progress]")
    expect(progress).to_have_text(f"已查 0/{total}")
    cards = page.locator(".checklist-card[data-item]")
    expect(cards).to_have_count(total)

    hazard_card = cards.nth(1)
    mark_hazard(hazard_card, deadline)
    no_sideways_scroll(page, PHONE)
    card_screenshot(hazard_card, "inspection-acceptance-04-hazard-finding-phone")
    hazard_card.locator("[data-testid=save-nonconform]").click()
    expect(hazard_card.locator("[data-testid=card-hazard]")).to_contain_text("已转为隐患")
    expect(hazard_card.locator("img")).to_have_count(1)

    violation_card = cards.nth(2)
    mark_violation(violation_card)
    card_screenshot(violation_card, "inspection-acceptance-05-violation-finding-phone")
    violation_card.locator("[data-testid=save-nonconform]").click()
    expect(violation_card.locator("[data-testid=card-violation]")).to_be_visible()

    for index in [i for i in range(total) if i not in (1, 2)]:
        card = cards.nth(index)
        card.locator("label.result-na" if index % 3 == 2 else "label.result-conform").click()
        expect(card.locator("[data-testid=card-saved]")).to_be_visible()
    expect(progress).to_have_text(f"已查 {total}/{total}")
    no_sideways_scroll(page, PHONE)
    no_csp_errors(page)
    screenshot(page, "inspection-acceptance-06-checklist-done-phone")


def sign_once(page, deadline: str) -> None:
    page.click("text=返回检查详情")
    expect(page.locator("[data-testid=inspection-visit-panel]")).to_contain_text("不符合 2 项")
    screenshot(page, "inspection-acceptance-07-inspection-before-signing-phone")
    page.click("[data-testid=go-sign]")  # the papers panel of the inspection's page
    expect(page.locator("h3")).to_contain_text("检查人员 李区安 签名")
    no_sideways_scroll(page, PHONE)
    draw(page, 10)
    screenshot(page, "inspection-acceptance-08-sign-lead-phone")
    page.click("[data-testid=sign-next]")
    expect(page.locator("h3")).to_contain_text("检查人员 钱执法 签名")
    draw(page, 18)
    page.click("[data-testid=sign-next]")
    expect(page.locator("h3")).to_contain_text("企业现场负责人 签名")
    page.fill("[data-testid=rep-name]", "周厂长")
    draw(page, 26)
    screenshot(page, "inspection-acceptance-09-sign-representative-phone")
    page.click("[data-testid=sign-next]")
    expect(page.locator("[data-testid=sign-confirm]")).to_contain_text("周厂长")
    expect(page.locator("[data-testid=sign-confirm] img.record-signature-image")).to_have_count(3)
    no_sideways_scroll(page, PHONE)
    order_deadline = page.locator("[data-testid=sign-confirm] [data-testid=deadline]")
    if order_deadline.count():  # asked again when no hazard of the visit has a deadline yet
        order_deadline.fill(deadline)
    screenshot(page, "inspection-acceptance-10-sign-confirm-phone")
    page.click("[data-testid=sign-confirm-button]")
    expect(page.locator("[data-testid=papers-panel]")).to_be_visible()
    no_sideways_scroll(page, PHONE)
    no_csp_errors(page)
    screenshot(page, "inspection-acceptance-11-papers-phone")


def keep_download(page, kind: str, fmt: str) -> bytes:
    with page.expect_download() as info:
        page.click(f"[data-testid=paper-{kind}] [data-testid=paper-{fmt}]")
    assert info.value.suggested_filename.endswith(f".{fmt}")
    path = ARTIFACTS / f"inspection-acceptance-{kind}.{fmt}"
    info.value.save_as(path)
    return path.read_bytes()


def render_pdf(kind: str) -> list[Path]:
    """The PDF's pages as PNG pictures next to it (pdftoppm from poppler-utils)."""
    pdf = ARTIFACTS / f"inspection-acceptance-{kind}.pdf"
    base = pdf.with_name(f"{pdf.stem}-pdf")
    for old in ARTIFACTS.glob(f"{base.name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(base)], check=True)
    return sorted(ARTIFACTS.glob(f"{base.name}-*.png"))


def pixels(image: Image.Image) -> str:
    """A picture's fingerprint by its pixels, so a re-encoded PNG matches its original."""
    rgba = image.convert("RGBA")
    return hashlib.sha256(repr(rgba.size).encode() + rgba.tobytes()).hexdigest()


def signature_images(inspection: Inspection) -> set[str]:
    """The pixels of every picture signed at the visit: the officers' and the representative's."""
    members = InspectionMember.objects.filter(inspection=inspection).select_related(
        "signature__image"
    )
    signing = VisitSigning.objects.select_related("representative_signature__image").get(
        inspection=inspection
    )
    images = [m.signature.image for m in members] + [signing.representative_signature.image]
    return {pixels(Image.open(attachments.path_of(image))) for image in images}


def check_pdf(data: bytes, number: str, signed: set[str]) -> None:
    pdf = PdfReader(io.BytesIO(data))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert number in text and "周厂长" in text and "李区安" in text and "钱执法" in text
    pictures = {pixels(image.image) for p in pdf.pages for image in p.images}
    assert signed <= pictures, "a signature is missing from the PDF"
    assert len(pictures) >= len(signed) + 1  # and the visit code's QR


def check_docx(data: bytes, number: str, signed: set[str]) -> None:
    word = open_docx(io.BytesIO(data))
    text = "\n".join(p.text for p in word.paragraphs)
    text += "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert number in text and "周厂长" in text
    assert len(word.inline_shapes) >= len(signed) + 1
    pictures = {
        pixels(Image.open(io.BytesIO(part.blob)))
        for part in word.part.package.parts
        if part.content_type.startswith("image/")
    }
    assert signed <= pictures, "a signature is missing from the DOCX"


def test_a_two_inspector_team_checks_signs_once_and_downloads_the_papers(page_factory, personas):
    planned = Inspection.objects.get(enterprise__name=CHEM, status="planned")
    total = planned.items.count()
    assert total >= 4
    assert set(planned.members.values_list("user__username", flat=True)) == {
        "district",
        "inspector2",
    }
    deadline = timezone.localdate() + timedelta(days=20)
    page = page_factory(PHONE)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 30.5928, "longitude": 114.3055})
    login(page, "district")

    start_from_the_list(page, planned)
    work_through_the_checklist(page, total, deadline.isoformat())
    sign_once(page, deadline.isoformat())

    signed = signature_images(planned)
    assert len(signed) == 3  # three different strokes, three pictures
    for kind, title in KINDS.items():
        document = VisitDocument.objects.get(inspection=planned, kind=kind)
        row = page.locator(f"[data-testid=paper-{kind}]")
        expect(row).to_contain_text(title)
        expect(row).to_contain_text(document.number)
        check_pdf(keep_download(page, kind, "pdf"), document.number, signed)
        assert render_pdf(kind), "pdftoppm made no picture"
        check_docx(keep_download(page, kind, "docx"), document.number, signed)

    finding = Finding.objects.get(inspection=planned, becomes="hazard")
    hazard = Hazard.objects.get(finding=finding)
    assert hazard.source == "inspection" and hazard.get_source_display() == "监督检查"
    assert finding.deadline == deadline and finding.description is not None
    photos = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Hazard), object_id=str(hazard.pk)
    )
    assert photos.filter(mime="image/jpeg").count() == 1  # the photo taken on the checklist
    assert hazard.enterprise_id == planned.enterprise_id and planned.number in hazard.location
    violation = Violation.objects.get(inspection=planned)
    assert violation.facts == FACTS and violation.finding.result == "nonconform"
    planned.refresh_from_db()
    assert planned.status == "rechecking" and planned.get_status_display() == "待复查"
    recheck = Recheck.objects.get(inspection=planned)
    assert recheck.due_on == deadline and recheck.done_at is None
    assert planned.recheck_due_on == deadline
    assert VisitDocument.objects.filter(inspection=planned).count() == 2
    assert Finding.objects.filter(inspection=planned).count() == total
    assert Finding.objects.filter(inspection=planned, result="nonconform").count() == 2

    page.goto(f"/inspections/{planned.pk}/")
    panel = page.locator("[data-testid=papers-panel]")
    expect(panel).to_contain_text(hazard.number)
    expect(panel.locator("[data-testid=recheck-row]")).to_contain_text(deadline.isoformat())
    no_sideways_scroll(page, PHONE)
    screenshot(page, "inspection-acceptance-12-inspection-after-signing-phone")
