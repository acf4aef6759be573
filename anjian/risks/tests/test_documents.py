"""The 岗位风险告知卡 as PDF and as DOCX: the same content, the same scope, each download audited."""

import time_machine
from django.utils import timezone

from anjian.core.models import AuditEvent
from anjian.risks.documents import notice_card_document
from anjian.risks.models import RiskPoint
from tests.documents import assert_same_content, docx_text, pdf_text
from tests.matrix import login_as

CHEM = "东湖精细化工有限公司"


def _major_point() -> RiskPoint:
    return RiskPoint.objects.get(enterprise__name=CHEM, level="major")


def test_the_notice_card_reads_the_same_as_pdf_and_as_docx(client, personas):
    point = _major_point()
    login_as(client, personas, "grid")
    with time_machine.travel(timezone.now(), tick=False):
        pdf = client.get(f"/risks/points/{point.pk}/card.pdf")
        word = client.get(f"/risks/points/{point.pk}/card.docx")
        document = notice_card_document(point)
    assert pdf.status_code == word.status_code == 200
    assert word["Content-Disposition"].endswith(".docx")
    assert_same_content(document, pdf.content, word.content)
    for text in (pdf_text(pdf.content), docx_text(word.content)):
        for expected in ("岗位风险告知卡", CHEM, point.name, "重大风险", "中毒和窒息", "火警 119"):
            assert expected in text, expected
        assert point.responsible_person in text


def test_the_notice_card_api_serves_both_formats_in_scope_only(client, personas):
    point = _major_point()
    login_as(client, personas, "other_ent")
    for suffix in ("pdf", "docx"):
        assert client.get(f"/api/v1/risk-points/{point.pk}/card.{suffix}").status_code == 404
        assert client.get(f"/risks/points/{point.pk}/card.{suffix}").status_code == 404
    login_as(client, personas, "ent_manager")
    response = client.get(f"/api/v1/risk-points/{point.pk}/card.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    event = AuditEvent.objects.filter(event_type="risk_point.notice_card").latest("id")
    assert event.object_id == str(point.pk) and event.after == {"format": "docx"}
