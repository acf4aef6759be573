"""Writes of the papers part: the one signing at the end of a visit, which numbers every
document the findings need, and the re-check (复查) that follows a rectification order.

Every write checks that the actor is on the visit's team, applies the workflow's transitions
through the core engine and writes its audit events in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from anjian.core import attachments, audit
from anjian.core import signatures as pad
from anjian.core.errors import Conflict, Forbidden, Invalid

from . import selectors_papers as papers
from .choices import DocumentKind, MeasureKind, RecheckResult, Result
from .choices import Status as S
from .models import (
    Finding,
    Inspection,
    InspectionMember,
    Recheck,
    VisitDocument,
    VisitMeasure,
    VisitSigning,
)
from .numbering_papers import document_number
from .workflow import INSPECTION_FLOW, OFFICERS, on_team

REPRESENTATIVE = "企业现场负责人"
SIGN_STATEMENT = "对本次现场检查的全部文书签字确认"
RECHECK_PHOTO = "recheck"
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}
MAX_RECHECK_PHOTOS = 6


def _member_images(inspection: Inspection, given: Sequence[Mapping]) -> dict[int, str]:
    """Each officer of the team must sign once; nobody else signs for the team."""
    members = {m.user_id: m for m in InspectionMember.objects.filter(inspection=inspection)}
    images: dict[int, str] = {}
    for entry in given:
        try:
            user_id = int(entry.get("user"))  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise Invalid("签名人不正确。", field="signatures") from exc
        if user_id not in members:
            raise Invalid("只有本次检查的检查组成员可以签名。", field="signatures")
        if user_id in images:
            raise Invalid("每名检查人员只签一次。", field="signatures")
        pad.decode_data_url(str(entry.get("image") or ""))
        images[user_id] = str(entry["image"])
    missing = [m for m in members.values() if m.role in OFFICERS and m.user_id not in images]
    if missing:
        names = "、".join(m.user.get_full_name() or m.user.get_username() for m in missing)
        raise Invalid(f"检查人员 {names} 尚未签名。", field="signatures")
    return images


def _measures(inspection: Inspection, given: Sequence[Mapping]) -> list[VisitMeasure]:
    findings = {
        f.pk: f for f in Finding.objects.filter(inspection=inspection, result=Result.NONCONFORM)
    }
    out = []
    for entry in given:
        kind = str(entry.get("kind") or "")
        if kind not in MeasureKind.values:
            raise Invalid(
                "现场处理措施只能是撤出作业人员、暂时停产停业或停止使用设备。", field="measures"
            )
        finding_id = entry.get("finding")
        if finding_id is not None and int(finding_id) not in findings:
            raise Invalid("现场处理措施须针对本次检查的不符合项。", field="measures")
        note = str(entry.get("note") or "").strip()[:300]
        out.append(
            VisitMeasure(
                inspection=inspection,
                finding=findings.get(int(finding_id)) if finding_id is not None else None,
                kind=kind,
                note=note,
            )
        )
    return out


def _representative(name: str, image: str, refused: str):
    name, refused = (name or "").strip()[:30], (refused or "").strip()[:300]
    if refused:
        return name, None, refused
    if not name:
        raise Invalid(
            "请填写企业现场负责人姓名，或记录拒绝签字的原因。", field="representative_name"
        )
    if not image:
        raise Invalid(
            "企业现场负责人尚未签名；拒绝签字的请记录原因。", field="representative_signature"
        )
    pad.decode_data_url(image)
    return name, image, ""


def inspection_sign(
    *,
    actor,
    inspection: Inspection,
    signatures: Sequence[Mapping],
    representative_name: str = "",
    representative_signature: str = "",
    refused_reason: str = "",
    measures: Sequence[Mapping] = (),
    deadline: date | None = None,
) -> VisitSigning:
    """现场签字: every officer and the representative sign once (or the representative refuses),
    `sign` is applied, and every document the findings need is numbered in this transaction;
    a rectification order schedules a re-check (`await_recheck`), otherwise the visit closes."""
    if not on_team(actor, inspection):
        raise Forbidden("只有本次检查的检查人员可以组织现场签字。")
    images = _member_images(inspection, signatures)
    rep_name, rep_image, refused = _representative(
        representative_name, representative_signature, refused_reason
    )
    with transaction.atomic():
        signed = INSPECTION_FLOW.apply(inspection, "sign", actor)
        if VisitSigning.objects.filter(inspection=signed).exists():
            raise Conflict("本次检查已签字。")
        planned_measures = _measures(signed, measures)
        order = papers.needs_rectification(signed)
        due = papers.rectification_deadline(signed, deadline) if order else None
        if order and due is None:
            raise Invalid("请填写责令限期整改的期限。", field="deadline")
        if due is not None and due < timezone.localdate():
            raise Invalid("整改期限不能早于今天。", field="deadline")
        names = _sign_members(signed, images)
        rep = None
        if rep_image:
            rep = _representative_sign(actor, rep_name, rep_image)
        signing = VisitSigning.objects.create(
            inspection=signed,
            captured_by=actor,
            signed_at=timezone.now(),
            representative_name=rep_name,
            representative_signature=rep,
            refused_reason=refused,
        )
        # The pictures belong to the visit: whoever may see it sees who signed.
        pictures = [m.signature.image for m in signed_members(signed) if m.signature] + [
            rep.image if rep else None
        ]
        attachments.attach([p for p in pictures if p is not None], signed)
        VisitMeasure.objects.bulk_create(planned_measures)
        kinds = [DocumentKind.RECORD]
        if order:
            kinds.append(DocumentKind.RECTIFICATION_ORDER)
        if planned_measures:
            kinds.append(DocumentKind.ONSITE_MEASURES)
        docs = [_issue(signed, kind, deadline=due) for kind in kinds]
        Inspection.objects.filter(pk=signed.pk).update(
            representative_name=rep_name,
            representative_signature=rep,
            rectification_deadline=due,
            recheck_due_on=due,
        )
        if due is not None:
            Recheck.objects.create(inspection=signed, due_on=due)
            INSPECTION_FLOW.apply(signed, "await_recheck", actor)
        else:
            INSPECTION_FLOW.apply(signed, "close", actor)
        audit.record(
            "inspection.signing",
            actor=actor,
            obj=signed,
            after={
                "officers": names,
                "representative": rep_name,
                "refused": refused,
                "documents": [d.number for d in docs],
                "recheck_due_on": due.isoformat() if due else "",
            },
        )
    return signing


def _representative_sign(actor, name: str, image: str):
    return pad.sign(
        actor=actor,
        statement=SIGN_STATEMENT,
        method="handwritten",
        image=image,
        role=REPRESENTATIVE,
        signer_name=name,
    )


def _sign_members(inspection: Inspection, images: dict[int, str]) -> list[str]:
    names = []
    members = InspectionMember.objects.filter(inspection=inspection, user_id__in=images)
    for member in members.select_related("user").order_by("pk"):
        member.signature = pad.sign(
            actor=member.user,
            statement=SIGN_STATEMENT,
            method="handwritten",
            image=images[member.user_id],
            role=member.get_role_display(),
        )
        member.save(update_fields=["signature"])
        names.append(member.signature.signer_name)
    return names


def signed_members(inspection: Inspection) -> list[InspectionMember]:
    members = InspectionMember.objects.filter(inspection=inspection, signature__isnull=False)
    return list(members.select_related("signature__image"))


def _issue(inspection: Inspection, kind: str, *, deadline=None, recheck=None) -> VisitDocument:
    number = document_number(inspection.office, kind)
    return VisitDocument.objects.create(
        inspection=inspection,
        kind=kind,
        number=number,
        issued_at=timezone.now(),
        deadline=deadline if kind == DocumentKind.RECTIFICATION_ORDER else None,
        recheck=recheck,
    )


def recheck_record(
    *,
    actor,
    inspection: Inspection,
    result: str,
    opinion: str,
    signature: str,
    photos: Sequence = (),
) -> Recheck:
    """复查: the checking officer records 合格/不合格 with an opinion and signs; the 整改复查意见书
    is numbered. Passed closes the visit; failed keeps it in re-check with the failure recorded
    (the violation path: a case should be opened)."""
    if not on_team(actor, inspection):
        raise Forbidden("只有本次检查的检查人员可以进行复查。")
    if result not in RecheckResult.values:
        raise Invalid("复查结论只能是整改合格或整改不合格。", field="result")
    opinion = (opinion or "").strip()
    if not opinion:
        raise Invalid("请填写复查意见。", field="opinion")
    if len(opinion) > 2000:
        raise Invalid("复查意见最多 2000 字。", field="opinion")
    pad.decode_data_url(signature)
    if len(photos) > MAX_RECHECK_PHOTOS:
        raise Invalid(f"复查照片最多 {MAX_RECHECK_PHOTOS} 张。", field="photos")
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if locked.status != S.RECHECKING:
            raise Conflict("这次检查当前不在待复查状态。")
        recheck = (
            Recheck.objects.select_for_update()
            .filter(inspection=locked, done_at__isnull=True)
            .order_by("due_on", "pk")
            .first()
        )
        if recheck is None:
            raise Conflict("这次检查没有待进行的复查。")
        recheck.result = result
        recheck.opinion = opinion
        recheck.done_at = timezone.now()
        recheck.checked_by = actor
        recheck.signature = pad.sign(
            actor=actor,
            statement="整改复查意见",
            method="handwritten",
            image=signature,
            role="复查人员",
        )
        recheck.save()
        attachments.attach([recheck.signature.image], locked)
        for photo in photos:
            attachments.store_upload(
                photo, actor=actor, kind=RECHECK_PHOTO, owner=locked, allowed=PHOTO_TYPES
            )
        document = _issue(locked, DocumentKind.RECHECK_OPINION, recheck=recheck)
        if result == RecheckResult.PASSED:
            INSPECTION_FLOW.apply(locked, "close", actor)
        audit.record(
            "inspection.recheck",
            actor=actor,
            obj=locked,
            after={"result": result, "document": document.number, "opinion": opinion[:200]},
        )
    return recheck
