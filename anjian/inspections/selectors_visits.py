"""Reads of the visits part: inspections through the scoping door, with the 四不两直 rule (an
unannounced inspection is hidden from the enterprise until it starts), the team, the checklist
and the joint-inspection proposals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from anjian.core.errors import Invalid, NotFound
from anjian.core.scoping import scope_of
from anjian.enterprises.models import Enterprise

from .choices import ListStatus, MemberRole, Result, Status
from .models import Finding, Inspection, InspectionItem, InspectionMember, InspectorProfile

JOINT_WINDOW_DAYS = 14  # tasks of several departments for one enterprise in the same fortnight


def inspections_for(user, filters=None) -> QuerySet[Inspection]:
    """The inspections `user` may see. Enterprise users never see an unannounced one before
    it starts: until then, for them, it does not exist."""
    rows = Inspection.objects.visible_to(user)
    if scope_of(user).kind == "enterprise":
        rows = rows.exclude(unannounced=True, status__in=(Status.PLANNED, Status.CANCELLED))
    rows = rows.select_related("enterprise", "office")
    return filters.apply(rows) if filters is not None else rows.order_by("-planned_on", "-pk")


def inspection_for(user, pk: int) -> Inspection:
    found = inspections_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def team_of(inspection: Inspection) -> list[InspectionMember]:
    return list(
        InspectionMember.objects.filter(inspection=inspection)
        .select_related("user", "user__organisation")
        .order_by("role", "pk")
    )


def lead_of(inspection: Inspection):
    member = InspectionMember.objects.filter(inspection=inspection, role=MemberRole.LEAD).first()
    return member.user if member else None


def leads_of(inspections) -> dict[int, str]:
    """The lead's name of each inspection in one query (for list rows)."""
    rows = InspectionMember.objects.filter(
        inspection__in=[i.pk for i in inspections], role=MemberRole.LEAD
    ).select_related("user")
    return {m.inspection_id: m.user.get_full_name() or m.user.get_username() for m in rows}


def is_member(user, inspection: Inspection) -> bool:
    return InspectionMember.objects.filter(inspection=inspection, user_id=user.pk).exists()


def certified_officers(office_id: int, on: date):
    """The office's law-enforcement officers with a valid certificate on `on` (the team pool)."""
    valid = InspectorProfile.objects.filter(is_active=True).exclude(certificate_expires_on__lt=on)
    return (
        get_user_model()
        .objects.filter(organisation_id=office_id, is_active=True, pk__in=valid.values("user_id"))
        .order_by("pk")
    )


def experts():
    """Users holding the expert role (assignable to an inspection)."""
    return get_user_model().objects.filter(roles__is_expert=True, is_active=True).distinct()


def items_for_enterprise(enterprise) -> QuerySet[InspectionItem]:
    """The items an inspection may pick: those of every published list. An officer may check a
    plant against another industry's list too (a chemical plant with a dust-explosion area);
    `selectors_items.items_for_enterprise` gives the lists that match its industry first."""
    return (
        InspectionItem.objects.filter(item_list__status=ListStatus.PUBLISHED)
        .select_related("item_list")
        .order_by("item_list__industry", "order", "code")
    )


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    nonconform: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def checklist(inspection: Inspection) -> list[tuple[InspectionItem, Finding | None]]:
    """Each item of the inspection with its finding (None while unchecked), in list order."""
    items = list(
        inspection.items.order_by("item_list__industry", "order", "code").prefetch_related(
            "descriptions"
        )
    )
    by_item = {f.item_id: f for f in findings_of(inspection) if f.item_id}
    return [(item, by_item.get(item.pk)) for item in items]


def findings_of(inspection: Inspection) -> list[Finding]:
    return list(
        Finding.objects.filter(inspection=inspection)
        .select_related("item", "description", "hazard", "checked_by")
        .order_by("pk")
    )


def ad_hoc_findings(inspection: Inspection) -> list[Finding]:
    return [f for f in findings_of(inspection) if f.item_id is None]


def progress(inspection: Inspection) -> Progress:
    rows = checklist(inspection)
    done = sum(1 for _, f in rows if f is not None)
    bad = Finding.objects.filter(inspection=inspection, result=Result.NONCONFORM).count()
    return Progress(done=done, total=len(rows), nonconform=bad)


def joint_candidates(
    user, *, enterprise_id: int, planned_on: date, exclude_office_id: int | None
) -> list[Inspection]:
    """Planned inspections of OTHER offices at the same enterprise within 14 days of
    `planned_on`, not yet merged into another visit: the joint inspections to propose."""
    window = timedelta(days=JOINT_WINDOW_DAYS)
    rows = (
        Inspection.objects.filter(
            enterprise_id=enterprise_id,
            status=Status.PLANNED,
            planned_on__gte=planned_on - window,
            planned_on__lte=planned_on + window,
            joint_with__isnull=True,
        )
        .exclude(office_id=exclude_office_id)
        .select_related("office")
        .order_by("planned_on", "pk")
    )
    return list(rows)


def proposal_text(other: Inspection) -> str:
    when = f"{other.planned_on.month}月{other.planned_on.day}日"
    return f"{other.office.name} 已安排 {when} 检查该企业，建议联合检查"


def joined_of(inspection: Inspection) -> list[Inspection]:
    return list(
        Inspection.objects.filter(Q(joint_with=inspection)).select_related("office").order_by("pk")
    )


def enterprise_in_scope(user, pk: int):
    found = Enterprise.objects.visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Invalid("所选企业不存在或不在您的管辖范围内。", field="enterprise")
    return found


def inspections_by_ids(ids) -> list[Inspection]:
    """The inspections named for a merge (the service checks they are proposals)."""
    found = list(Inspection.objects.filter(pk__in=list(ids)).order_by("pk"))
    if len(found) != len(set(ids)):
        raise Invalid("并入的检查不存在。", field="joint")
    return found


def item_of(inspection: Inspection, pk: int) -> InspectionItem:
    found = inspection.items.filter(pk=pk).first()
    if found is None:
        raise Invalid("该检查事项不在本次检查范围内。", field="item")
    return found
