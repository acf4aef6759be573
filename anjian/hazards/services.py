"""Writes on hazards: report, every workflow action, photos. Scoped, signed, audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.core import attachments, audit, numbering, signatures
from anjian.core.errors import Conflict, Forbidden, Invalid, PreconditionFailed
from anjian.core.models import Attachment
from anjian.core.records.models import enterprise_scope
from anjian.core.scoping import ensure_visible
from anjian.enterprises.selectors import Enterprise

from . import notify, selectors
from .choices import PLAN_PARTS, Grade, PlanStatus, Source, Status
from .models import GovernancePlan, Hazard
from .responsibility import responsible_office_for
from .rules import in_scope, is_own_enterprise, is_regulator, may_draft_plan, may_handle_plan
from .workflow import HAZARD_FLOW, PLAN_FLOW

NUMBER_FORMAT = "YH-{year}-{n:06d}"
# Set by the service, not typed: left out of the model validation of a new report.
NOT_TYPED = (
    "created_by",
    "updated_by",
    "voided_by",
    "found_by",
    "sector",
    "grid",
    "number",
    "responsible_office",
)
IMAGE_TYPES = set(attachments.IMAGE_TYPES)
STATEMENTS = {
    "report": "本人确认上报以上隐患情况属实。",
    "submit": "本人确认隐患已按要求整改完成，申请验收。",
    "accept": "本人已现场核查，同意验收销号。",
}
# API names → the workflow's required payload names
PAYLOAD_NAMES = {"note": "comment", "opinion": "comment"}


def _source_allowed(actor, source: str) -> bool:
    kind = actor.scope.kind
    if kind == "enterprise":
        return source == Source.SELF_CHECK
    if kind == "grid":
        return source == Source.GRID
    return source in (Source.INSPECTION, Source.COMPLAINT, Source.OTHER, Source.GRID)


def _staged_photos(actor, ids: list[int]) -> list[Attachment]:
    found = list(
        Attachment.objects.filter(pk__in=ids, uploaded_by=actor, content_type__isnull=True)
    )
    if len(found) != len(set(ids)):
        raise Invalid("引用的附件不存在、已被使用或不是您上传的。", field="attachments")
    if any(a.mime not in IMAGE_TYPES for a in found):
        raise Invalid("隐患照片只能是图片。", field="attachments")
    return found


def hazard_report(
    *,
    actor,
    enterprise: Enterprise,
    description: str,
    location: str,
    source: str,
    signature: dict | None,
    grade: str = "",
    category: str = "site",
    subcategory=None,
    attachment_ids: list[int] | None = None,
    found_at=None,
) -> Hazard:
    """上报: a new hazard, signed by the reporter, with any before-photos already uploaded."""
    if not actor.has_perm("hazards.report_hazard"):
        raise Forbidden("您无权上报隐患。")
    if not Enterprise.objects.visible_to(actor).live().filter(pk=enterprise.pk).exists():
        raise Invalid("所选企业不存在或不在您的管辖范围内。", field="enterprise")
    if source not in Source.values or not _source_allowed(actor, source):
        raise Invalid(
            "隐患来源与您的身份不符（企业只能上报“企业自查”，网格员为“网格巡查”）。", field="source"
        )
    if grade and not is_regulator(actor) and not is_own_enterprise_user(actor, enterprise):
        grade = ""  # grading is part of confirmation, except for regulators and the enterprise
    with transaction.atomic():
        photos = _staged_photos(actor, attachment_ids or [])
        region_code, sector_id, grid_id = enterprise_scope(enterprise.pk)
        hazard = Hazard(
            number=numbering.next_number("hazard", fmt=NUMBER_FORMAT),
            enterprise=enterprise,
            region_code=region_code,
            sector_id=sector_id,
            grid_id=grid_id,
            responsible_office=responsible_office_for(enterprise),
            description=description.strip(),
            location=location.strip(),
            source=source,
            grade=grade or "",
            category=category,
            subcategory=subcategory,
            found_by=actor,
            found_at=found_at or timezone.now(),
            created_by=actor,
            updated_by=actor,
        )
        _clean(hazard)
        hazard.save()
        attachments.attach(photos, hazard)
        Attachment.objects.filter(pk__in=[p.pk for p in photos]).update(kind="before")
        sig = signatures.from_payload(signature, actor=actor, statement=STATEMENTS["report"])
        HAZARD_FLOW.start(
            hazard,
            actor,
            action="report",
            signature=sig,
            attachments=photos,
            comment=description.strip()[:200],
        )
        ensure_visible(hazard, actor)
        notify.on_report(hazard)
    return hazard


def is_own_enterprise_user(actor, enterprise) -> bool:
    return actor.scope.kind == "enterprise" and enterprise.pk in actor.scope.enterprises


def _clean(hazard: Hazard) -> None:
    try:
        hazard.full_clean(exclude=NOT_TYPED)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise Invalid(messages[0], field=field) from exc


def hazard_transition(
    *, actor, hazard: Hazard, action: str, expected_version: int | None = None, **payload: Any
) -> Hazard:
    """Apply one workflow action; signatures and photo references are resolved here."""
    payload = {PAYLOAD_NAMES.get(k, k): v for k, v in payload.items() if v is not None}
    with transaction.atomic():
        if action == "submit" and payload.get("attachments"):
            photos = _staged_photos(actor, payload["attachments"])
            attachments.attach(photos, hazard)
            Attachment.objects.filter(pk__in=[p.pk for p in photos]).update(kind="after")
            payload["attachments"] = photos
        if action in STATEMENTS and payload.get("signature") is not None:
            payload["signature"] = signatures.from_payload(
                payload["signature"], actor=actor, statement=STATEMENTS[action]
            )  # rolled back with everything else if the action is refused
        return HAZARD_FLOW.apply(
            hazard, action, actor, expected_version=expected_version, **payload
        )


def hazard_attach(*, actor, hazard: Hazard, upload, kind: str) -> Attachment:
    """整改前/后照片 (or documents) added to an existing hazard."""
    if kind not in ("before", "after", "plan"):
        raise Invalid("kind 应为 before、after 或 plan。", field="kind")
    if not in_scope(actor, hazard):
        raise Forbidden("您无权为该隐患上传附件。")
    if hazard.status in (Status.CLOSED, Status.VOIDED):
        raise Invalid("已销号或已作废的隐患不能再上传附件。")
    if kind in ("after", "plan") and not is_own_enterprise(actor, hazard):
        raise Forbidden("整改后照片和治理方案文件由整改企业上传。")
    allowed = IMAGE_TYPES if kind in ("before", "after") else None
    with transaction.atomic():
        return attachments.store_upload(
            upload, actor=actor, kind=kind, owner=hazard, allowed=allowed
        )


PLAN_LIMIT = 2000  # characters per part


def plan_save(
    *, actor, hazard: Hazard, parts: dict[str, str], expected_version: int | None = None
) -> GovernancePlan:
    """起草/修改治理方案: the enterprise writes the six parts while the plan is a draft or was
    returned. Every part over its length is named in one error."""
    if not may_draft_plan(actor, hazard):
        raise Forbidden("治理方案由隐患所在企业制定。")
    hazard.refresh_from_db(fields=["grade", "status"])
    if hazard.grade != Grade.MAJOR or hazard.status not in (Status.RECTIFYING, Status.REPORTED):
        raise Invalid("只有未销号的重大隐患需要治理方案。")
    unknown = set(parts) - {key for key, _ in PLAN_PARTS}
    if unknown:
        raise Invalid("治理方案没有这些内容：" + "、".join(sorted(unknown)), field="plan")
    too_long = [label for key, label in PLAN_PARTS if len(parts.get(key) or "") > PLAN_LIMIT]
    if too_long:
        raise Invalid(f"以下内容超过 {PLAN_LIMIT} 字，请精简：" + "、".join(too_long), field="plan")
    with transaction.atomic():
        GovernancePlan.objects.get_or_create(hazard=hazard)
        plan = (
            GovernancePlan.objects.select_for_update().select_related("hazard").get(hazard=hazard)
        )
        if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
            raise Conflict("治理方案已提交或已同意，不能再修改。", state=plan.status)
        if expected_version is not None and plan.version != expected_version:
            raise PreconditionFailed(current_version=plan.version)
        before = {key: getattr(plan, key) for key, _ in PLAN_PARTS}
        for key, _ in PLAN_PARTS:
            if key in parts:
                setattr(plan, key, str(parts[key] or "").strip())
        plan.version += 1
        plan.save()
        audit.record(
            "hazard_plan.save",
            actor=actor,
            obj=plan,
            before=before,
            after={key: getattr(plan, key) for key, _ in PLAN_PARTS},
        )
    return plan


def plan_act(
    *,
    actor,
    hazard: Hazard,
    op: str,
    parts: dict[str, str],
    document=None,
    review: str = "",
    expected_version: int | None = None,
) -> None:
    """One press on the 治理方案 page, all or nothing: while the plan is the actor's to edit,
    `save` and `submit` first keep the six parts (and an attached document); then `submit`,
    `approve` or `return` moves the plan on, with the review text as comment or reason."""
    version = expected_version
    with transaction.atomic():
        if op in ("save", "submit") and "edit" in selectors.plan_detail(actor, hazard)["actions"]:
            plan_save(actor=actor, hazard=hazard, parts=parts, expected_version=version)
            version = None
            if document:
                hazard_attach(actor=actor, hazard=hazard, upload=document, kind="plan")
        if op != "save":
            note = review.strip()
            payload = {"reason": note} if op == "return" else {"comment": note}
            plan_transition(
                actor=actor, hazard=hazard, action=op, expected_version=version, **payload
            )


def plan_transition(
    *, actor, hazard: Hazard, action: str, expected_version: int | None = None, **payload: Any
) -> GovernancePlan:
    """提交 / 同意 / 退回 the 治理方案 (its own small workflow)."""
    if not may_handle_plan(actor, hazard):
        raise Forbidden("您无权处理该隐患的治理方案。")
    plan = GovernancePlan.objects.filter(hazard=hazard).select_related("hazard").first()
    if plan is None:
        raise Invalid("该隐患还没有治理方案。")
    payload = {PAYLOAD_NAMES.get(k, k): v for k, v in payload.items() if v is not None}
    return PLAN_FLOW.apply(plan, action, actor, expected_version=expected_version, **payload)
