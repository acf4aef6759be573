"""Major hazard source pages (重大危险源): the enterprise's units, the regulator's register and
review queue, one unit with its GB 18218 arithmetic and filing history, the unit form, filing
actions and the register's Excel export."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anjian.core.errors import Invalid
from anjian.core.pagination import query_without
from anjian.core.permissions import permission_required_audited
from anjian.core.records.sheet_views import export_page

from . import exports, selectors, services
from .choices import SourceStatus
from .forms import (
    GRADE_COLOURS,
    ReasonForm,
    SourceForm,
    number_text,
    substance_names,
    table2_choices,
)
from .models import MajorHazardSource
from .workflow import FILING_FLOW

VIEW = "risks.view_majorhazardsource"
PAGE_SIZE = 30
GRADES = ("一级", "二级", "三级", "四级")
ACTION_STYLES = {
    "submit": "btn-primary",
    "file": "btn-success",
    "return": "btn-outline-warning",
    "deregister": "btn-outline-danger",
}
ACTION_HINTS = {
    "submit": "提交后由属地监管部门审核备案；审核期间不能修改。",
    "file": "核对辨识与分级结果后予以备案（危险化学品重大危险源监督管理暂行规定第二十三条）。",
    "return": "退回后企业可修改单元信息并重新提交，退回原因会记入备案记录。",
    "deregister": "核销适用于单元已拆除、停用或经重新辨识不再构成重大危险源的情形。",
}


def decorate(source: MajorHazardSource) -> MajorHazardSource:
    """Display figures of a unit: S and R without trailing zeros, and the grade's colour."""
    source.grade_colour = GRADE_COLOURS.get(source.grade, "secondary")
    source.s_text = number_text(source.s_value)
    source.r_text = number_text(source.r_value) if source.r_value is not None else ""
    return source


def grade_cards(counts: dict[str, int]) -> list[dict]:
    return [{"grade": g, "colour": GRADE_COLOURS[g], "count": counts.get(g, 0)} for g in GRADES]


@permission_required_audited(VIEW)
def source_list(request):
    """Regulators: the register of filed units and the queue to review. Enterprises: their units."""
    user = request.user
    regulator = user.scope.is_government
    status = request.GET.get("status") or ("filed" if regulator else "")
    status = status if status in SourceStatus.values else ""
    grade = request.GET.get("grade") if request.GET.get("grade") in GRADES else None
    qs = selectors.sources_for(user, status=status or None, grade=grade)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.register_counts(user)
    queue = list(selectors.sources_for(user, status="submitted")[:50]) if regulator else []
    for source in [*page, *queue]:
        decorate(source)
    context = {
        "page": page,
        "status": status,
        "grade": grade,
        "statuses": SourceStatus,
        "regulator": regulator,
        "cards": grade_cards(counts),
        "pending": counts["pending"],
        "queue": queue,
        "query": query_without(request, "page"),
        "export_query": query_without(request, "page", "status"),
        "can_add": user.has_perm("risks.add_majorhazardsource"),
        "can_export": user.has_perm(exports.PERMISSION),
    }
    return render(request, "risks/sources.html", context)


def _register_filters(query) -> dict:
    """The register is filtered by grade only (一级…四级)."""
    grade = query.get("grade")
    return {"grade": grade if grade in GRADES else None}


source_export = permission_required_audited(VIEW)(export_page(exports.EXPORT, _register_filters))


@login_required  # out of scope or without the view permission: 404, as for a missing one
def source_detail(request, pk: int):
    user = request.user
    source = decorate(selectors.source_for(user, pk))
    context = {
        "source": source,
        "statuses": SourceStatus,
        "colour": GRADE_COLOURS.get(source.grade, ""),
        "lines": _lines(source),
        "formulas": formulas(source.explanation),
        "steps": [s for s in source.explanation.split("。") if s.strip()],
        "actions": _actions(source, user),
        "history": _history(source),
        "points": source.points.filter(voided_at__isnull=True).order_by("code"),
        "can_edit": user.has_perm("risks.change_majorhazardsource")
        and source.status in services.EDITABLE_STATES,
    }
    return render(request, "risks/source_detail.html", context)


def formulas(explanation: str) -> list[str]:
    """The S and R lines of the explanation, shown large above the full reasoning."""
    found = [re.search(r"S = [^；。]*", explanation), re.search(r"R = α[^；。]*", explanation)]
    return [match.group(0) for match in found if match]


def _lines(source: MajorHazardSource) -> list[dict]:
    lines = []
    for s in source.substances.all():
        ratio = s.q_t / s.critical_t if s.critical_t else None
        lines.append(
            {
                "name": s.name or s.label or f"表2 {s.category}类物质",
                "category": s.category,
                "table": s.table,
                "q": number_text(s.q_t),
                "Q": number_text(s.critical_t),
                "ratio": number_text(round(ratio, 4)) if ratio is not None else "—",
                "beta": number_text(s.beta),
            }
        )
    return lines


def _history(source: MajorHazardSource) -> list[tuple]:
    labels = {a: t.label for a, t in FILING_FLOW.by_action.items()}
    return [(r, labels.get(r.action, r.action)) for r in FILING_FLOW.history(source)]


def _actions(source: MajorHazardSource, user) -> list[dict]:
    return [
        {
            "action": t.action,
            "label": t.label,
            "style": ACTION_STYLES.get(t.action, ""),
            "needs_reason": "reason" in t.requires,
            "hint": ACTION_HINTS.get(t.action, ""),
            "url": reverse("risks:source-action", args=[source.pk, t.action]),
        }
        for t in FILING_FLOW.available(source, user)
    ]


# ---- the unit form ------------------------------------------------------------------------


@permission_required_audited("risks.add_majorhazardsource")
def source_create(request):
    form = SourceForm(request.POST or None, user=request.user, instance=MajorHazardSource())
    return _form_page(request, form, creating=True)


@permission_required_audited("risks.change_majorhazardsource")
def source_edit(request, pk: int):
    source = selectors.source_for(request.user, pk)
    form = SourceForm(request.POST or None, user=request.user, instance=source)
    return _form_page(request, form, creating=False)


def _form_page(request, form: SourceForm, *, creating: bool):
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                saved = services.source_save(
                    actor=request.user, source=form.instance, substances=form.substances()
                )
            except Invalid as exc:
                form.show_error(exc)
            else:
                verdict = f"{saved.grade}重大危险源" if saved.is_major else "未构成重大危险源"
                messages.success(request, f"已保存单元“{saved.name}”：{verdict}。")
                return redirect("risks:source", pk=saved.pk)
    context = {
        "form": form,
        "creating": creating,
        "source": form.instance,
        "names": substance_names(),
        "categories": table2_choices(),
    }
    return render(request, "risks/source_form.html", context, status=status)


# ---- filing -------------------------------------------------------------------------------


@require_POST
@login_required
def source_action(request, pk: int, action: str):
    """Submit, file, return or deregister; refusals other than a missing reason are error pages."""
    source = selectors.source_for(request.user, pk)
    transition = FILING_FLOW.by_action.get(action)
    if transition is None:
        raise Invalid(f"不支持的操作：{action}")
    form = ReasonForm(request.POST)
    reason = form.data.get("reason", "").strip()
    version = request.POST.get("version", "")
    try:
        services.source_transition(
            actor=request.user,
            source=source,
            action=action,
            expected_version=int(version) if version.isdigit() else None,
            **({"reason": reason} if "reason" in transition.requires else {}),
        )
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{transition.label}：{source.name}。")
    return redirect("risks:source", pk=pk)
