"""The workflow dialogs of a hazard: confirm, extend, submit, accept, reject, void, list, unlist.

A button on the hazard page (or the work queue) loads the dialog's form with HTMX into a Tabler
modal; the form posts back here. A refused input, a stale version (412) or a state someone else
changed meanwhile (409) is shown in the dialog with what was typed kept; success reloads the page.
Without JavaScript the same URL is an ordinary page that redirects to the hazard when done.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from anjian.core.errors import Conflict, Forbidden, Invalid, PreconditionFailed

from . import selectors, services
from .forms import (
    AcceptForm,
    ConfirmForm,
    ExtendForm,
    ListForm,
    ReasonForm,
    SubmitForm,
    VersionedForm,
)
from .models import Hazard
from .views_report import PhotoRefused, store_photos
from .workflow import HAZARD_FLOW, hazard_photos

FORMS = {
    "confirm": ConfirmForm,
    "extend": ExtendForm,
    "submit": SubmitForm,
    "accept": AcceptForm,
    "reject": ReasonForm,
    "void": ReasonForm,
    "list": ListForm,
    "unlist": ReasonForm,
}
HINTS = {
    "confirm": "确认后隐患进入整改，企业按期限整改。重大隐患须同时制定治理方案（16号令第十五条）。",
    "extend": "延期须说明原因；新的期限应晚于原期限。",
    "submit": "提交后由验收人现场核查。请上传整改后照片并签名。",
    "accept": "验收通过即销号。请核对整改前后照片后签名。",
    "reject": "退回后企业继续整改，原因会通知企业。",
    "void": "作废的隐患保留在记录中，不计入统计。",
    "list": "挂牌督办适用于重大隐患，督办信息会通知企业和属地监管部门。",
    "unlist": "解除督办须说明原因。",
}
# The service's field names → this page's form fields. The only file the service stores itself
# is a handwritten signature's image, so its "file" errors belong to the signature.
FIELD_ALIASES = {
    "comment": "note",
    "attachments": "photos",
    "signature": "signature_method",
    "file": "signature_method",
}
STALE = "记录已被他人修改：您打开此窗口后，该隐患已有新的处理。请关闭窗口刷新页面后再操作。"


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _make_form(request, hazard: Hazard, action: str) -> VersionedForm:
    cls = FORMS[action]
    kwargs = {"hazard": hazard, "initial": {"version": hazard.version}}
    if action in ("reject", "void", "unlist"):
        kwargs["action"] = action
    if action == "accept":
        kwargs["has_after_photos"] = hazard_photos(hazard, "after").exists()
    if request.method == "POST":
        return cls(request.POST, request.FILES, **kwargs)
    return cls(**kwargs)


def _check_available(user, hazard: Hazard, transition) -> None:
    """Opening a dialog the user cannot use now: refused the way the service would refuse."""
    if hazard.status not in transition.sources:
        raise Conflict(f"当前状态不能执行“{transition.label}”，请刷新页面。")
    if not transition.allowed(user, hazard):
        raise Forbidden(f"您无权执行“{transition.label}”。")


@login_required
def hazard_action(request, pk: int, action: str):
    hazard = selectors.hazard_for(request.user, pk)
    transition = HAZARD_FLOW.by_action.get(action)
    if transition is None:
        raise Http404
    if request.method != "POST":
        _check_available(request.user, hazard, transition)
    form = _make_form(request, hazard, action)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            status = _apply(request, hazard, action, form)
            if status == 200:
                messages.success(request, f"已{transition.label}：{hazard.number}。")
                return _done(request, hazard)
    context = {
        "hazard": hazard,
        "transition": transition,
        "form": form,
        "hint": HINTS[action],
        "action": action,
        "statement": services.STATEMENTS.get(action, ""),
    }
    if _is_htmx(request):  # htmx swaps only 2xx answers; the errors are in the dialog
        return render(request, "hazards/_action_dialog.html", context)
    return render(request, "hazards/action.html", context, status=status)


def _done(request, hazard: Hazard):
    if _is_htmx(request):
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return redirect("hazards:detail", pk=hazard.pk)


def _apply(request, hazard: Hazard, action: str, form: VersionedForm) -> int:
    """Run the transition; a refusal the user can fix goes on the form. Returns the status."""
    user = request.user
    try:
        with transaction.atomic():  # the photos are stored only if the action succeeds
            payload = form.payload()
            photos = store_photos(user, form)
            if photos:
                payload["attachments"] = photos
            services.hazard_transition(
                actor=user,
                hazard=hazard,
                action=action,
                expected_version=form.cleaned_data.get("version"),
                **payload,
            )
    except PhotoRefused:
        return 422
    except PreconditionFailed:
        form.add_error(None, STALE)
        return 412
    except Conflict as exc:
        form.add_error(None, exc.message)
        return 409
    except Invalid as exc:
        _field_error(form, exc)
        return 422
    return 200


def _field_error(form, exc: Invalid) -> None:
    field = exc.details.get("field")
    field = FIELD_ALIASES.get(field, field)
    form.add_error(field if field in form.fields else None, exc.message)
