"""Pages of the papers part: the signing on one phone (one signer after another, then one
confirmation; what was drawn is kept in the session until the signing succeeds), the visit's
documents, their downloads and the re-check. Thin: the services decide and refuse."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from anjian.core.errors import DomainError

from . import documents_visits, services_papers
from . import selectors_papers as papers
from .choices import MeasureKind, RecheckResult, Result
from .workflow import on_team

DRAFT = "inspection-signing:{pk}"


def _draft(request, pk: int) -> dict:
    return request.session.get(DRAFT.format(pk=pk)) or {"members": {}}


def _keep(request, pk: int, draft: dict) -> None:
    request.session[DRAFT.format(pk=pk)] = draft


def _next_step(officers, draft: dict) -> tuple[str, object]:
    for member in officers:
        if str(member.user_id) not in draft["members"]:
            return "member", member
    if not (draft.get("rep_image") or draft.get("refused")):
        return "representative", None
    return "confirm", None


def _take(request, pk: int, draft: dict, officers) -> str:
    """One step's POST into the draft; returns an error message or ""."""
    step = request.POST.get("step", "")
    image = request.POST.get("signature_image", "")
    if step == "member":
        user_id = request.POST.get("user", "")
        if user_id not in {str(m.user_id) for m in officers}:
            return "只有本次检查的检查人员可以签名。"
        if not image:
            return "请在框内签名后再继续。"
        draft["members"][user_id] = image
    elif step == "representative":
        name = request.POST.get("representative_name", "").strip()[:30]
        refused = request.POST.get("refused_reason", "").strip()[:300]
        draft.update(rep_name=name, rep_image="" if refused else image, refused=refused)
        if not refused and not (name and image):
            return "请填写企业现场负责人姓名并签名；拒绝签字的请填写原因。"
    elif step == "redo":
        who = request.POST.get("who", "")
        draft["members"].pop(who, None)
        if who == "representative":
            draft.update(rep_image="", refused="")
    return ""


def _measures(request, findings) -> list[dict]:
    out = []
    for finding in findings:
        kind = request.POST.get(f"measure_{finding.pk}", "")
        if kind:
            out.append({"finding": finding.pk, "kind": kind})
    return out


def _deadline(request) -> date | None:
    try:
        return date.fromisoformat(request.POST.get("deadline", ""))
    except ValueError:
        return None


@login_required  # out of scope: 404, as for a missing inspection
def inspection_signing(request, pk: int):
    user = request.user
    inspection = papers.inspection_for(user, pk)
    if not on_team(user, inspection):
        raise PermissionDenied("只有本次检查的检查人员可以组织现场签字。")
    if not papers.may_sign(user, inspection):
        messages.info(request, "这次检查不在检查中，不能再签字；文书见下。")
        return redirect("inspections:papers", pk=pk)
    officers = papers.officers_of(inspection)
    findings = [f for f in papers.findings_of(inspection) if f.result == Result.NONCONFORM]
    draft, error, status = _draft(request, pk), "", 200
    if request.method == "POST":
        if request.POST.get("step") == "confirm":
            try:
                services_papers.inspection_sign(
                    actor=user,
                    inspection=inspection,
                    signatures=[{"user": k, "image": v} for k, v in draft["members"].items()],
                    representative_name=draft.get("rep_name", ""),
                    representative_signature=draft.get("rep_image", ""),
                    refused_reason=draft.get("refused", ""),
                    measures=_measures(request, findings),
                    deadline=_deadline(request),
                )
            except DomainError as exc:
                error, status = exc.message, exc.status
            else:
                request.session.pop(DRAFT.format(pk=pk), None)
                messages.success(request, "签字完成，检查文书已生成并编号。")
                return redirect("inspections:papers", pk=pk)
        else:
            error = _take(request, pk, draft, officers)
            _keep(request, pk, draft)
            status = 422 if error else 200
            if not error:
                return redirect("inspections:sign", pk=pk)
    step, member = _next_step(officers, draft)
    signed = {int(k): v for k, v in draft["members"].items()}
    context = {
        "inspection": inspection,
        "step": step,
        "member": member,
        "officers": [(m, signed.get(m.user_id, "")) for m in officers],
        "draft": draft,
        "error": error,
        "findings": findings,
        "measure_kinds": MeasureKind.choices,
        "needs_deadline": papers.needs_rectification(inspection)
        and papers.rectification_deadline(inspection, None) is None,
        "position": len(signed) + 1,
        "total": len(officers) + 1,
    }
    return render(request, "inspections/papers/sign.html", context, status=status)


def papers_context(inspection, user) -> dict:
    """What the documents page and the inspection page's panel show."""
    findings = papers.findings_of(inspection)
    rechecks = papers.rechecks_of(inspection)
    return {
        "inspection": inspection,
        "documents": [
            (d, documents_visits.urls(inspection, d)) for d in papers.documents_of(inspection)
        ],
        "officers": papers.officers_of(inspection),
        "signing": papers.signing_of(inspection),
        "rechecks": [(r, papers.is_overdue(r)) for r in rechecks],
        "hazards": papers.linked_hazards(user, findings),
        "may_sign": papers.may_sign(user, inspection),
        "may_recheck": papers.may_recheck(user, inspection),
        "recheck_results": RecheckResult,
    }


@require_GET
@login_required
def inspection_papers(request, pk: int):
    inspection = papers.inspection_for(request.user, pk)
    context = papers_context(inspection, request.user)
    return render(request, "inspections/papers/papers.html", context)


@require_GET
@login_required
def paper_download(request, pk: int, doc: int, fmt: str):
    inspection = papers.inspection_for(request.user, pk)
    document = papers.document_of(inspection, doc)
    return documents_visits.response(request, inspection, document, fmt)


@login_required
def inspection_recheck(request, pk: int):
    user = request.user
    inspection = papers.inspection_for(user, pk)
    if not on_team(user, inspection):
        raise PermissionDenied("只有本次检查的检查人员可以进行复查。")
    recheck = papers.open_recheck(inspection)
    error, status = "", 200
    if request.method == "POST":
        try:
            services_papers.recheck_record(
                actor=user,
                inspection=inspection,
                result=request.POST.get("result", ""),
                opinion=request.POST.get("opinion", ""),
                signature=request.POST.get("signature_image", ""),
                photos=request.FILES.getlist("photos"),
            )
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, "复查已记录，整改复查意见书已生成并编号。")
            return redirect("inspections:papers", pk=pk)
    context = {
        **papers_context(inspection, user),
        "recheck": recheck,
        "results": RecheckResult.choices,
        "error": error,
        "posted": request.POST,
        "here": "recheck",
    }
    return render(request, "inspections/papers/recheck.html", context, status=status)
