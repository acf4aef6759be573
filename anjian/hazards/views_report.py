"""上报隐患: the phone-first report form, with camera photos and a signature.

Photos are stored and the hazard reported in one transaction, so a refused report leaves nothing
behind; the text typed is kept and the error shown on its field.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render

from anjian.core.errors import Invalid
from anjian.core.forms import PhotoRefused, store_photos
from anjian.core.permissions import permission_required_audited

from . import services
from .forms import ReportForm

# The service's field names → the form's. The only file the service stores itself is a
# handwritten signature's image, so its "file" errors belong to the signature.
FIELD_ALIASES = {
    "attachments": "photos",
    "file": "signature_method",
    "signature": "signature_method",
}


@permission_required_audited("hazards.report_hazard")
def hazard_report(request):
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
