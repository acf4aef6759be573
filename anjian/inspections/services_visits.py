"""Writes of the visits part: planning an inspection (from a draw, the plan, a complaint, an
accident or ad hoc), its team and items. Every write checks the right and the scope, respects
the enterprise's yearly cap and is audited."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from anjian.core import audit, numbering
from anjian.core.errors import Forbidden, Invalid
from anjian.enterprises.models import Enterprise

from . import services_caps
from .choices import Kind, MemberRole, Origin
from .models import Inspection, InspectionItem, InspectionMember, InspectorProfile
from .selectors_caps import NOT_COUNTED_KINDS

NUMBER_FORMAT = "JC{year}{n:05d}"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
MIN_OFFICERS = 2  # 安全生产法第六十七条 and common practice: at least two certified officers


def new_visit_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def certified(users: Sequence, on: date) -> list:
    """The users among `users` holding a valid law-enforcement certificate on `on`."""
    ids = [u.pk for u in users]
    valid = InspectorProfile.objects.filter(user_id__in=ids, is_active=True).exclude(
        certificate_expires_on__lt=on
    )
    ok = set(valid.values_list("user_id", flat=True))
    return [u for u in users if u.pk in ok]


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
) -> Inspection:
    """安排检查: a team of two or more certified officers (the lead among them), optional
    experts, the items to check. Refused above the enterprise's yearly cap unless an approved
    override is waiting (it is then used by this inspection)."""
    if not actor.has_perm("inspections.add_inspection"):
        raise Forbidden("您无权安排监督检查。")
    if actor.organisation_id is None:
        raise Forbidden("您的账号未归属执法单位，不能安排检查。")
    if origin not in Origin.values:
        raise Invalid("任务来源不正确。", field="origin")
    if kind not in Kind.values:
        raise Invalid("检查类别不正确。", field="kind")
    team = list(dict.fromkeys(team))
    lead = lead or (team[0] if team else None)
    if len(certified(team, planned_on)) < MIN_OFFICERS or len(team) < MIN_OFFICERS:
        raise Invalid(
            "检查组须有两名以上持有效行政执法证的人员（安全生产法第六十七条）。", field="team"
        )
    if lead not in team:
        raise Invalid("主办检查人员须是检查组成员。", field="lead")
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
                if user not in team
            ]
        )
        if items:
            inspection.items.set(items)
        audit.record(
            "inspection.create",
            actor=actor,
            obj=inspection,
            after={
                "enterprise": enterprise.name,
                "planned_on": planned_on.isoformat(),
                "team": [u.get_full_name() or u.get_username() for u in team],
                "unannounced": inspection.unannounced,
                "over_cap": inspection.over_cap,
                "created": timezone.now().isoformat(),
            },
        )
    return inspection
