"""Pages of the visits part: planning an inspection, and the on-site checklist on the phone
(one card per item, each saved on its own through HTMX)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from anjian.core import attachments
from anjian.core.errors import Forbidden, Invalid, PreconditionFailed
from anjian.core.forms import PhotoRefused, store_photos
from anjian.core.records.pages import FormPage

from . import selectors_visits, services_caps, services_visits
from .choices import Status
from .forms_visits import FindingForm, InspectionForm
from .records_visits import DETAIL, SCREEN, cap_refusals


def _create(*, user, data):
    try:
        return services_visits.inspection_create(
            actor=user,
            enterprise=data["enterprise"],
            planned_on=data["planned_on"],
            team=list(data["team"]),
            lead=data["lead"],
            experts=list(data.get("experts") or ()),
            items=list(data.get("items") or ()),
            origin=data["origin"],
            kind=data["kind"],
            unannounced=data.get("unannounced", False),
            basis=data.get("basis", ""),
            joint=list(data.get("joint") or ()),
        )
    except services_caps.CapReached as refused:  # refused and rolled back: keep the refusal
        services_caps.record_refusal(user, refused)
        raise


FORM = FormPage(
    form=InspectionForm,
    namespace="inspections",
    noun="检查",
    create_verb="安排",
    create=_create,
    may_create=lambda user: user.has_perm("inspections.add_inspection"),
    form_kwargs=lambda user, obj: {"user": user},
)
create_view = FORM.create_view()
detail_view = DETAIL.view()
_screen_view = SCREEN.view()


def action_view(request, pk: int, action: str):
    """The workflow dialog; a start refused at the cap is kept in the audit log afterwards."""
    pending: list = []
    token = cap_refusals.set(pending)
    try:
        response = _screen_view(request, pk=pk, action=action)
    finally:
        cap_refusals.reset(token)
    for refused in pending:
        services_caps.record_refusal(request.user, refused)
    return response


def _team_visit(user, pk: int):
    """The inspection, for a member of its team (others: 403, or 404 out of scope)."""
    inspection = selectors_visits.inspection_for(user, pk)
    if not services_visits.may_check(user, inspection):
        raise Forbidden("只有本次检查的检查组成员可以填写检查表。")
    return inspection


def _card(request, inspection, item, finding, form=None, status=200, saved=False, staged=()):
    """One checklist card. HTMX swaps only 2xx answers, so a refused card comes back as 200
    with its errors in it (the input and the staged photos kept); without HTMX the status
    says what happened."""
    if item is None:
        return _adhoc_refused(request, form, status)
    if request.headers.get("HX-Request"):
        status = 200
    form = form or FindingForm(item=item, initial=_initial(item, finding))
    context = {
        "inspection": inspection,
        "item": item,
        "finding": finding,
        "form": form,
        "saved": saved,
        "staged": staged,
        "photos": _photos_of(finding),
        "editable": inspection.status == Status.IN_PROGRESS,
    }
    return render(request, "inspections/visits/_card.html", context, status=status)


def _initial(item, finding) -> dict:
    if finding is None:
        provision = f"{item.basis_law}{item.basis_article}" if item else ""
        return {"provision": provision}
    violation = getattr(finding, "violation", None)
    return {
        "result": finding.result,
        "description": finding.description_id,
        "text": finding.text,
        "note": finding.note,
        "becomes": finding.becomes,
        "deadline": finding.deadline,
        "facts": violation.facts if violation else "",
        "provision": violation.provision if violation else "",
        "version": finding.version,
    }


def _photos_of(finding):
    if finding is None:
        return []
    owner = finding.hazard if finding.hazard_id else finding
    return attachments.for_objects([owner]).get(str(owner.pk), [])


@login_required
def checklist_view(request, pk: int):
    inspection = _team_visit(request.user, pk)
    rows = selectors_visits.checklist(inspection)
    context = {
        "inspection": inspection,
        "rows": rows,
        "cards": [
            {
                "item": item,
                "finding": finding,
                "form": FindingForm(item=item, initial=_initial(item, finding)),
                "photos": _photos_of(finding),
            }
            for item, finding in rows
        ],
        "extra": [
            {"finding": f, "photos": _photos_of(f)}
            for f in selectors_visits.ad_hoc_findings(inspection)
        ],
        "adhoc_form": FindingForm(initial={"result": "nonconform"}),
        "progress": selectors_visits.progress(inspection),
        "editable": inspection.status == Status.IN_PROGRESS,
    }
    return render(request, "inspections/visits/checklist.html", context)


@login_required
@require_POST
def finding_view(request, pk: int):
    """Save one card (its item in the form; none for an ad hoc finding) and answer with it."""
    inspection = _team_visit(request.user, pk)
    item_pk = request.POST.get("item", "")
    item = get_object_or_404(inspection.items.all(), pk=item_pk) if item_pk.isdigit() else None
    form = FindingForm(request.POST, request.FILES, item=item)
    kept = _kept(request)
    if not form.is_valid():
        return _card(request, inspection, item, _finding(inspection, item), form, 422, staged=kept)
    try:
        with transaction.atomic():
            new_ids = store_photos(request.user, form)
    except PhotoRefused:
        return _card(request, inspection, item, _finding(inspection, item), form, 422, staged=kept)
    staged = attachments.staged_for(request.user, [p.pk for p in kept] + new_ids)
    data = form.cleaned_data
    try:
        finding = services_visits.finding_record(
            actor=request.user,
            inspection=inspection,
            item=item,
            result=data["result"],
            note=data["note"],
            description=data["description"],
            text=data["text"],
            photos=[p.pk for p in staged],
            becomes=data["becomes"],
            deadline=data["deadline"],
            facts=data["facts"],
            provision=data["provision"],
            lat=data["lat"],
            lon=data["lon"],
            expected_version=data["version"],
        )
    except (Invalid, PreconditionFailed) as exc:
        field = exc.details.get("field")
        form.add_error(field if field in form.fields else None, exc.message)
        status = 412 if isinstance(exc, PreconditionFailed) else 422
        return _card(
            request, inspection, item, _finding(inspection, item), form, status, staged=staged
        )
    if item is None:
        response = render(
            request,
            "inspections/visits/_adhoc_saved.html",
            {"finding": finding, "photos": _photos_of(finding), "inspection": inspection},
        )
    else:
        response = _card(request, inspection, item, finding, saved=True)
    response["HX-Trigger"] = "inspection-progress"
    return response


def _adhoc_refused(request, form, status):
    errors = [str(e) for errors in form.errors.values() for e in errors] if form else []
    if request.headers.get("HX-Request"):
        status = 200
    return render(
        request, "inspections/visits/_adhoc_refused.html", {"errors": errors}, status=status
    )


def _kept(request) -> list:
    raw = request.POST.get("staged", "")
    ids = [int(part) for part in raw.split(",") if part.strip().isdigit()]
    return attachments.staged_for(request.user, ids)


def _finding(inspection, item):
    if item is None:
        return None
    return next((f for i, f in selectors_visits.checklist(inspection) if i.pk == item.pk), None)


@login_required
def progress_view(request, pk: int):
    inspection = _team_visit(request.user, pk)
    return render(
        request,
        "inspections/visits/_progress.html",
        {"progress": selectors_visits.progress(inspection)},
    )
