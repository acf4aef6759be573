"""Reading back a downloaded document: its text from the PDF (poppler's pdftotext) and the DOCX."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest


def squeeze(text: str) -> str:
    """Text without any whitespace: lines wrap differently on paper and in Word."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        run = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return run.stdout.decode("utf-8")


def _cells(table) -> list[str]:
    texts, seen = [], []
    for row in table.rows:
        for cell in row.cells:
            if any(cell._tc is element for element in seen):  # merged: once per column spanned
                continue
            seen.append(cell._tc)
            texts.append(cell.text)
            texts.extend(text for inner in cell.tables for text in _cells(inner))
    return texts


def docx_text(data: bytes) -> str:
    """Paragraphs, table cells (in reading order), the footer and the header of a Word file."""
    document = docx.Document(io.BytesIO(data))
    parts = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            parts.append("".join(t.text or "" for t in child.iter(docx.oxml.ns.qn("w:t"))))
        elif child.tag.endswith("}tbl"):
            parts.extend(_cells(docx.table.Table(child, document)))
    parts.extend(p.text for section in document.sections for p in section.footer.paragraphs)
    parts.extend(p.text for section in document.sections for p in section.header.paragraphs)
    return "\n".join(parts)


def docx_pictures(data: bytes) -> int:
    document = docx.Document(io.BytesIO(data))
    return len(document.inline_shapes)


def printed_strings(document) -> list[str]:
    """Every piece of text a document definition puts on paper, as each renderer must show it."""
    strings = [document.title, document.number, document.subline, document.footer]
    for block in document.blocks:
        kind = block.kind
        if kind in ("heading", "paragraph"):
            strings.append(block.text)
        elif kind == "fields":
            for row in block.rows:
                for item in row:
                    strings += [item.label, item.note, *(item.tags or [item.text])]
        elif kind == "banner":
            strings += [block.text, block.detail]
        elif kind == "photos":
            strings += [column.label for column in block.columns]
        elif kind == "signatures":
            strings += [text for box in block.boxes for text in (box.role, box.name_line, box.when)]
        elif kind == "table":
            strings += [*block.headers, *(cell for row in block.rows for cell in row)]
        elif kind == "picture":
            strings.append(block.caption)
    return [s for s in strings if s]


def assert_same_content(document, pdf: bytes, word: bytes) -> None:
    """The PDF and the DOCX both carry every string of the one definition."""
    on_paper, in_word = squeeze(pdf_text(pdf)), squeeze(docx_text(word))
    for text in printed_strings(document):
        assert squeeze(text) in on_paper, f"PDF lacks {text!r}"
        assert squeeze(text) in in_word, f"DOCX lacks {text!r}"
