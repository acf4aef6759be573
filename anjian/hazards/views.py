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
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from anjian.core import attachments, audit
from anjian.core.errors import Invalid
from anjian.core.forms import PhotoRefused, store_photos
from anjian.core.models import Signature
from anjian.core.permissions import permission_required_audited
from anjian.core.records.sheet_views import export_page, import_page, template_page
from anjian.core.records.tables import display
from anjian.core.records.views import list_view
from anjian.core.records.workflow import FIELD_ALIASES

from . import documents, exports, imports, selectors, services
from .choices import PLAN_PARTS, Grade, ListingLevel, PlanStatus, Status
from .filters import from_query
from .forms import ReportForm
from .models import Hazard
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
    """上报隐患: the photos taken are stored first, so a refused report keeps them (and the
    drawn signature) for the next try; the text typed is kept and the error shown on its field."""
    user = request.user
    initial = {"enterprise": request.GET["enterprise"]} if "enterprise" in request.GET else {}
    form = ReportForm(request.POST or None, request.FILES or None, user=user, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        valid = form.is_valid()
        stored = _store_photos(user, form)
        if valid and stored is not None:
            hazard = _report(user, form, [*form.kept_ids(), *stored])
            if hazard is not None:
                messages.success(request, f"已上报隐患 {hazard.number}，等待确认。")
                return redirect("hazards:detail", pk=hazard.pk)
        form.keep(stored or [])
    context = {
        "form": form,
        "statement": services.STATEMENTS["report"],
        "kept": selectors.staged_photos(user, form.kept_ids()),
    }
    return render(request, "hazards/report.html", context, status=status)


def _store_photos(user, form: ReportForm) -> list[int] | None:
    """The new photos as staged uploads, committed on their own (None if one is refused)."""
    photos = form.cleaned_data.get("photos") if hasattr(form, "cleaned_data") else None
    if not photos:
        return []
    try:
        with transaction.atomic():
            return store_photos(user, form)
    except PhotoRefused:
        return None  # the reason is already on the photos field


def _report(user, form: ReportForm, photo_ids: list[int]):
    try:
        with transaction.atomic():
            return services.hazard_report(
                actor=user, attachment_ids=photo_ids, **form.service_fields()
            )
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
    oversight = selectors.oversight(request.user)
    counts = (oversight or {}).get("counts", {})
    context = {
        "queue": queue,
        "statuses": Status,
        "grades": Grade,
        "oversight": oversight,
        "oversight_counts": [
            ("未销号", counts.get("open"), "open"),
            ("已逾期", counts.get("overdue"), "overdue"),
            ("挂牌督办中", counts.get("listed"), "listed"),
            ("重大隐患", counts.get("major"), "major"),
        ],
    }
    return render(request, "hazards/queue.html", context)


# ---- one hazard ---------------------------------------------------------------------------


@login_required  # out of scope or without the view permission: 404, as for a missing one
def hazard_detail(request, pk: int):
    user = request.user
    hazard = selectors.hazard_for(user, pk)
    context = {
        "hazard": hazard,
        "basic": _basic(hazard),
        "rectification": _rectification(hazard),
        "plan": _plan(user, hazard),
        "plan_statuses": PlanStatus,
        "return_reason": selectors.return_reason(hazard),
        "photos": [
            (label, kind, list(hazard_photos(hazard, kind).order_by("uploaded_at", "id")))
            for label, kind in (("整改前", "before"), ("整改后", "after"))
        ],
        "timeline": timeline(hazard, selectors.history(hazard)),
        "buttons": SCREEN.buttons(hazard, selectors.actions_for(user, hazard)),
        "statuses": Status,
        "grades": Grade,
    }
    return render(request, "hazards/detail.html", context)


def _basic(h: Hazard) -> list[tuple]:
    """隐患信息 as (title, content, wide) items of the datagrid."""
    url = reverse("enterprises:detail", args=[h.enterprise_id])
    category = h.get_category_display() + (f" / {h.subcategory.name}" if h.subcategory else "")
    items = [
        ("企业", format_html('<a href="{}">{}</a>', url, h.enterprise.name)),
        ("部位/设备", h.location),
        ("大类 / 小类", category),
        ("来源", h.get_source_display()),
        ("监管行业", h.sector.name),
        ("责任单位", h.responsible_office.name if h.responsible_office_id else "—"),
        ("发现人", h.found_by.get_full_name()),
        ("发现时间", display(h.found_at)),
        ("确认时间", display(h.confirmed_at) or "—"),
    ]
    return [(title, content, False) for title, content in items]


def _rectification(h: Hazard) -> list[tuple]:
    """整改 as (title, content, wide) items; what has not happened yet is left out."""
    deadline = display(h.deadline) or "确认时确定"
    if h.is_overdue:
        deadline = format_html('<span class="text-red fw-medium">{}（已逾期）</span>', deadline)
    items = [
        ("整改期限", deadline, False),
        ("整改责任人", h.responsible_person or "—", False),
        ("整改资金", f"{h.cost} 万元" if h.cost is not None else "—", False),
        ("整改措施", linebreaksbr(h.measures) or "—", True),
    ]
    if h.rectification_note:
        title = f"整改情况（{h.submitted_by.get_full_name()}，{display(h.submitted_at)}）"
        items.append((title, linebreaksbr(h.rectification_note), True))
    if h.no_photo_reason:
        reason = format_html('<span class="text-red fw-medium">{}</span>', h.no_photo_reason)
        items.append(("无整改后照片的原因", reason, True))
    if h.acceptance_opinion:
        title = f"验收意见（{h.accepted_by.get_full_name()}，{display(h.closed_at)}）"
        items.append((title, linebreaksbr(h.acceptance_opinion), True))
    if h.listing_level:
        office = f"（{h.listing_office}）" if h.listing_office else ""
        text = f"{h.get_listing_level_display()}督办{office}，督办期限 {display(h.listing_due)}"
        if h.acceptance_delegate_id:
            text += f"；委托{h.acceptance_delegate.name}验收"
        lifted = "" if h.listed else mark_safe(' <span class="badge bg-secondary-lt">已解除</span>')
        items.append(("挂牌督办", format_html("{}{}", text, lifted), True))
    return items


def _plan(user, hazard: Hazard) -> dict | None:
    if hazard.grade != Grade.MAJOR:
        return None
    detail = selectors.plan_detail(user, hazard)
    detail["parts"] = [(label, detail[key]) for key, label in PLAN_PARTS]
    return detail


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
ICONS = {  # action: (icon, colour of the timeline dot)
    "report": ("flag", "primary"),
    "confirm": ("check", "primary"),
    "extend": ("calendar-plus", "primary"),
    "submit": ("tool", "primary"),
    "accept": ("circle-check", "green"),
    "reject": ("arrow-back-up", "red"),
    "void": ("ban", "red"),
    "list": ("pin", "orange"),
    "unlist": ("pinned-off", "primary"),
    "delegate": ("share", "orange"),
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
                "icon": ICONS.get(record.action, ("point", "primary")),
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
