"""The hazard workflow table: 待确认 → 整改中 → 待验收 → 已销号, with rejection and void.

Each row: action, label, from-states, to-state, who may, what must be supplied, what it sets.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from anjian.accounts.selectors import Organisation
from anjian.core.errors import Invalid
from anjian.core.workflow import Transition, Workflow

from . import rules
from .choices import LEVEL_RANK, OPEN_STATES, PLAN_PARTS, Grade, ListingLevel, PlanStatus, Status
from .models import GovernancePlan, Hazard
from .responsibility import may_act_at, offices_at_level

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


def _apply_confirm(hazard: Hazard, payload: dict) -> None:
    hazard.grade = payload.get("grade") or hazard.grade
    hazard.deadline = _parse_date(payload["deadline"], "deadline")
    hazard.responsible_person = payload["responsible_person"].strip()
    hazard.measures = payload["measures"].strip()
    hazard.confirmed_at = timezone.now()
    if payload.get("cost") is not None:
        hazard.cost = _money(payload["cost"])
    if hazard.grade == Grade.MAJOR:  # the enterprise now draws up its 治理方案
        GovernancePlan.objects.get_or_create(hazard=hazard)


def _validate_extend(hazard: Hazard, payload: dict) -> None:
    deadline = _parse_date(payload.get("deadline"), "deadline")
    if hazard.deadline and deadline <= hazard.deadline:
        raise Invalid("新的整改期限应晚于原期限。", field="deadline")


def _apply_extend(hazard: Hazard, payload: dict) -> None:
    hazard.deadline = _parse_date(payload["deadline"], "deadline")


def _validate_submit(hazard: Hazard, payload: dict) -> None:
    reason = str(payload.get("no_photo_reason") or "").strip()
    if not hazard_photos(hazard, "after").exists() and not reason:
        raise Invalid(
            "提交验收须有至少一张整改后照片，或说明无照片的原因。", field="no_photo_reason"
        )
    if len(reason) > 200:
        raise Invalid("无照片的原因最多 200 字。", field="no_photo_reason")
    if hazard.grade == Grade.MAJOR:
        plan = GovernancePlan.objects.filter(hazard=hazard).first()
        if plan is None or plan.status != PlanStatus.APPROVED:
            raise Invalid(
                "重大隐患的治理方案经监管部门同意后才能提交验收（16号令第十五条）。", field="plan"
            )


def _apply_submit(hazard: Hazard, payload: dict) -> None:
    hazard.no_photo_reason = str(payload.get("no_photo_reason") or "").strip()
    hazard.rectification_note = payload["comment"].strip()
    hazard.submitted_at = timezone.now()
    hazard.submitted_by = payload["_actor"]
    if payload.get("cost") is not None:
        hazard.cost = _money(payload["cost"])


def _apply_accept(hazard: Hazard, payload: dict) -> None:
    hazard.acceptance_opinion = payload["comment"].strip()
    hazard.closed_at = timezone.now()
    hazard.accepted_by = payload["_actor"]
    hazard.listed = False  # the acceptance is the review that closes the supervision


def _office(hazard: Hazard, payload: dict, levels) -> Organisation:
    """The office named by id in the payload, among the regulators over the enterprise."""
    try:
        office_id = int(payload.get("office") or 0)
    except (TypeError, ValueError):
        office_id = 0
    for level in levels:
        for org in offices_at_level(hazard.enterprise, level):
            if org.pk == office_id:
                return org
    raise Invalid("请选择督办单位：须是该企业所在地相应层级的监管部门。", field="office")


def _validate_list(hazard: Hazard, payload: dict) -> None:
    level = payload.get("level")
    if level not in ListingLevel.values:
        raise Invalid("请选择督办层级：市级、区（县）级或乡镇（街道）级。", field="level")
    if not may_act_at(payload["_actor"], level):
        raise Invalid(
            f"您只能在本级或下级挂牌督办，不能挂牌{ListingLevel(level).label}督办。", field="level"
        )
    due = _parse_date(payload.get("due"), "due")
    if due < timezone.localdate():
        raise Invalid("督办期限不能早于今天。", field="due")
    payload["_office"] = _office(hazard, payload, [level])


def _apply_list(hazard: Hazard, payload: dict) -> None:
    hazard.listed = True
    hazard.listing_level = payload["level"]
    hazard.listing_org = payload["_office"]
    hazard.listing_office = payload["_office"].name
    hazard.listing_due = _parse_date(payload["due"], "due")
    hazard.acceptance_delegate = None


def _apply_unlist(hazard: Hazard, payload: dict) -> None:
    hazard.listed = False
    hazard.acceptance_delegate = None


def _validate_delegate(hazard: Hazard, payload: dict) -> None:
    below = [
        level
        for level, rank in LEVEL_RANK.items()
        if rank < LEVEL_RANK.get(hazard.listing_level, 0)
    ]
    if not below:
        raise Invalid("乡镇（街道）级督办无下级可委托。", field="office")
    payload["_office"] = _office(hazard, payload, below)


def _apply_delegate(hazard: Hazard, payload: dict) -> None:
    hazard.acceptance_delegate = payload["_office"]


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
            validate=_validate_submit,
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
            rules.can_unlist,
            requires=("reason",),
            apply=_apply_unlist,
            after=_notify,
        ),
        Transition(
            "delegate",
            "委托验收",
            OPEN_STATES,
            "",
            rules.can_unlist,
            requires=("reason",),
            validate=_validate_delegate,
            apply=_apply_delegate,
            after=_notify,
        ),
    ],
)


def _validate_plan_submit(plan: GovernancePlan, payload: dict) -> None:
    """Everything missing is named at once: the empty parts and the document."""
    missing = [label for key, label in PLAN_PARTS if not getattr(plan, key).strip()]
    if not hazard_photos(plan.hazard, "plan").exists():
        missing.append("治理方案文件（加盖单位公章的方案文本）")
    if missing:
        raise Invalid(
            "治理方案须包括 16号令第十五条的六项内容和方案文件，缺少：" + "、".join(missing),
            field="plan",
        )


def _apply_plan_submit(plan: GovernancePlan, payload: dict) -> None:
    plan.submitted_at = timezone.now()
    plan.submitted_by = payload["_actor"]


def _apply_plan_review(plan: GovernancePlan, payload: dict) -> None:
    plan.reviewed_at = timezone.now()
    plan.reviewed_by = payload["_actor"]
    plan.review_comment = str(payload.get("comment") or payload.get("reason") or "").strip()


def _plan_notify(plan: GovernancePlan, payload: dict) -> None:
    from .notify import after_plan_transition

    after_plan_transition(plan, payload["_record"])


P = PlanStatus
PLAN_FLOW = Workflow(
    name="hazard_plan",
    model=GovernancePlan,
    transitions=[
        Transition(
            "submit",
            "提交审查",
            (P.DRAFT, P.RETURNED),
            P.SUBMITTED,
            rules.can_draft_plan,
            validate=_validate_plan_submit,
            apply=_apply_plan_submit,
            after=_plan_notify,
        ),
        Transition(
            "approve",
            "同意方案",
            (P.SUBMITTED,),
            P.APPROVED,
            rules.can_review_plan,
            apply=_apply_plan_review,
            after=_plan_notify,
        ),
        Transition(
            "return",
            "退回修改",
            (P.SUBMITTED,),
            P.RETURNED,
            rules.can_review_plan,
            requires=("reason",),
            apply=_apply_plan_review,
            after=_plan_notify,
        ),
    ],
)
