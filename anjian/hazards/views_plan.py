"""The 治理方案 page of a major hazard: the enterprise drafts the six parts and attaches the
document, then submits; the responsible office approves or returns it. Views parse and call
the services; who may do what is decided there."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from anjian.core.errors import DomainError
from anjian.core.forms import VersionedForm, text_area

from . import selectors, services
from .choices import PLAN_PARTS, PlanStatus
from .workflow import hazard_photos

# What each button does, and the message shown after it.
DONE = {
    "save": "治理方案已保存。",
    "submit": "治理方案已提交监管部门审查。",
    "approve": "已同意治理方案。",
    "return": "已退回治理方案，企业修改后重新提交。",
}


class PlanForm(VersionedForm):
    document = forms.FileField(
        label="治理方案文件",
        required=False,
        help_text="加盖单位公章的方案文本（PDF、Word 或照片），提交审查前须至少上传一份。",
    )
    review = text_area("审查意见 / 退回原因", rows=2, max_length=2000, required=False)

    def __init__(self, *args, editable: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in reversed(PLAN_PARTS):
            field = text_area(label, rows=3, max_length=services.PLAN_LIMIT, required=False)
            field.disabled = not editable
            self.fields = {key: field, **self.fields}
        self.style_widgets()

    def parts(self):
        return [self[key] for key, _ in PLAN_PARTS]


@login_required  # out of scope: 404, as for a missing hazard
def hazard_plan(request, pk: int):
    user = request.user
    hazard = selectors.hazard_for(user, pk)
    detail = selectors.plan_detail(user, hazard)
    editable = "edit" in detail["actions"]
    form = PlanForm(request.POST or None, request.FILES or None, editable=editable, initial=detail)
    status = 200
    if request.method == "POST":
        op = request.POST.get("op", "")
        status = 422  # until the change is applied; field errors show with what was typed
        if form.is_valid() and op not in DONE:
            form.add_error(None, "请选择要执行的操作。")
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.plan_act(
                    actor=user,
                    hazard=hazard,
                    op=op,
                    parts={key: data.get(key) or "" for key, _ in PLAN_PARTS},
                    document=data.get("document"),
                    review=data.get("review") or "",
                    expected_version=data.get("version"),
                )
            except DomainError as exc:
                status = exc.status
                field = exc.details.get("field")
                form.add_error(field if field in form.fields else None, exc.message)
            else:
                messages.success(request, DONE[op])
                return redirect("hazards:detail", pk=hazard.pk)
    context = {
        "hazard": hazard,
        "plan": detail,
        "form": form,
        "editable": editable,
        "statuses": PlanStatus,
        "documents": list(hazard_photos(hazard, "plan").order_by("uploaded_at", "id")),
    }
    return render(request, "hazards/plan.html", context, status=status)
