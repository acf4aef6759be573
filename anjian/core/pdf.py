"""A4 PDF documents from templates (WeasyPrint), with Chinese set in Noto CJK from Debian."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string

from . import attachments
from .models import Attachment


def data_url(attachment: Attachment | None) -> str:
    """An attachment's bytes inline, so the renderer never fetches anything over the network."""
    if attachment is None:
        return ""
    path = attachments.path_of(attachment)
    if not path.exists():
        return ""
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{attachment.mime};base64,{encoded}"


def render(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=None).write_pdf()
