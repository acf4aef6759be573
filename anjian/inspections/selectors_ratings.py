"""Reads of the visit code (检查码) and of ratings, which leave here only as aggregates.

Every aggregate group counts five or more ratings (`MIN_GROUP`); a smaller group is withheld.
There is no grand total: an office's months add up to the office's row, so within an office
enough months are withheld that the withheld ones count five or more (no single rating is the
difference between the office's row and its shown months). Groups are the same for every
viewer: an office's row counts all of that office's ratings, whoever looks; the scoping door
only decides which offices and officers a viewer is shown. Only finished months count (the
figures change once a month, not with each rating). No function here returns a rating row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from .choices import MemberRole
from .models import Inspection, InspectionItem, InspectionMember, InspectorProfile, VisitRating

MIN_GROUP = 5
WITHHELD = "评价不足 5 条，暂不显示"
_DIST = {f"s{k}": Count("pk", filter=Q(score=k)) for k in range(1, 6)}


def visit_by_code(code: str) -> Inspection | None:
    """The visit a code names (codes are printed in capitals; typed ones may not be)."""
    code = (code or "").strip().upper()
    if not code or len(code) > 16:
        return None
    return (
        Inspection.objects.select_related("office", "enterprise")
        .filter(visit_code=code, voided_at__isnull=True)
        .first()
    )


@dataclass(frozen=True)
class Officer:
    name: str
    role: str
    certificate: str  # 行政执法证号, "" for an expert


def visit_facts(inspection: Inspection) -> dict:
    """What the code shows anyone: the office, the date, the task and its basis, the team with
    their certificates (安全生产法第六十七条) and the items checked — nothing else (not even the
    status: "awaiting re-check" would tell that something was found)."""
    members = list(
        InspectionMember.objects.filter(inspection=inspection)
        .select_related("user")
        .order_by("role", "pk")
    )
    certificates = dict(
        InspectorProfile.objects.filter(user_id__in=[m.user_id for m in members]).values_list(
            "user_id", "certificate_number"
        )
    )
    order = {MemberRole.LEAD: 0, MemberRole.MEMBER: 1, MemberRole.EXPERT: 2}
    team = [
        Officer(
            name=m.user.display_name or m.user.get_username(),
            role=m.get_role_display(),
            certificate="" if m.role == MemberRole.EXPERT else certificates.get(m.user_id, ""),
        )
        for m in sorted(members, key=lambda m: order.get(m.role, 3))
    ]
    checked = InspectionItem.objects.filter(
        Q(pk__in=inspection.items.values("pk"))
        | Q(pk__in=inspection.findings.filter(item__isnull=False).values("item_id"))
    ).order_by("order", "code")
    day = inspection.started_at.date() if inspection.started_at else inspection.planned_on
    return {
        "office": inspection.office.name,
        "enterprise": inspection.enterprise.name,
        "day": day,
        "started": inspection.started_at is not None,
        "number": inspection.number,
        "origin": inspection.get_origin_display(),
        "kind": inspection.get_kind_display(),
        "basis": inspection.basis,
        "unannounced": inspection.unannounced,
        "team": team,
        "items": list(checked),
    }


# -- aggregates ------------------------------------------------------------------------------


@dataclass
class Group:
    key: object
    label: str
    count: int
    average: float | None = None
    distribution: list[int] = field(default_factory=list)  # counts of 1..5 stars
    shown: bool = True
    comments: list[str] = field(default_factory=list)  # shown offices only, as a set

    @property
    def note(self) -> str:
        return "" if self.shown else WITHHELD


def cutoff(year: int, today: date | None = None) -> date:
    """The last day counted: the end of the last finished month (or of the year, if past)."""
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    return min(date(year, 12, 31), month_start - timedelta(days=1))


def default_year(today: date | None = None) -> int:
    """The year of the last finished month: in January, last year (this one has no month yet)."""
    today = today or timezone.localdate()
    return (today.replace(day=1) - timedelta(days=1)).year


def counted(year: int, today: date | None = None) -> QuerySet:
    return VisitRating.objects.filter(
        rated_on__gte=date(year, 1, 1), rated_on__lte=cutoff(year, today)
    )


def _group(key, label, row: dict) -> Group:
    count = row["count"]
    if count < MIN_GROUP:
        return Group(key=key, label=label, count=0, shown=False)
    return Group(
        key=key,
        label=label,
        count=count,
        average=round(float(row["average"]), 2),
        distribution=[row[f"s{k}"] for k in range(1, 6)],
    )


def _complement(groups: list[Group], sizes: dict) -> None:
    """Withhold the smallest shown rows until the withheld ones count 0 or 5 or more, so that
    the shown rows never fall short of their shown whole by fewer than five ratings."""
    withheld = sum(sizes[g.key] for g in groups if not g.shown)
    for group in sorted((g for g in groups if g.shown), key=lambda g: (g.count, str(g.key))):
        if withheld == 0 or withheld >= MIN_GROUP:
            return
        withheld += group.count
        group.shown, group.count, group.average, group.distribution = False, 0, None, []


def _office_months(rated: QuerySet, offices: list[Group]) -> list[Group]:
    """Each shown office's months; within one office the withheld months together count five
    or more (or none), so the office's row minus its shown months reveals no small group."""
    shown = {g.key: g.label for g in offices if g.shown}
    rows = list(
        rated.filter(inspection__office_id__in=list(shown))
        .annotate(month=ExtractMonth("rated_on"))
        .values("inspection__office_id", "month")
        .annotate(count=Count("pk"), average=Avg("score"), **_DIST)
        .order_by("inspection__office_id", "month")
    )
    months: list[Group] = []
    for office_id, label in sorted(shown.items(), key=lambda item: item[1]):
        mine = [r for r in rows if r["inspection__office_id"] == office_id]
        groups = [_group((office_id, r["month"]), f"{label} {r['month']} 月", r) for r in mine]
        _complement(groups, {(office_id, r["month"]): r["count"] for r in mine})
        months += groups
    return months


def rating_summary(user, year: int, today: date | None = None) -> dict:
    """By office, by office and month, and by officer, each group of five or more ratings; the
    offices and officers listed are those of the visits the user may see, and each group's
    figures are the same whoever looks. Five queries."""
    rated = counted(year, today)
    visible_offices = set(
        Inspection.objects.visible_to(user)
        .order_by()
        .values_list("office_id", flat=True)
        .distinct()
    )
    office_rows = (
        rated.filter(inspection__office_id__in=visible_offices)
        .values("inspection__office_id", "inspection__office__name")
        .annotate(count=Count("pk"), average=Avg("score"), **_DIST)
        .order_by("inspection__office__name")
    )
    offices = [
        _group(r["inspection__office_id"], r["inspection__office__name"], r) for r in office_rows
    ]
    officer_rows = (
        InspectionMember.objects.filter(
            role__in=[MemberRole.LEAD, MemberRole.MEMBER],
            inspection__office_id__in=visible_offices,
            inspection__ratings__in=rated,
        )
        .values("user_id", "user__display_name", "inspection__office__name")
        .annotate(
            count=Count("inspection__ratings"),
            average=Avg("inspection__ratings__score"),
            **{
                f"s{k}": Count("inspection__ratings", filter=Q(inspection__ratings__score=k))
                for k in range(1, 6)
            },
        )
        .order_by("inspection__office__name", "user__display_name")
    )
    officers = [
        _group(r["user_id"], f"{r['user__display_name']}（{r['inspection__office__name']}）", r)
        for r in officer_rows
    ]
    office_comments(offices, rated)
    return {
        "year": year,
        "cutoff": cutoff(year, today),
        "min_group": MIN_GROUP,
        "offices": offices,
        "months": _office_months(rated, offices),
        "officers": officers,
    }


def office_comments(offices: list[Group], rated: QuerySet) -> None:
    """The comments of each shown office (five or more ratings), as a set: no score, no date,
    no visit, in the order of their text."""
    shown = {g.key: g for g in offices if g.shown}
    for office_id, text in (
        rated.filter(inspection__office_id__in=list(shown))
        .exclude(comment="")
        .order_by("inspection__office_id", "comment")
        .values_list("inspection__office_id", "comment")
    ):
        shown[office_id].comments.append(text)
