"""Writes of the visits part: planning an inspection (from a draw, the plan, a complaint, an
accident or ad hoc), its team and items. Every write checks the right and the scope, respects
the enterprise's yearly cap and is audited."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from anjian.accounts import selectors
from anjian.core import attachments, audit, notifications, numbering
from anjian.core.errors import Forbidden, Invalid, PreconditionFailed
from anjian.enterprises.models import Enterprise
from anjian.hazards import services as hazard_services

from . import selectors_caps, selectors_visits, services_caps, services_experts
from .choices import Becomes, Kind, MemberRole, Origin, Result, Status
from .models import (
    CapOverride,
    Finding,
    HazardDescription,
    Inspection,
    InspectionItem,
    InspectionMember,
    InspectorProfile,
    Violation,
)
from .selectors_caps import NOT_COUNTED_KINDS
from .workflow import INSPECTION_FLOW

NUMBER_FORMAT = "JC{year}{n:05d}"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
MIN_OFFICERS = 2  # 安全生产法第六十七条 and common practice: at least two certified officers


def new_visit_code() -> str:
    """Ten characters with at least one digit, so that a code never reads as a word."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        if any(c.isdigit() for c in code):
            return code


def certified(users: Sequence, on: date) -> list:
    """The users among `users` holding a valid law-enforcement certificate on `on`."""
    ids = [u.pk for u in users]
    valid = InspectorProfile.objects.filter(user_id__in=ids, is_active=True).exclude(
        certificate_expires_on__lt=on
    )
    ok = set(valid.values_list("user_id", flat=True))
    return [u for u in users if u.pk in ok]


def _check_team(team: list, lead, experts: list, planned_on: date) -> None:
    if len(team) < MIN_OFFICERS or len(certified(team, planned_on)) < len(team):
        raise Invalid(
            "检查组须由两名以上持有效行政执法证的人员组成（安全生产法第六十七条）。",
            field="team",
        )
    if lead not in team:
        raise Invalid("主办检查人员须是检查组成员。", field="lead")
    expert_ids = set(selectors_visits.experts().values_list("pk", flat=True))
    if any(u.pk not in expert_ids for u in experts):
        raise Invalid("只能选择具有专家角色的人员作为随行专家。", field="experts")


def inspection_create(
    *,
    actor,
    enterprise: Enterprise,
    planned_on: date,
    team: Sequence,
    lead=None,
    experts: Sequence = (),
    items: Sequence[InspectionItem] = (),
    origin: str = Origin.AD_HOC,
    kind: str = Kind.ROUTINE,
    unannounced: bool = False,
    basis: str = "",
    draw=None,
    plan=None,
    joint: Sequence[Inspection] = (),
) -> Inspection:
    """安排检查: a team of two or more certified officers (the lead among them), optional
    experts, the items to check. Refused above the enterprise's yearly cap unless an approved
    override is waiting (it is then used by this inspection). `joint` are other offices'
    planned inspections of the same enterprise in the same fortnight merged into this visit:
    they are linked to it and their officers join its team. An announced inspection is
    notified to the enterprise's staff; an unannounced one (四不两直) is not."""
    if not actor.has_perm("inspections.add_inspection"):
        raise Forbidden("您无权安排监督检查。")
    if actor.organisation_id is None:
        raise Forbidden("您的账号未归属执法单位，不能安排检查。")
    if origin not in Origin.values:
        raise Invalid("任务来源不正确。", field="origin")
    if kind not in Kind.values:
        raise Invalid("检查类别不正确。", field="kind")
    team = list(dict.fromkeys(team))
    experts = [u for u in dict.fromkeys(experts) if u not in team]
    lead = lead or (team[0] if team else None)
    _check_team(team, lead, experts, planned_on)
    with transaction.atomic():
        locked = Enterprise.objects.visible_to(actor).select_for_update().filter(pk=enterprise.pk)
        enterprise = locked.first()
        if enterprise is None:
            raise Invalid("所选企业不存在或不在您的管辖范围内。", field="enterprise")
        inspection = Inspection(
            enterprise=enterprise,
            number=numbering.next_number("inspection", fmt=NUMBER_FORMAT),
            office_id=actor.organisation_id,
            origin=origin,
            kind=kind,
            draw=draw,
            plan=plan,
            basis=(basis or "").strip()[:300],
            unannounced=bool(unannounced),
            planned_on=planned_on,
            visit_code=new_visit_code(),
            created_by=actor,
        )
        override = None
        if kind not in NOT_COUNTED_KINDS:
            override = services_caps.require_room(
                actor=actor, enterprise=enterprise, year=planned_on.year
            )
        inspection.over_cap = override is not None
        inspection.save()
        if override is not None:
            override.used_by = inspection
            override.save(update_fields=["used_by", "updated_at"])
        _add_members(inspection, team, lead, experts)
        if items:
            inspection.items.set(items)
        merged = _merge(actor, inspection, joint)
        audit.record(
            "inspection.create",
            actor=actor,
            obj=inspection,
            after={
                "enterprise": enterprise.name,
                "planned_on": planned_on.isoformat(),
                "team": [_name(u) for u in team],
                "experts": [_name(u) for u in experts],
                "unannounced": inspection.unannounced,
                "over_cap": inspection.over_cap,
                "joint_with": [i.number for i in merged],
                "created": timezone.now().isoformat(),
            },
        )
        if not inspection.unannounced:
            _notify_enterprise(inspection)
    return inspection


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _add_members(inspection: Inspection, team: list, lead, experts: list) -> None:
    InspectionMember.objects.bulk_create(
        [
            InspectionMember(
                inspection=inspection,
                user=user,
                role=MemberRole.LEAD if user == lead else MemberRole.MEMBER,
            )
            for user in team
        ]
        + [
            InspectionMember(inspection=inspection, user=user, role=MemberRole.EXPERT)
            for user in experts
        ]
    )
    services_experts.assign(inspection)  # what the experts see follows the team


def _merge(actor, inspection: Inspection, joint: Sequence[Inspection]) -> list[Inspection]:
    """联合检查: the other offices' inspections become part of this visit (one visit, one
    team). Only proposals are accepted: same enterprise, planned, other office, within the
    fortnight, not merged elsewhere."""
    if not joint:
        return []
    allowed = {
        i.pk: i
        for i in selectors_visits.joint_candidates(
            actor,
            enterprise_id=inspection.enterprise_id,
            planned_on=inspection.planned_on,
            exclude_office_id=inspection.office_id,
        )
    }
    wanted = [i.pk for i in joint]
    if any(pk not in allowed for pk in wanted):
        raise Invalid("只能并入其他部门两周内对同一企业安排、尚未开始的检查。", field="joint")
    others = list(Inspection.objects.select_for_update().filter(pk__in=wanted).order_by("pk"))
    present = set(
        InspectionMember.objects.filter(inspection=inspection).values_list("user_id", flat=True)
    )
    joining = (
        InspectionMember.objects.filter(inspection__in=others)
        .exclude(user_id__in=present)
        .order_by("pk")
    )
    new_members: dict[int, str] = {}
    for member in joining:
        role = MemberRole.EXPERT if member.role == MemberRole.EXPERT else MemberRole.MEMBER
        new_members.setdefault(member.user_id, role)
    InspectionMember.objects.bulk_create(
        [InspectionMember(inspection=inspection, user_id=u, role=r) for u, r in new_members.items()]
    )
    services_experts.assign(inspection)
    Inspection.objects.filter(pk__in=wanted).update(joint_with=inspection)
    for other in others:
        audit.record(
            "inspection.join",
            actor=actor,
            obj=other,
            after={"joint_with": inspection.number, "office": str(other.office_id)},
        )
    return others


def _notify_enterprise(inspection: Inspection) -> None:
    when = inspection.planned_on.strftime("%Y-%m-%d")
    notifications.notify(
        selectors.enterprise_staff(inspection.enterprise_id),
        title=f"监督检查通知：{when}",
        body=f"{inspection.office.name} 将于 {when} 对贵单位开展监督检查（{inspection.number}）。",
        link=reverse("inspections:detail", args=[inspection.pk]),
    )


SIGN_ELSEWHERE = (
    "现场签字须在“现场签字”中由检查人员和企业现场负责人一次签名完成，"
    "签名将用于本次检查的全部文书；此处不能直接签字。"
)
RECHECK_ELSEWHERE = (
    "检查在现场签字后自动转入整改复查或办结；待复查的检查由“整改复查”办理，复查合格即办结。"
)


def inspection_transition(
    *, actor, inspection: Inspection, action: str, expected_version: int | None = None, **payload
) -> Inspection:
    """流转 start / cancel through the declared workflow (the signing and the re-check move the
    visit on from there). Starting is
    refused when the enterprise is at its yearly cap (this inspection counted once), unless an
    override is waiting or was already taken by this inspection. `sign` belongs to the signing
    of the visit's documents, which applies one signing to all of them."""
    if action == "sign":
        raise Invalid(SIGN_ELSEWHERE, field="action")
    transition = INSPECTION_FLOW.by_action.get(action)
    if transition is not None and not transition.allowed(actor, inspection):
        raise Forbidden(f"您无权执行“{transition.label}”。")  # before saying anything of its state
    if action in ("await_recheck", "close"):
        raise Invalid(RECHECK_ELSEWHERE, field="action")
    if action != "start":
        return INSPECTION_FLOW.apply(
            inspection, action, actor, expected_version=expected_version, **payload
        )
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().get(pk=inspection.enterprise_id)
        if inspection.kind not in NOT_COUNTED_KINDS:
            _room_to_start(enterprise, inspection)
        lat, lon = _coordinates(payload.pop("lat", None), payload.pop("lon", None))
        started = INSPECTION_FLOW.apply(
            inspection, "start", actor, expected_version=expected_version, **payload
        )
        if lat is not None:
            Inspection.objects.filter(pk=started.pk).update(latitude=lat, longitude=lon)
            started.latitude, started.longitude = lat, lon
    return started


def _room_to_start(enterprise: Enterprise, inspection: Inspection) -> None:
    """At start the cap counts the checks of the year that did take place (started, signed,
    closed; not the planned or cancelled ones) and this one: refused above the cap unless this
    inspection already holds an override or one is waiting (it is then taken)."""
    if CapOverride.objects.filter(used_by=inspection).exists():
        return
    year = inspection.planned_on.year
    done = (
        selectors_caps.counted(enterprise.pk, year)
        .exclude(pk=inspection.pk)
        .exclude(status=Status.PLANNED)
        .count()
    )
    taken = services_caps.require_room(
        actor=None, enterprise=enterprise, year=year, counting=inspection, used=done
    )
    if taken is not None:
        Inspection.objects.filter(pk=inspection.pk).update(over_cap=True)


def _coordinates(lat, lon):
    """The phone's position, when it gave one; anything unreadable counts as none."""
    try:
        la, lo = Decimal(str(lat)), Decimal(str(lon))
    except (InvalidOperation, ValueError, TypeError):
        return None, None
    if not (-90 <= la <= 90 and -180 <= lo <= 180):
        return None, None
    return la.quantize(Decimal("0.000001")), lo.quantize(Decimal("0.000001"))


def may_plan(actor) -> bool:
    return actor.has_perm("inspections.add_inspection") and actor.organisation_id is not None


def may_check(actor, inspection: Inspection) -> bool:
    """A member of the team (officer or expert) fills in the checklist."""
    return actor.has_perm("inspections.conduct_inspection") and selectors_visits.is_member(
        actor, inspection
    )


HAZARD_DAYS = 15  # default rectification period proposed on the checklist
MAX_PHOTOS = 9


def finding_record(
    *,
    actor,
    inspection: Inspection,
    item: InspectionItem | None,
    result: str,
    note: str = "",
    description: HazardDescription | None = None,
    text: str = "",
    photos: Sequence[int] = (),
    becomes: str = "",
    deadline: date | None = None,
    facts: str = "",
    provision: str = "",
    lat=None,
    lon=None,
    expected_version: int | None = None,
) -> Finding:
    """记录检查结果: one checklist row (or an ad hoc finding without an item), by a team member
    of an in-progress inspection. A 不符合 may become a hazard (reported through the hazards
    app, source 监督检查, linked both ways) or a violation waiting for a case; what it became
    never changes afterwards."""
    becomes = becomes or ""
    if not may_check(actor, inspection):
        raise Forbidden("只有本次检查的检查组成员可以记录检查结果。")
    _check_finding_input(inspection, item, result, description, becomes, text, note)
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if locked.status != Status.IN_PROGRESS:
            raise Invalid("只有“检查中”的检查可以记录检查结果，请先开始检查。", field="status")
        finding = _current(locked, item, expected_version)
        if finding.pk and finding.becomes and finding.becomes != becomes:
            made = finding.hazard.number if finding.hazard else "违法行为线索"
            raise Invalid(
                f"该检查结果已转为{Becomes(finding.becomes).label}（{made}），不能再更改处理方式。",
                field="becomes",
            )
        la, lo = _coordinates(lat, lon)
        before = {"result": finding.result, "becomes": finding.becomes} if finding.pk else {}
        finding.result = result
        finding.note = (note or "").strip()[:2000]
        finding.description = description
        finding.text = (text or "").strip()[:300]
        finding.checked_by = actor
        finding.checked_at = timezone.now()
        finding.latitude, finding.longitude = la, lo
        finding.version = (finding.version + 1) if finding.pk else 1
        if becomes == Becomes.HAZARD:
            finding.deadline = _deadline(deadline)
        staged = _photos(actor, photos)
        was = finding.becomes
        finding.becomes = becomes
        finding.save()
        if becomes == Becomes.HAZARD and not was:
            _to_hazard(actor, locked, finding, staged)
        else:
            attachments.attach(staged, finding)
        if becomes == Becomes.VIOLATION:
            _to_violation(actor, locked, finding, facts, provision)
        _update_deadline(locked)
        audit.record(
            "inspection.finding",
            actor=actor,
            obj=locked,
            before=before,
            after={
                "item": item.code if item else "",
                "result": result,
                "becomes": becomes,
                "hazard": finding.hazard.number if finding.hazard else "",
                "photos": len(staged),
                "located": la is not None,
            },
        )
    return finding


def _check_finding_input(inspection, item, result, description, becomes, text, note) -> None:
    if result not in Result.values:
        raise Invalid("请选择检查结果：符合、不符合或不涉及。", field="result")
    if item is not None and not inspection.items.filter(pk=item.pk).exists():
        raise Invalid("该检查事项不在本次检查范围内。", field="item")
    if item is None and not (text or note or "").strip():
        raise Invalid("清单外发现的问题请填写问题描述。", field="text")
    if description is not None and (item is None or description.item_id != item.pk):
        raise Invalid("所选标准隐患描述不属于该检查事项。", field="description")
    if becomes not in ("", *Becomes.values):
        raise Invalid("处理方式只能是转为隐患、转为违法行为或不处理。", field="becomes")
    if becomes and result != Result.NONCONFORM:
        raise Invalid("只有“不符合”的检查结果可以转为隐患或违法行为。", field="becomes")
    if becomes and description is None and not (text or "").strip():
        raise Invalid("请选择标准隐患描述或填写问题描述。", field="text")


def _current(inspection: Inspection, item, expected_version) -> Finding:
    if item is None:
        return Finding(inspection=inspection, item=None)
    finding = Finding.objects.select_for_update().filter(inspection=inspection, item=item).first()
    if finding is None:
        return Finding(inspection=inspection, item=item)
    if expected_version is not None and expected_version != finding.version:
        raise PreconditionFailed("该事项的检查结果已被其他检查人员修改，请刷新后重试。")
    return finding


def _deadline(deadline: date | None) -> date:
    today = timezone.localdate()
    deadline = deadline or today + timedelta(days=HAZARD_DAYS)
    if deadline < today:
        raise Invalid("整改期限不能早于今天。", field="deadline")
    return deadline


def _photos(actor, ids: Sequence[int]) -> list:
    ids = list(dict.fromkeys(int(i) for i in ids or ()))
    if len(ids) > MAX_PHOTOS:
        raise Invalid(f"每条检查结果最多 {MAX_PHOTOS} 张照片。", field="photos")
    found = attachments.staged_for(actor, ids)
    if len(found) != len(ids):
        raise Invalid("引用的照片不存在、已被使用或不是您上传的。", field="photos")
    if any(a.mime not in attachments.IMAGE_TYPES for a in found):
        raise Invalid("检查照片只能是图片。", field="photos")
    return found


def _finding_words(finding: Finding) -> str:
    return finding.description.text if finding.description else finding.text


def _to_hazard(actor, inspection: Inspection, finding: Finding, photos: list) -> None:
    if not actor.has_perm("hazards.report_hazard"):
        raise Forbidden("您无权将检查结果转为隐患（须由执法人员办理）。")
    where = f"监督检查 {inspection.number}"
    if finding.item:
        where += f"（{finding.item.code}）"
    hazard = hazard_services.hazard_report(
        actor=actor,
        enterprise=inspection.enterprise,
        description=_finding_words(finding),
        location=where,
        source="inspection",
        signature={"method": "account"},
        grade=finding.description.grade if finding.description else "",
        attachment_ids=[p.pk for p in photos],
    )
    finding.hazard = hazard
    finding.save(update_fields=["hazard"])


def _to_violation(actor, inspection: Inspection, finding: Finding, facts, provision) -> None:
    facts = (facts or "").strip() or _finding_words(finding)
    if finding.item and not (provision or "").strip():
        provision = f"{finding.item.basis_law}{finding.item.basis_article}"
    Violation.objects.update_or_create(
        finding=finding,
        defaults={
            "enterprise_id": inspection.enterprise_id,
            "inspection": inspection,
            "facts": facts[:2000],
            "provision": (provision or "").strip()[:200],
            "created_by": actor,
        },
    )


def _update_deadline(inspection: Inspection) -> None:
    """The visit's rectification deadline is the latest of its hazards' (for the order)."""
    latest = (
        Finding.objects.filter(inspection=inspection, becomes=Becomes.HAZARD)
        .order_by("-deadline")
        .values_list("deadline", flat=True)
        .first()
    )
    Inspection.objects.filter(pk=inspection.pk).update(rectification_deadline=latest)
