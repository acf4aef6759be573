"""The 销号单 is valid only for a closed hazard: others print marked 未销号; the sheet names
the recorded 整改责任人 and leaves boxes for the units' seals."""

from anjian.hazards.models import Hazard
from tests.documents import docx_text, pdf_text, squeeze
from tests.matrix import login_as

from .test_views import MAJOR, demo


def _texts(client, hazard) -> list[str]:
    pdf = client.get(f"/hazards/{hazard.pk}/closeout.pdf")
    word = client.get(f"/hazards/{hazard.pk}/closeout.docx")
    assert pdf.status_code == word.status_code == 200
    return [squeeze(pdf_text(pdf.content)), squeeze(docx_text(word.content))]


def test_an_open_hazard_prints_with_the_not_closed_watermark(client, personas):
    login_as(client, personas, "township")
    page = client.get(f"/hazards/{demo(MAJOR).pk}/").content.decode()
    assert "打印（未销号）" in page
    for text in _texts(client, demo(MAJOR)):
        assert "未销号" in text
        assert "整改单位（盖章）" in text and "验收单位（盖章）" in text
        assert "整改责任人：郑负责" in text


def test_a_closed_hazard_prints_without_the_watermark(client, personas):
    closed = Hazard.objects.get(status="closed")
    login_as(client, personas, "ent_manager")
    for text in _texts(client, closed):
        assert "未销号" not in text
        assert "整改责任人：吴安全" in text and "（盖章）" in text
