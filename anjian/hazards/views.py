"""Hazard pages: the list (隐患清单), its Excel export and import, the report form (上报隐患),
the work queue (待我处理), one hazard and its workflow dialogs; statistics are in `views_stats`.
Views parse, call a selector or a service, and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from anjian.core import attachments, audit
from anjian.core.errors import Invalid
from anjian.core.forms import PhotoRefused, store_photos
from anjian.core.models import Signature
from anjian.core.permissions import permission_required_audited
from anjian.core.records.sheet_views import export_page, import_page, template_page
from anjian.core.records.views import list_view
from anjian.core.records.workflow import FIELD_ALIASES

from . import documents, exports, imports, selectors, services
from .choices import PLAN_PARTS, Grade, ListingLevel, Status
from .filters import from_query
from .forms import ReportForm
from .models import GovernancePlan, Hazard
from .records import HAZARDS, SCREEN
from .workflow import hazard_photos

VIEW = "hazards.view_hazard"
IMPORT = "hazards.import_hazard"

hazard_list = list_view(HAZARDS)
hazard_export = permission_required_audited(VIEW)(export_page(exports.EXPORT, from_query))
hazard_action = SCREEN.view()
import_template = permission_required_audited(IMPORT)(template_page(imports.SHEET))
hazard_import = permission_required_audited(IMPORT)(
    import_page(imports.SHEET, template="hazards/import.html", success_url="hazards:import")
)


@permission_required_audited("hazards.report_hazard")
def hazard_report(request):
    """上报隐患: photos are stored and the hazard reported in one transaction, so a refused
    report leaves nothing behind; the text typed is kept and the error shown on its field."""
    user = request.user
    initial = {"enterprise": request.GET["enterprise"]} if "enterprise" in request.GET else {}
    form = ReportForm(request.POST or None, request.FILES or None, user=user, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            hazard = _report(user, form)
            if hazard is not None:
                messages.success(request, f"已上报隐患 {hazard.number}，等待确认。")
                return redirect("hazards:detail", pk=hazard.pk)
    context = {"form": form, "statement": services.STATEMENTS["report"]}
    return render(request, "hazards/report.html", context, status=status)


def _report(user, form: ReportForm):
    try:
        with transaction.atomic():
            photos = store_photos(user, form)
            return services.hazard_report(
                actor=user, attachment_ids=photos, **form.service_fields()
            )
    except PhotoRefused:
        return None  # the reason is already on the photos field
    except Invalid as exc:
        field = exc.details.get("field")
        field = FIELD_ALIASES.get(field, field)
        form.add_error(field if field in form.fields else None, exc.message)
    return None


@permission_required_audited(VIEW)
def work_queue(request):
    """待我处理: open hazards on which this user can act now, major and earliest deadline first."""
    queue = selectors.work_queue(request.user)
    for hazard in queue:
        hazard.buttons = SCREEN.buttons(hazard, hazard.next_actions)
    return render(
        request, "hazards/queue.html", {"queue": queue, "statuses": Status, "grades": Grade}
    )


# ---- one hazard ---------------------------------------------------------------------------


@login_required  # out of scope or without the view permission: 404, as for a missing one
def hazard_detail(request, pk: int):
    user = request.user
    hazard = selectors.hazard_for(user, pk)
    context = {
        "hazard": hazard,
        "plan": _plan(hazard),
        "before": list(hazard_photos(hazard, "before").order_by("uploaded_at", "id")),
        "after": list(hazard_photos(hazard, "after").order_by("uploaded_at", "id")),
        "timeline": timeline(hazard, selectors.history(hazard)),
        "buttons": SCREEN.buttons(hazard, selectors.actions_for(user, hazard)),
        "statuses": Status,
        "grades": Grade,
    }
    return render(request, "hazards/detail.html", context)


def _plan(hazard: Hazard) -> list[tuple[str, str]]:
    if hazard.grade != Grade.MAJOR:
        return []
    plan = GovernancePlan.objects.filter(hazard=hazard).first()
    if plan is None:
        return []
    return [(label, getattr(plan, key)) for key, label in PLAN_PARTS]


LABELS = documents.LABELS
DETAIL_KEYS = {
    "grade": ("等级", dict(Grade.choices)),
    "deadline": ("整改期限", None),
    "responsible_person": ("整改责任人", None),
    "measures": ("整改措施", None),
    "cost": ("整改资金（万元）", None),
    "level": ("督办层级", dict(ListingLevel.choices)),
    "office": ("督办单位", None),
    "due": ("督办期限", None),
    "no_photo_reason": ("无整改后照片的原因", None),
}
ICONS = {
    "report": "flag",
    "confirm": "check",
    "extend": "calendar-plus",
    "submit": "tool",
    "accept": "circle-check",
    "reject": "arrow-back-up",
    "void": "ban",
    "list": "pin",
    "unlist": "pinned-off",
}


def timeline(hazard: Hazard, records) -> list[dict]:
    """Every transition as a row: label, states, who and when, comment, details, signature."""
    rows = []
    for record in records:
        details = []
        for key, (label, choices) in DETAIL_KEYS.items():
            value = (record.payload or {}).get(key)
            if value not in (None, "", []):
                details.append((label, choices.get(value, value) if choices else value))
        rows.append(
            {
                "record": record,
                "label": LABELS.get(record.action, record.action),
                "details": details,
                "icon": ICONS.get(record.action, "point"),
                "photos": list(record.attachments.all()),
                "signature": record.signature,
                "signature_url": reverse("hazards:signature", args=[hazard.pk, record.signature_id])
                if record.signature_id and record.signature.image_id
                else "",
            }
        )
    return rows


@login_required
def signature_image(request, pk: int, signature_id: int):
    """A handwritten signature on this hazard's history, to whoever may see the hazard."""
    hazard = selectors.hazard_for(request.user, pk)
    if not selectors.history(hazard).filter(signature_id=signature_id).exists():
        raise Http404  # only signatures given on this hazard
    signature = Signature.objects.select_related("image").get(pk=signature_id)
    item = signature.image
    if item is None or not attachments.path_of(item).exists():
        raise Http404
    with transaction.atomic():
        audit.record("attachment.download", actor=request.user, obj=item)
    response = FileResponse(attachments.path_of(item).open("rb"), content_type=item.mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def closeout_sheet(request, pk: int, fmt: str = "pdf"):
    """隐患整改销号单 (A4 PDF or DOCX with photos and the three signatures)."""
    return documents.closeout_response(request.user, selectors.hazard_for(request.user, pk), fmt)
