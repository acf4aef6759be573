"""The 隐患整改销号单 as PDF and as DOCX: the same content, the same scope, each download audited."""

import base64
import io
import re

import time_machine
from django.utils import timezone
from PIL import Image

from anjian.core.models import AuditEvent, Signature
from anjian.hazards.documents import closeout_document
from anjian.hazards.models import Hazard
from anjian.hazards.workflow import HAZARD_FLOW, hazard_photos
from tests.documents import assert_same_content, docx_pictures, docx_text, pdf_text, squeeze
from tests.matrix import login_as

from .conftest import photo
from .test_views import MAJOR, demo

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _sign_by_hand(hazard: Hazard, action: str) -> None:
    """Turn one step's account sign-off into a handwritten one, as the signature pad gives it."""
    from anjian.core import signatures

    out = io.BytesIO()
    Image.new("RGBA", (240, 80), (0, 0, 0, 255)).save(out, format="PNG")
    record = next(r for r in HAZARD_FLOW.history(hazard) if r.action == action)
    drawn = signatures.sign(
        actor=record.actor,
        statement="整改完成",
        method=Signature.Method.HANDWRITTEN,
        image="data:image/png;base64," + base64.b64encode(out.getvalue()).decode(),
    )
    record.signature = drawn
    record.save(update_fields=["signature"])


def _downloads(client, url: str) -> tuple:
    pdf, word = client.get(f"{url}.pdf"), client.get(f"{url}.docx")
    assert pdf.status_code == word.status_code == 200
    assert pdf["Content-Type"] == "application/pdf" and word["Content-Type"] == DOCX
    return pdf, word


def test_the_closeout_sheet_reads_the_same_as_pdf_and_as_docx(client, personas):
    closed = Hazard.objects.get(status="closed")
    before = photo(personas["ent_manager"])
    before.content_type_id = HAZARD_FLOW.history(closed).first().content_type_id
    before.object_id, before.kind = str(closed.pk), "before"
    before.save()
    _sign_by_hand(closed, "submit")
    login_as(client, personas, "ent_manager")
    with time_machine.travel(timezone.now(), tick=False):
        pdf, word = _downloads(client, f"/hazards/{closed.pk}/closeout")
        document = closeout_document(closed, HAZARD_FLOW.history(closed))
    assert "filename*=UTF-8''" in word["Content-Disposition"] and word[
        "Content-Disposition"
    ].endswith(".docx")
    assert_same_content(document, pdf.content, word.content)
    on_paper, in_word = pdf_text(pdf.content), docx_text(word.content)
    for text in (on_paper, in_word):
        assert closed.number in text and closed.enterprise.name in text
        signed = re.findall(r"(\S+?)（(手写签名|账号确认)）", text)
        assert sorted(signed) == [
            ("吴安全", "手写签名"),
            ("吴安全", "账号确认"),
            ("郑负责", "账号确认"),
        ]
        assert "未签" not in text
    photos = sum(min(4, hazard_photos(closed, kind).count()) for kind in ("before", "after"))
    assert docx_pictures(word.content) == photos + 1  # and the handwritten signature


def test_a_major_hazard_prints_its_plan_and_listing_in_both_formats(client, personas):
    major = demo(MAJOR)
    login_as(client, personas, "district")
    pdf, word = _downloads(client, f"/api/v1/hazards/{major.pk}/closeout")
    for text in (squeeze(pdf_text(pdf.content)), squeeze(docx_text(word.content))):
        for expected in (
            "重大隐患",
            "重大事故隐患治理方案",
            "经费和物资的落实",
            "挂牌督办",
            "未签",
        ):
            assert expected in text, expected


def test_the_closeout_downloads_are_scoped_and_audited(client, personas):
    closed = Hazard.objects.get(status="closed")
    login_as(client, personas, "other_ent")
    for url in (
        f"/hazards/{closed.pk}/closeout.docx",
        f"/api/v1/hazards/{closed.pk}/closeout.docx",
    ):
        assert client.get(url).status_code == 404
    login_as(client, personas, "ent_manager")
    assert client.get(f"/api/v1/hazards/{closed.pk}/closeout.docx").status_code == 200
    event = AuditEvent.objects.filter(event_type="hazard.closeout").latest("id")
    assert event.object_id == str(closed.pk) and event.actor == personas["ent_manager"]
    assert event.after == {"format": "docx", "number": closed.number}
