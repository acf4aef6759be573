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
from .forms import SourceForm, substance_names, table2_choices
from .models import MajorHazardSource
from .records import SOURCES
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
    source = selectors.source_for(user, pk)
    labels = {action: t.label for action, t in FILING_FLOW.by_action.items()}
    context = {
        "source": source,
        "statuses": SourceStatus,
        "formulas": formulas(source.explanation),
        "steps": [s for s in source.explanation.split("。") if s.strip()],
        "buttons": SCREEN.buttons(source, selectors.source_actions(user, source)),
        "history": [(r, labels.get(r.action, r.action)) for r in FILING_FLOW.history(source)],
        "points": source.points.filter(voided_at__isnull=True).order_by("code"),
        "can_edit": services.source_editable(user, source),
    }
    return render(request, "risks/source_detail.html", context)


def formulas(explanation: str) -> list[str]:
    """The S and R lines of the explanation, shown large above the full reasoning."""
    found = [re.search(r"S = [^；。]*", explanation), re.search(r"R = α[^；。]*", explanation)]
    return [match.group(0) for match in found if match]


@permission_required_audited("risks.add_majorhazardsource")
def source_create(request):
    return _form_page(request, MajorHazardSource())


@permission_required_audited("risks.change_majorhazardsource")
def source_edit(request, pk: int):
    return _form_page(request, selectors.source_for(request.user, pk))


def _form_page(request, source: MajorHazardSource):
    """Add or change a unit; a refused substance is shown on its row."""
    form = SourceForm(request.POST or None, user=request.user, instance=source)
    posted = request.method == "POST"
    if posted and form.is_valid():
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
        "creating": source.pk is None,
        "source": source,
        "names": substance_names(),
        "categories": table2_choices(),
    }
    return render(request, "risks/source_form.html", context, status=422 if posted else 200)


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
