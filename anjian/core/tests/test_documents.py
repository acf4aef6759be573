"""One document definition, two outputs: every kind of block reaches both the PDF and the DOCX."""

import io

import docx
import pytest
from django.http import Http404
from docx.oxml.ns import qn
from PIL import Image

from anjian.core import documents
from anjian.core.documents import (
    Banner,
    Document,
    Field,
    Fields,
    Heading,
    Paragraph,
    PhotoColumn,
    Photos,
    Picture,
    SignatureBox,
    Signatures,
    Table,
)
from anjian.core.models import Attachment
from tests.documents import assert_same_content, docx_pictures, docx_text, pdf_text, squeeze


def _sample(photos=(), footer="") -> Document:
    return Document(
        title="现场检查记录",
        number="〔2026〕12号",
        subtitle="检查日期：2026年3月2日",
        filename="〔2026〕12号-现场检查记录",
        footer=footer,
        blocks=[
            Banner("较大风险", "LS：R = 12", "#f76707"),
            Fields(
                [
                    [Field("被检查单位", "东湖精细化工有限公司")],
                    [Field("检查人员", "李区安"), Field("等级", "重大隐患", emphasis="alert")],
                    [Field("发现问题", "第一行\n第二行", note="附现场照片两张")],
                    [Field("事故类别", ["火灾", "爆炸"]), Field("空项", "")],
                ]
            ),
            Fields([[Field("应急电话", "火警 119", emphasis="large")]], tone="alert"),
            Heading("现场照片"),
            Photos([PhotoColumn("整改前", list(photos)), PhotoColumn("整改后", [])]),
            Heading("签名"),
            Signatures([SignatureBox("被检查单位负责人")]),
            Table(["序号", "问题"], [["1", "消防通道堵塞"]], widths=[20, 80]),
            Paragraph("本记录一式两份。", muted=True),
        ],
    )


def test_every_block_reaches_both_outputs():
    document = _sample(footer="打印日期 2026-03-02")
    pdf, word = documents.render(document, "pdf"), documents.render(document, "docx")
    assert pdf.startswith(b"%PDF") and word.startswith(b"PK")
    assert_same_content(document, pdf, word)
    for text in (squeeze(pdf_text(pdf)), squeeze(docx_text(word))):
        assert "编号：〔2026〕12号" in text and "未签" in text and "—" in text


def test_a_picture_a_number_at_the_right_and_an_absent_signature_reach_both_outputs():
    picture = io.BytesIO()
    Image.new("RGB", (40, 40), "black").save(picture, format="PNG")
    document = Document(
        title="责令限期整改指令书",
        number="（东湖）应急责改〔2026〕5号",
        number_right=True,
        filename="指令书",
        blocks=[
            Picture(picture.getvalue(), caption="检查码 ABCD"),
            Paragraph("东湖区应急管理局", right=True),
            Signatures([SignatureBox("被检查单位现场负责人", absent="拒绝签字：外出")]),
        ],
    )
    pdf, word = documents.render(document, "pdf"), documents.render(document, "docx")
    assert_same_content(document, pdf, word)
    assert "编号：" not in pdf_text(pdf) and "拒绝签字：外出" in squeeze(docx_text(word))
    assert docx_pictures(word) == 1


def test_the_docx_is_a4_with_chinese_fonts_merged_rows_and_page_numbers():
    word = docx.Document(io.BytesIO(documents.render(_sample(), "docx")))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = word.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体" and fonts.get(qn("w:eastAsiaTheme")) is None
    fields = word.tables[1]
    assert len(fields.columns) == 4
    assert fields.rows[0].cells[1]._tc is fields.rows[0].cells[3]._tc  # one field spans the row
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert word.core_properties.title == "现场检查记录" and word.core_properties.author == ""


def test_photos_are_embedded_upright_as_jpeg_whatever_was_uploaded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "attachments").mkdir()
    Image.new("RGB", (300, 400), (20, 120, 200)).save(tmp_path / "attachments" / "a.webp")
    webp = Attachment(stored_name="a.webp", mime="image/webp")
    missing = Attachment(stored_name="gone.jpg", mime="image/jpeg")
    word = documents.render(_sample(photos=[webp, missing]), "docx")
    assert docx_pictures(word) == 1
    picture = docx.Document(io.BytesIO(word)).inline_shapes[0]
    assert round(picture.width.mm) == 38 and round(picture.height.mm * 4) == (38 * 3)
    assert b"data:image/jpeg;base64," in documents.as_pdf.html(_sample(photos=[webp])).encode()


def test_an_unknown_format_is_not_found():
    with pytest.raises(Http404):
        documents.render(_sample(), "odt")
