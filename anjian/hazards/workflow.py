"""The hazard workflow table: 待确认 → 整改中 → 待验收 → 已销号, with rejection and void.

Each row: action, label, from-states, to-state, who may, what must be supplied, what it sets.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from anjian.core.errors import Invalid
from anjian.core.workflow import Transition, Workflow

from . import rules
from .choices import OPEN_STATES, PLAN_PARTS, Grade, ListingLevel, Status
from .models import GovernancePlan, Hazard

S = Status


def _parse_date(value, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError) as exc:
        raise Invalid("日期格式应为 YYYY-MM-DD。", field=field) from exc


def _money(value) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise Invalid("整改资金应为数字（万元）。", field="cost") from exc
    if amount < 0:
        raise Invalid("整改资金不能为负数。", field="cost")
    return amount


def _validate_confirm(hazard: Hazard, payload: dict) -> None:
    grade = payload.get("grade") or hazard.grade
    if grade not in Grade.values:
        raise Invalid("请选择隐患等级：一般隐患或重大隐患。", field="grade")
    deadline = _parse_date(payload.get("deadline"), "deadline")
    if deadline < timezone.localdate():
        raise Invalid("整改期限不能早于今天。", field="deadline")
    for name, label in (("responsible_person", "整改责任人"), ("measures", "整改措施")):
        if not str(payload.get(name) or "").strip():
            raise Invalid(f"请填写{label}。", field=name)
    if (
        not hazard_photos(hazard, "before")
        and not str(payload.get("no_photo_reason") or "").strip()
    ):
        raise Invalid(
            "确认前须有至少一张整改前照片，或说明无照片的原因（no_photo_reason）。",
            field="attachments",
        )
    if grade == Grade.MAJOR:
        plan = payload.get("plan") or {}
        missing = [label for key, label in PLAN_PARTS if not str(plan.get(key) or "").strip()]
        if missing:
            raise Invalid(
                "重大隐患须制定治理方案（16号令第十五条），缺少：" + "、".join(missing),
                field="plan",
            )


def _apply_confirm(hazard: Hazard, payload: dict) -> None:
    hazard.grade = payload.get("grade") or hazard.grade
    hazard.deadline = _parse_date(payload["deadline"], "deadline")
    hazard.responsible_person = payload["responsible_person"].strip()
    hazard.measures = payload["measures"].strip()
    hazard.confirmed_at = timezone.now()
    if payload.get("cost") is not None:
        hazard.cost = _money(payload["cost"])
    if hazard.grade == Grade.MAJOR:
        plan = {key: str(payload["plan"][key]).strip() for key, _ in PLAN_PARTS}
        GovernancePlan.objects.update_or_create(hazard=hazard, defaults=plan)


def _validate_extend(hazard: Hazard, payload: dict) -> None:
    deadline = _parse_date(payload.get("deadline"), "deadline")
    if hazard.deadline and deadline <= hazard.deadline:
        raise Invalid("新的整改期限应晚于原期限。", field="deadline")


def _apply_extend(hazard: Hazard, payload: dict) -> None:
    hazard.deadline = _parse_date(payload["deadline"], "deadline")


def _apply_submit(hazard: Hazard, payload: dict) -> None:
    hazard.rectification_note = payload["comment"].strip()
    hazard.submitted_at = timezone.now()
    hazard.submitted_by = payload["_actor"]
    if payload.get("cost") is not None:
        hazard.cost = _money(payload["cost"])


def _validate_accept(hazard: Hazard, payload: dict) -> None:
    if not hazard_photos(hazard, "after") and not str(payload.get("no_photo_reason") or "").strip():
        raise Invalid("没有整改后照片，请说明原因（no_photo_reason）。", field="no_photo_reason")


def _apply_accept(hazard: Hazard, payload: dict) -> None:
    hazard.acceptance_opinion = payload["comment"].strip()
    hazard.no_photo_reason = str(payload.get("no_photo_reason") or "").strip()[:200]
    hazard.closed_at = timezone.now()
    hazard.accepted_by = payload["_actor"]
    hazard.listed = False  # the acceptance is the review that closes the supervision


def _apply_list(hazard: Hazard, payload: dict) -> None:
    hazard.listed = True
    hazard.listing_level = payload["level"]
    hazard.listing_office = str(payload.get("office") or "").strip()[:100]
    hazard.listing_due = _parse_date(payload["due"], "due")


def _apply_unlist(hazard: Hazard, payload: dict) -> None:
    hazard.listed = False


def _must_be_listed(hazard: Hazard, payload: dict) -> None:
    if not hazard.listed:
        raise Invalid("该隐患未挂牌督办。")


def _validate_list(hazard: Hazard, payload: dict) -> None:
    if hazard.listed:
        raise Invalid("该隐患已挂牌督办。")
    if payload.get("level") not in ListingLevel.values:
        raise Invalid("督办层级应为 city、district 或 township。", field="level")
    _parse_date(payload.get("due"), "due")


def _reject_photo(hazard: Hazard, payload: dict) -> None:
    hazard.submitted_at = None


def hazard_photos(hazard: Hazard, kind: str):
    from django.contrib.contenttypes.models import ContentType

    from anjian.core.models import Attachment

    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Hazard), object_id=str(hazard.pk), kind=kind
    )


def _notify(hazard: Hazard, payload: dict) -> None:
    from .notify import after_transition

    after_transition(hazard, payload["_record"])


HAZARD_FLOW = Workflow(
    name="hazard",
    model=Hazard,
    transitions=[
        Transition(
            "confirm",
            "确认",
            (S.REPORTED,),
            S.RECTIFYING,
            rules.can_confirm,
            validate=_validate_confirm,
            apply=_apply_confirm,
            after=_notify,
        ),
        Transition(
            "extend",
            "延期",
            (S.RECTIFYING,),
            S.RECTIFYING,
            rules.can_extend,
            requires=("reason",),
            validate=_validate_extend,
            apply=_apply_extend,
        ),
        Transition(
            "submit",
            "提交验收",
            (S.RECTIFYING,),
            S.PENDING_ACCEPTANCE,
            rules.can_submit,
            requires=("comment", "signature"),
            apply=_apply_submit,
            after=_notify,
        ),
        Transition(
            "accept",
            "验收销号",
            (S.PENDING_ACCEPTANCE,),
            S.CLOSED,
            rules.can_accept,
            requires=("comment", "signature"),
            validate=_validate_accept,
            apply=_apply_accept,
            after=_notify,
        ),
        Transition(
            "reject",
            "退回整改",
            (S.PENDING_ACCEPTANCE,),
            S.RECTIFYING,
            rules.can_accept,
            requires=("reason",),
            apply=_reject_photo,
            after=_notify,
        ),
        Transition(
            "void", "作废", OPEN_STATES, S.VOIDED, rules.can_void, requires=("reason",), voids=True
        ),
        Transition(
            "list",
            "挂牌督办",
            OPEN_STATES,
            "",
            rules.can_list,
            validate=_validate_list,
            apply=_apply_list,
            after=_notify,
        ),
        Transition(
            "unlist",
            "解除督办",
            OPEN_STATES,
            "",
            rules.can_list,
            requires=("reason",),
            validate=_must_be_listed,
            apply=_apply_unlist,
        ),
    ],
)
