"""A document as an A4 PDF: one shared HTML template and stylesheet, rendered by WeasyPrint.

Chinese is set in Noto CJK from Debian. Pictures are inlined as data URLs, so the renderer never
fetches anything over the network.
"""

from __future__ import annotations

import base64

from django.template.loader import render_to_string

from .blocks import Document, Photos, Picture, Signatures

MIME = "application/pdf"


def _data_url(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _prepared(block):
    """What the template needs beyond the block itself: its pictures as data URLs."""
    if isinstance(block, Photos):
        columns = [
            (label, [_data_url(p, "image/jpeg") for p in pictures])
            for label, pictures in block.pictures()
        ]
        return {"block": block, "columns": columns}
    if isinstance(block, Signatures):
        boxes = []
        for box in block.boxes:
            picture = box.picture()
            boxes.append((box, _data_url(picture, "image/png") if picture else ""))
        return {"block": block, "boxes": boxes}
    if isinstance(block, Picture):
        return {"block": block, "src": _data_url(block.data, "image/png")}
    return {"block": block}


def html(document: Document) -> str:
    return render_to_string(
        "core/document_pdf.html",
        {"document": document, "blocks": [_prepared(b) for b in document.blocks]},
    )


def render(document: Document) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(document), base_url=None).write_pdf()
