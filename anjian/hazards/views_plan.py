"""The 治理方案 page of a major hazard: the enterprise drafts the six parts and attaches the
document, then submits; the responsible office approves or returns it. Views parse and call
the services; who may do what is decided there."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render

from anjian.core.errors import Conflict, DomainError, Forbidden, PreconditionFailed
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
STATUS_CODES = {Forbidden: 403, Conflict: 409, PreconditionFailed: 412}


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


def _apply(user, hazard, op: str, form: PlanForm) -> None:
    data = form.cleaned_data
    version = data.get("version")
    with transaction.atomic():
        if op in ("save", "submit") and "edit" in selectors.plan_detail(user, hazard)["actions"]:
            parts = {key: data.get(key) or "" for key, _ in PLAN_PARTS}
            services.plan_save(actor=user, hazard=hazard, parts=parts, expected_version=version)
            version = None
            if data.get("document"):
                services.hazard_attach(
                    actor=user, hazard=hazard, upload=data["document"], kind="plan"
                )
        if op != "save":
            note = (data.get("review") or "").strip()
            payload = {"reason": note} if op == "return" else {"comment": note}
            services.plan_transition(
                actor=user, hazard=hazard, action=op, expected_version=version, **payload
            )


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
        status = 422
        if not form.is_valid():
            pass  # the field errors are shown with what was typed
        elif op not in DONE:
            form.add_error(None, "请选择要执行的操作。")
        else:
            try:
                _apply(user, hazard, op, form)
            except DomainError as exc:
                status = STATUS_CODES.get(type(exc), 422)
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
