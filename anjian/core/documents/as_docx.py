"""A document as an A4 Word file (python-docx), drawn from the same blocks as the PDF.

Chinese text is set through `w:eastAsia` (宋体 for text, 黑体 for titles, the fonts every Chinese
Word and WPS installation has); pictures are embedded, so the file stands on its own.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from docx import Document as new_docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .blocks import (
    Banner,
    Document,
    Field,
    Fields,
    Heading,
    Paragraph,
    Photos,
    Picture,
    Signatures,
    Table,
)

MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_FONT = ("Times New Roman", "宋体")
TITLE_FONT = ("Arial", "黑体")
PAGE_WIDTH_MM = 210
MARGINS_MM = (16, 14, 18, 14)  # top, right, bottom, left, as in the PDF
LARGE_MARGINS_MM = (14, 14, 16, 14)
BODY_MM = PAGE_WIDTH_MM - MARGINS_MM[1] - MARGINS_MM[3]
LABEL_FILL = "F1F3F6"
ALERT_FILL = "FDECEC"
GREY = RGBColor(0x55, 0x55, 0x55)
RED = RGBColor(0xBB, 0x00, 0x00)


def _fonts(rpr, fonts: tuple[str, str]) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    latin, east_asian = fonts
    for name in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(name), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)


def _setup(docx, document: Document) -> None:
    section = docx.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(297)
    top, right, bottom, left = LARGE_MARGINS_MM if document.large else MARGINS_MM
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, TEXT_FONT)
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "264")
    docx.styles["Normal"].font.size = Pt(11 if document.large else 10)
    props = docx.core_properties
    props.title, props.author, props.comments = document.title, "", ""
    props.last_modified_by = ""
    props.created = props.modified = timezone.now()
    package = docx.part.package
    for key, relation in list(package.rels.items()):
        if relation.reltype == RT.THUMBNAIL:  # the blank template's preview, not this document
            del package.rels[key]


def _run(paragraph, text: str, *, size=None, bold=False, colour=None, fonts=None):
    """Text with its line breaks kept."""
    run = paragraph.add_run()
    for i, line in enumerate(text.split("\n")):
        if i:
            run.add_break()
        run.add_text(line)
    run.font.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    if fonts:
        _fonts(run._element.get_or_add_rPr(), fonts)
    return run


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _table(docx, rows: int, widths_mm: list[float], *, grid: bool = True):
    table = docx.add_table(rows=rows, cols=len(widths_mm))
    if grid:
        table.style = docx.styles["Table Grid"]
    table.autofit = False
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def _label(cell, text: str, fill: str = LABEL_FILL, *, keep_with_next: bool = False) -> None:
    """A shaded bold label; `keep_with_next` holds a header row on the page of the row below."""
    _shade(cell, fill)
    _run(cell.paragraphs[0], text, bold=True)
    cell.paragraphs[0].paragraph_format.keep_with_next = keep_with_next or None


def _gap(docx, points: float = 8) -> None:
    """Space after a table (a table cannot carry space itself in Word)."""
    docx.add_paragraph().paragraph_format.line_spacing = Pt(points)


def _title(docx, document: Document) -> None:
    paragraph = docx.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(paragraph, document.title, size=24 if document.large else 17, bold=True)
    _fonts(run._element.get_or_add_rPr(), TITLE_FONT)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), "120" if document.large else "40")
    run._element.get_or_add_rPr().append(spacing)
    paragraph.paragraph_format.space_after = Pt(3)
    if document.subline:
        sub = docx.add_paragraph()
        right = document.number_right
        sub.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.CENTER
        sub.paragraph_format.space_after = Pt(12)
        _run(sub, document.subline, colour=RGBColor(0x44, 0x44, 0x44))


def _heading(docx, block: Heading) -> None:
    paragraph = docx.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(4)
    _run(paragraph, block.text, size=11, bold=True, fonts=TITLE_FONT)


def _paragraph(docx, block: Paragraph) -> None:
    paragraph = docx.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(4)
    if block.right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(
        paragraph, block.text, size=9 if block.muted else None, colour=GREY if block.muted else None
    )


def _value(cell, item: Field) -> None:
    paragraph = cell.paragraphs[0]
    if item.emphasis == "alert":
        _run(paragraph, item.text, bold=True, colour=RED)
    elif item.emphasis == "large":
        _run(paragraph, item.text, size=13, bold=True)
    else:
        _run(paragraph, item.text)
    if item.note:
        _run(cell.add_paragraph(), item.note, size=9, colour=GREY)


def _fields(docx, block: Fields) -> None:
    label = BODY_MM * (0.22 if block.pairs > 1 else 0.24)
    value = (BODY_MM - label * block.pairs) / block.pairs
    table = _table(docx, len(block.rows), [label, value] * block.pairs)
    fill = ALERT_FILL if block.tone == "alert" else LABEL_FILL
    for row, cells in zip(table.rows, block.cells(), strict=True):
        column = 0
        for item, span in cells:
            _label(row.cells[column], item.label, fill)
            target = row.cells[column + 1]
            if span > 1:
                target = target.merge(row.cells[column + span])
            _value(target, item)
            column += 1 + span
    _gap(docx)


def _banner(docx, block: Banner) -> None:
    table = _table(docx, 1, [BODY_MM * 0.5] * 2, grid=False)
    colour = RGBColor.from_string(block.foreground.lstrip("#").upper())
    row = table.rows[0]
    row.height, row.height_rule = Mm(16), WD_ROW_HEIGHT_RULE.AT_LEAST
    left, right = row.cells
    for cell in (left, right):
        _shade(cell, block.background.lstrip("#").upper())
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _run(left.paragraphs[0], block.text, size=22, bold=True, colour=colour, fonts=TITLE_FONT)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(right.paragraphs[0], block.detail, size=11, colour=colour)
    _gap(docx)


def _photos(docx, block: Photos) -> None:
    columns = block.pictures()
    table = _table(docx, 2, [BODY_MM / len(columns)] * len(columns))
    for i, (label, pictures) in enumerate(columns):
        _label(table.rows[0].cells[i], label, keep_with_next=True)
        paragraph = table.rows[1].cells[i].paragraphs[0]
        if not pictures:
            _run(paragraph, "无", size=9, colour=GREY)
        for picture in pictures:
            paragraph.add_run().add_picture(io.BytesIO(picture), width=Mm(38))
            paragraph.add_run(" ")
    _gap(docx)


def _signatures(docx, block: Signatures) -> None:
    table = _table(docx, 2, [BODY_MM / len(block.boxes)] * len(block.boxes))
    row = table.rows[1]
    row.height, row.height_rule = Mm(22), WD_ROW_HEIGHT_RULE.AT_LEAST
    for i, box in enumerate(block.boxes):
        _label(table.rows[0].cells[i], box.role, keep_with_next=True)
        cell = row.cells[i]
        if box.signature is None:
            _run(cell.paragraphs[0], box.name_line, size=9, colour=GREY)
            continue
        paragraph = cell.paragraphs[0]
        picture = box.picture()
        if picture:
            paragraph.add_run().add_picture(io.BytesIO(picture), height=Mm(13))
            paragraph = cell.add_paragraph()
        _run(paragraph, box.name_line, bold=True)
        _run(cell.add_paragraph(), box.when, size=9, colour=GREY)
    _gap(docx)


def _grid(docx, block: Table) -> None:
    shares: list[float] = list(block.widths) or [100 / len(block.headers)] * len(block.headers)
    table = _table(docx, 1 + len(block.rows), [BODY_MM * s / 100 for s in shares])
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, block.headers, strict=True):
        _label(cell, text, keep_with_next=True)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            _run(cell.paragraphs[0], str(text))
    _gap(docx)


def _picture(docx, block: Picture) -> None:
    paragraph = docx.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run().add_picture(io.BytesIO(block.data), width=Mm(block.width_mm))
    if block.caption:
        caption = docx.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        caption.paragraph_format.space_after = Pt(6)
        _run(caption, block.caption, size=9, colour=GREY)


def _field_code(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _watermark(docx, document: Document) -> None:
    """The watermark word in the page header, large and light, on every page."""
    if not document.watermark:
        return
    paragraph = docx.sections[0].header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, document.watermark, size=36, bold=True, colour=RGBColor(0xF0, 0xB4, 0xB4))


def _footer(docx, document: Document) -> None:
    paragraph = docx.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    small = {"size": 8, "colour": RGBColor(0x66, 0x66, 0x66)}
    if document.footer:
        _run(paragraph, document.footer, **small)
        return
    _run(paragraph, "第 ", **small)
    _field_code(paragraph, "PAGE")
    _run(paragraph, " 页 共 ", **small)
    _field_code(paragraph, "NUMPAGES")
    _run(paragraph, " 页", **small)


# Each drawer takes the block of its own kind.
DRAW: dict[str, Callable[[Any, Any], None]] = {
    "heading": _heading,
    "paragraph": _paragraph,
    "fields": _fields,
    "banner": _banner,
    "photos": _photos,
    "signatures": _signatures,
    "table": _grid,
    "picture": _picture,
}


def render(document: Document) -> bytes:
    docx = new_docx()
    _setup(docx, document)
    _title(docx, document)
    for block in document.blocks:
        DRAW[block.kind](docx, block)
    _watermark(docx, document)
    _footer(docx, document)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()
