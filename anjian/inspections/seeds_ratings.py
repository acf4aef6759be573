"""Demo data of the inspections app's ratings part: 东湖区应急管理局 with six finished visits, each
rated once (enough for its aggregates to show), one of them with the demo expert on the team;
and 西山区应急管理局 with a single rated visit, whose rating must never be shown anywhere."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from anjian.core import numbering
from anjian.core.seed import SeedContext, demo_step

from . import services_experts
from .choices import MemberRole, Origin, Status
from .models import Inspection, InspectionItem, InspectionMember, VisitRating
from .selectors_caps import usage
from .services_ratings import voter_key
from .services_visits import NUMBER_FORMAT

# enterprise index (anjian.enterprises.seeds.DEMO_ENTERPRISES), score, comment
EAST_VISITS = [
    (4, 5, "检查人员出示了执法证，讲解清楚。"),
    (5, 4, "检查细致，指出的问题都有依据。"),
    (7, 5, "没有影响正常生产，效率高。"),
    (8, 3, "检查时间比通知的晚了一些。"),
    (10, 5, "廉洁规范，没有吃拿卡要。"),
    (12, 4, ""),
]
LONE_VISIT = (13, 2, "唯一一条评价：枫林采石场检查组迟到一小时")
LONE_COMMENT = LONE_VISIT[2]  # the tests look for it in every response
# Fixed codes, so the guide and the role matrix can name them (letters of CODE_ALPHABET).
EAST_CODES = [f"DHJC{n}KPRST" for n in range(2, 8)]
LONE_CODE = "XSJC2KPRST"


def _last_month(today):
    first = today.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def _visit(enterprise, office_id: int, team: list, day, code: str, *, unannounced: bool):
    moment = timezone.make_aware(datetime.combine(day, time(9, 30)))
    inspection = Inspection.objects.create(
        enterprise=enterprise,
        number=numbering.next_number("inspection", year=day.year, fmt=NUMBER_FORMAT),
        office_id=office_id,
        origin=Origin.PLAN,
        basis="《中华人民共和国安全生产法》第六十五条；本单位年度监督检查计划",
        unannounced=unannounced,
        planned_on=day,
        status=Status.CLOSED,
        started_at=moment,
        finished_at=moment + timedelta(hours=2),
        visit_code=code,
        created_by=team[0],
    )
    InspectionMember.objects.bulk_create(
        InspectionMember(
            inspection=inspection,
            user=user,
            role=MemberRole.LEAD if n == 0 else MemberRole.MEMBER,
        )
        for n, user in enumerate(team)
    )
    items = list(InspectionItem.objects.order_by("pk")[:3])
    if items:
        inspection.items.set(items)
    return inspection


def _has_room(enterprise, year: int) -> bool:
    return not usage(enterprise.pk, year).full


@demo_step(75, "检查码评价")
def demo_ratings(ctx: SeedContext) -> None:
    if VisitRating.objects.exists():
        return
    with transaction.atomic():  # the visits' numbers are allocated in a transaction
        _seed(ctx)


def _seed(ctx: SeedContext) -> None:
    users, enterprises = ctx.data["users"], ctx.data["enterprises"]
    month = _last_month(timezone.localdate())
    east_team = [users["district"], users["inspector2"]]
    for n, (index, score, comment) in enumerate(EAST_VISITS):
        enterprise, day = enterprises[index], month + timedelta(days=n)
        if not _has_room(enterprise, day.year):
            continue
        office_id = users["district"].organisation_id
        visit = _visit(enterprise, office_id, east_team, day, EAST_CODES[n], unannounced=n < 2)
        if n == 0:
            InspectionMember.objects.create(
                inspection=visit, user=users["expert"], role=MemberRole.EXPERT
            )
            services_experts.assign(visit)
        VisitRating.objects.create(
            inspection=visit,
            score=score,
            comment=comment,
            voter_key=voter_key(-(n + 1), visit.pk),  # stands for the enterprise's staff
            rated_on=day + timedelta(days=1),
        )
    index, score, comment = LONE_VISIT
    west_team = [users["district_b"], users["city"]]
    enterprise, day = enterprises[index], month + timedelta(days=9)
    if _has_room(enterprise, day.year):
        office_id = users["district_b"].organisation_id
        visit = _visit(enterprise, office_id, west_team, day, LONE_CODE, unannounced=False)
        VisitRating.objects.create(
            inspection=visit,
            score=score,
            comment=comment,
            voter_key=voter_key(-100, visit.pk),
            rated_on=day + timedelta(days=1),
        )
