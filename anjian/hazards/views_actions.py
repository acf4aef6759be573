"""The workflow dialogs of a hazard (confirm, extend, submit, accept, reject, void, list,
unlist), declared on the record layer's one workflow screen."""

from __future__ import annotations

from anjian.core.records.workflow import Screen

from . import selectors, services
from .forms import AcceptForm, ConfirmForm, ExtendForm, ListForm, ReasonForm, SubmitForm
from .workflow import HAZARD_FLOW, hazard_photos

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


def _form_kwargs(hazard, action: str) -> dict:
    kwargs: dict = {"hazard": hazard}
    if action in ("reject", "void", "unlist"):
        kwargs["action"] = action
    if action == "accept":
        kwargs["has_after_photos"] = hazard_photos(hazard, "after").exists()
    return kwargs


def _apply(user, hazard, action, version, payload):
    return services.hazard_transition(
        actor=user, hazard=hazard, action=action, expected_version=version, **payload
    )


SCREEN = Screen(
    workflow=HAZARD_FLOW,
    namespace="hazards",
    get=selectors.hazard_for,
    apply=_apply,
    forms={
        "confirm": ConfirmForm,
        "extend": ExtendForm,
        "submit": SubmitForm,
        "accept": AcceptForm,
        "reject": ReasonForm,
        "void": ReasonForm,
        "list": ListForm,
        "unlist": ReasonForm,
    },
    hints=HINTS,
    statements=services.STATEMENTS,
    title=lambda hazard: hazard.number,
    form_kwargs=_form_kwargs,
    styles=("hazards/hazards.css",),
)
hazard_action = SCREEN.view()
