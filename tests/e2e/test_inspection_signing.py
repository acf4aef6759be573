"""On a phone (390 px): at the end of a visit with two 不符合 findings (one became a hazard, one
a violation) the lead hands the phone to each officer and to the plant's representative, each
signs once on the pad, one confirmation numbers the documents, and the 现场检查记录 and the
责令限期整改指令书 download as PDF and DOCX with their numbers and the signatures."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as open_docx
from playwright.sync_api import expect
from pypdf import PdfReader

from anjian.accounts.models import User
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import VisitDocument
from anjian.inspections.tests.test_papers import visit

from .conftest import PHONE, login, screenshot
from .test_enterprises import no_csp_errors, no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)


def draw(page, wave: int) -> None:
    """A stroke of its own for each signer (the same picture twice would be stored once)."""
    pad = page.locator("[data-testid=signature-pad]")
    pad.wait_for(state="visible")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box["width"] >= PHONE["width"] - 80  # the pad takes the phone's width
    x, y = box["x"], box["y"] + box["height"] / 2
    page.mouse.move(x + 20, y)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(x + 20 + step * 10, y + (wave if step % 4 < 2 else -wave), steps=2)
    page.mouse.up()
    expect(page.locator("input[name=signature_image]")).to_have_value(
        re.compile(r"^data:image/png")
    )


def download(page, kind: str, fmt: str) -> bytes:
    with page.expect_download() as info:
        page.click(f"[data-testid=paper-{kind}] [data-testid=paper-{fmt}]")
    return open(info.value.path(), "rb").read()


def test_the_team_and_the_representative_sign_once_on_a_phone(page_factory, personas):
    plant = Enterprise.objects.get(name="东湖精细化工有限公司")
    team = [personas["district"], User.objects.get(username="inspector2")]
    inspection = visit(personas, plant, team, conform=2)
    page = page_factory(PHONE)
    login(page, "district")
    page.goto(f"/inspections/{inspection.pk}/sign/")
    expect(page.locator("h3")).to_contain_text("检查人员 李区安 签名")
    no_sideways_scroll(page, PHONE)
    screenshot(page, "inspection-signing-officer-phone")
    draw(page, 12)
    page.click("[data-testid=sign-next]")
    expect(page.locator("h3")).to_contain_text("检查人员 钱执法 签名")
    draw(page, 20)
    page.click("[data-testid=sign-next]")
    expect(page.locator("h3")).to_contain_text("企业现场负责人 签名")
    page.fill("[data-testid=rep-name]", "周厂长")
    draw(page, 28)
    screenshot(page, "inspection-signing-representative-phone")
    page.click("[data-testid=sign-next]")
    expect(page.locator("[data-testid=sign-confirm]")).to_contain_text("周厂长")
    no_sideways_scroll(page, PHONE)
    screenshot(page, "inspection-signing-confirm-phone")
    page.click("[data-testid=sign-confirm-button]")
    expect(page.locator("[data-testid=papers-panel]")).to_be_visible()
    screenshot(page, "inspection-papers-phone")
    no_sideways_scroll(page, PHONE)
    no_csp_errors(page)

    for kind in ("record", "rectification_order"):
        number = VisitDocument.objects.get(inspection=inspection, kind=kind).number
        expect(page.locator(f"[data-testid=paper-{kind}]")).to_contain_text(number)
        pdf = PdfReader(io.BytesIO(download(page, kind, "pdf")))
        text = "".join(p.extract_text() for p in pdf.pages)
        assert number in text and "周厂长" in text and "钱执法" in text
        assert sum(len(p.images) for p in pdf.pages) >= 4  # three signatures and the QR code
        word = open_docx(io.BytesIO(download(page, kind, "docx")))
        assert number in "\n".join(p.text for p in word.paragraphs)
        assert len(word.inline_shapes) >= 4
