"""The printable 隐患整改销号单 (A4 PDF): the hazard, its photos and the three signatures."""

from __future__ import annotations

from django.utils import timezone

from anjian.core import pdf

from .choices import PLAN_PARTS
from .workflow import HAZARD_FLOW, hazard_photos

LABELS = {"report": "上报", **{a: t.label for a, t in HAZARD_FLOW.by_action.items()}}


def _signed(history, action: str):
    for record in history:
        if record.action == action and record.signature_id:
            return {"record": record, "image": pdf.data_url(record.signature.image)}
    return None


def closeout_pdf(hazard, history) -> bytes:
    history = list(history)
    plan = getattr(hazard, "plan", None) if hazard.grade == "major" else None
    context = {
        "hazard": hazard,
        "printed_at": timezone.localtime(),
        "before": [pdf.data_url(a) for a in hazard_photos(hazard, "before")[:4]],
        "after": [pdf.data_url(a) for a in hazard_photos(hazard, "after")[:4]],
        "report": _signed(history, "report"),
        "submit": _signed(history, "submit"),
        "accept": _signed(history, "accept"),
        "plan": [(label, getattr(plan, key)) for key, label in PLAN_PARTS] if plan else [],
        "history": [(r, LABELS.get(r.action, r.action)) for r in history],
    }
    return pdf.render("hazards/closeout_pdf.html", context)


def closeout_response(user, hazard):
    """The sheet as a download; printing it is recorded like any export."""
    from django.db import transaction
    from django.http import HttpResponse

    from anjian.core import audit
    from anjian.core.xlsx import content_disposition

    with transaction.atomic():
        audit.record("hazard.closeout_pdf", actor=user, obj=hazard)
    response = HttpResponse(
        closeout_pdf(hazard, HAZARD_FLOW.history(hazard)), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition(f"{hazard.number}-隐患整改销号单.pdf")
    return response
