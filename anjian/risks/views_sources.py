"""Major hazard source pages (重大危险源): the enterprise's units, the regulator's register and
review queue, one unit with its GB 18218 arithmetic and filing history, the unit form, filing
actions and the register's Excel export."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from anjian.core.errors import Invalid
from anjian.core.permissions import permission_required_audited
from anjian.core.records.sheet_views import export_page
from anjian.core.records.views import list_view
from anjian.core.records.workflow import Screen

from . import exports, selectors, services
from .choices import SourceStatus
from .filters import SourceFilters
from .forms import GRADE_COLOURS, SourceForm, number_text, substance_names, table2_choices
from .models import MajorHazardSource
from .records import SOURCES, decorate
from .workflow import FILING_FLOW

VIEW = "risks.view_majorhazardsource"
ACTION_HINTS = {
    "submit": "提交后由属地监管部门审核备案；审核期间不能修改。",
    "file": "核对辨识与分级结果后予以备案（危险化学品重大危险源监督管理暂行规定第二十三条）。",
    "return": "退回后企业可修改单元信息并重新提交，退回原因会记入备案记录。",
    "deregister": "核销适用于单元已拆除、停用或经重新辨识不再构成重大危险源的情形。",
}


_source_list = list_view(SOURCES)


def source_list(request):
    """Regulators open on the register of filed units unless they choose a status."""
    user = request.user
    if "status" not in request.GET and user.is_authenticated and user.scope.is_government:
        request.GET = request.GET.copy()
        request.GET["status"] = SourceStatus.FILED
    return _source_list(request)


source_export = permission_required_audited(VIEW)(
    export_page(exports.EXPORT, SourceFilters.from_query)
)


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
        "buttons": SCREEN.buttons(source, selectors.source_actions(user, source)),
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


def _apply(user, source, action, version, payload):
    return services.source_transition(
        actor=user, source=source, action=action, expected_version=version, **payload
    )


SCREEN = Screen(
    workflow=FILING_FLOW,
    namespace="risks",
    action_name="source-action",
    detail_name="source",
    get=selectors.source_for,
    apply=_apply,
    hints=ACTION_HINTS,
    title=lambda source: source.name,
    styles=("risks/risks.css",),
)
source_action = SCREEN.view()
