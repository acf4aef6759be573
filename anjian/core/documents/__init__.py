"""Official documents (文书): defined once as blocks, downloaded as an A4 PDF or a DOCX.

An app writes one function that turns a record into a `Document` (title, number, blocks) and
serves it with `response`; the renderers in `as_pdf` and `as_docx` draw every kind of block,
so no document has renderer code of its own::

    def closeout_document(hazard) -> Document:
        return Document(
            title="隐患整改销号单",
            number=hazard.number,
            filename=f"{hazard.number}-隐患整改销号单",
            blocks=[Fields([[Field("企业名称", hazard.enterprise.name)]]), ...],
        )

    documents.response(user, closeout_document(hazard), "docx", event="hazard.closeout", obj=hazard)
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpResponse

from .. import audit
from ..xlsx import content_disposition
from . import as_docx, as_pdf
from .blocks import (
    Banner,
    Block,
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
    when,
)

FORMATS = {"pdf": as_pdf, "docx": as_docx}

__all__ = [
    "FORMATS",
    "Banner",
    "Block",
    "Document",
    "Field",
    "Fields",
    "Heading",
    "Paragraph",
    "PhotoColumn",
    "Photos",
    "Picture",
    "SignatureBox",
    "Signatures",
    "Table",
    "render",
    "response",
    "when",
]


def render(document: Document, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise Http404
    return FORMATS[fmt].render(document)


def response(user, document: Document, fmt: str, *, event: str, obj) -> HttpResponse:
    """The document as a download named in Chinese; every download is an audit event.

    The caller has already fetched `obj` through its scoped selector, so a record out of the
    user's scope never gets here (it is a 404 like a missing one).
    """
    body = render(document, fmt)
    with transaction.atomic():
        number = {"number": document.number} if document.number else {}
        audit.record(event, actor=user, obj=obj, after={"format": fmt, **number})
    response = HttpResponse(body, content_type=FORMATS[fmt].MIME)
    response["Content-Disposition"] = content_disposition(f"{document.filename}.{fmt}")
    return response
