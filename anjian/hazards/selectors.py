"""Reads on hazards: scoped lists, the work queue, the timeline and statistics."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from anjian.regions.selectors import Region

from .choices import OPEN_STATES, PLAN_PARTS, Grade, PlanStatus, Source, Status
from .filters import MAJOR_FIRST, HazardFilters
from .models import GovernancePlan, Hazard
from .responsibility import actor_level
from .rules import is_regulator, may_draft_plan
from .workflow import HAZARD_FLOW, PLAN_FLOW, hazard_photos


def hazards_for(user, filters: HazardFilters | None = None) -> QuerySet[Hazard]:
    filters = filters or HazardFilters()
    qs = (
        Hazard.objects.visible_to(user)
        .select_related("enterprise", "sector", "responsible_office")
        .annotate(major_first=MAJOR_FIRST)
    )
    return filters.apply(qs).order_by(*filters.ordering(), "-id")


def hazard_for(user, pk: int) -> Hazard:
    return Hazard.objects.select_related(
        "enterprise",
        "sector",
        "found_by",
        "subcategory",
        "submitted_by",
        "accepted_by",
        "responsible_office",
        "listing_org",
        "acceptance_delegate",
    ).get_visible(user, pk=pk)


def history(hazard: Hazard):
    return HAZARD_FLOW.history(hazard)


def actions_for(user, hazard: Hazard) -> list:
    return HAZARD_FLOW.available(hazard, user)


def _mine(user) -> Q:
    """The hazards that are this user's to work: for a regulator those of his office (or, when
    listed, of his level or delegated to his office); the enterprise sees only its own anyway."""
    if not is_regulator(user):
        return Q()
    office = user.organisation_id
    mine = Q(responsible_office=office, listed=False) | Q(responsible_office__isnull=True)
    level = actor_level(user)
    if level:
        mine |= Q(listed=True, listing_level=level)
    return (
        mine
        | Q(listed=True, acceptance_delegate=office)
        | Q(listed=True, responsible_office=office)
    )


def work_queue(user, limit: int = 50) -> list[Hazard]:
    """待我处理: open hazards on which this user can act now, among those that are his to work."""
    candidates = (
        Hazard.objects.visible_to(user)
        .filter(status__in=OPEN_STATES)
        .filter(_mine(user))
        .select_related("enterprise")
        .annotate(major_first=MAJOR_FIRST)
        .order_by("major_first", F("deadline").asc(nulls_last=True), "id")
    )
    queue = []
    for hazard in candidates.iterator(chunk_size=200):
        actionable = [t for t in actions_for(user, hazard) if t.action in _QUEUE_ACTIONS]
        if actionable:
            hazard.next_actions = actionable
            queue.append(hazard)
            if len(queue) >= limit:
                break
    return queue


_QUEUE_ACTIONS = {"confirm", "submit", "accept"}


def oversight(user, limit: int = 20) -> dict | None:
    """督导: what a regulator oversees in his area but does not work himself — the open,
    overdue and listed hazards of the offices below him (None for everybody else)."""
    if not is_regulator(user):
        return None
    today = timezone.localdate()
    others = Hazard.objects.visible_to(user).filter(status__in=OPEN_STATES).exclude(_mine(user))
    counts = others.aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(deadline__lt=today)),
        listed=Count("id", filter=Q(listed=True)),
        major=Count("id", filter=Q(grade=Grade.MAJOR)),
    )
    watch = (
        others.filter(Q(listed=True) | Q(deadline__lt=today) | Q(grade=Grade.MAJOR))
        .select_related("enterprise", "responsible_office")
        .annotate(major_first=MAJOR_FIRST)
        .order_by("major_first", F("deadline").asc(nulls_last=True), "id")[:limit]
    )
    return {"counts": counts, "hazards": list(watch)}


def return_reason(hazard: Hazard) -> str:
    """The reason of the last 退回整改, while the hazard is back in rectification."""
    if hazard.status != Status.RECTIFYING:
        return ""
    last = history(hazard).exclude(action__in=("extend", "list", "unlist", "delegate")).last()
    return last.comment if last is not None and last.action == "reject" else ""


def enterprise_summary(user, enterprise) -> dict:
    qs = Hazard.objects.visible_to(user).filter(enterprise=enterprise)
    counts = qs.aggregate(
        open=Count("id", filter=Q(status__in=OPEN_STATES)),
        major_open=Count("id", filter=Q(status__in=OPEN_STATES, grade=Grade.MAJOR)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATES, deadline__lt=timezone.localdate())),
        closed=Count("id", filter=Q(status=Status.CLOSED)),
    )
    recent = qs.exclude(status=Status.VOIDED).order_by("-found_at")[:5]
    return {"counts": counts, "recent": list(recent), "enterprise": enterprise}


# ---- statistics ---------------------------------------------------------------------------

RATE_DEFINITIONS = {
    "rectification_rate": "整改率 = 已销号数 ÷ 已确认数（确认后进入整改的隐患，不含作废）",
    "on_time_rate": "按期整改率 = 在整改期限内提交整改并销号的数量 ÷ 已销号数",
}


def _rate(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def statistics(user, filters: HazardFilters) -> dict:
    """Counts, rates and funds for the filtered hazards — one aggregate query per breakdown."""
    base = filters.apply(Hazard.objects.visible_to(user)).exclude(status=Status.VOIDED)
    today = timezone.localdate()
    totals = base.aggregate(
        total=Count("id"),
        confirmed=Count("id", filter=Q(confirmed_at__isnull=False)),
        closed=Count("id", filter=Q(status=Status.CLOSED)),
        on_time=Count("id", filter=Q(status=Status.CLOSED, submitted_at__date__lte=F("deadline"))),
        overdue=Count("id", filter=Q(status__in=OPEN_STATES, deadline__lt=today)),
        major=Count("id", filter=Q(grade=Grade.MAJOR)),
        major_open=Count("id", filter=Q(grade=Grade.MAJOR, status__in=OPEN_STATES)),
        listed=Count("id", filter=Q(listed=True, status__in=OPEN_STATES)),
        funds=Sum("cost"),
    )
    totals["funds"] = totals["funds"] or Decimal("0")
    totals["rectification_rate"] = _rate(totals["closed"], totals["confirmed"])
    totals["on_time_rate"] = _rate(totals["on_time"], totals["closed"])
    return {
        "totals": totals,
        "definitions": RATE_DEFINITIONS,
        "by_status": _by(base, "status", dict(Status.choices)),
        "by_grade": _by(base, "grade", {**dict(Grade.choices), "": "未定级"}),
        "by_source": _by(base, "source", dict(Source.choices)),
        "by_sector": _by(base, "sector__name", None),
        "by_region": _by_region(user, base, filters),
    }


def _by(qs, field: str, labels: dict | None) -> list[dict]:
    rows = qs.values(field).annotate(count=Count("id")).order_by("-count", field)
    return [
        {
            "key": r[field],
            "label": str(labels.get(r[field], r[field])) if labels else r[field],
            "count": r["count"],
        }
        for r in rows
    ]


def _by_region(user, qs, filters: HazardFilters) -> list[dict]:
    """Counts by the next level down (e.g. townships of a district), rates included."""
    metrics = {
        "count": Count("id"),
        "closed": Count("id", filter=Q(status=Status.CLOSED)),
        "confirmed": Count("id", filter=Q(confirmed_at__isnull=False)),
        "overdue": Count("id", filter=Q(status__in=OPEN_STATES, deadline__lt=timezone.localdate())),
    }
    return [
        {
            "key": child["prefix"],
            "label": child["name"],
            "count": r.get("count", 0),
            "closed": r.get("closed", 0),
            "overdue": r.get("overdue", 0),
            "rectification_rate": _rate(r.get("closed", 0), r.get("confirmed", 0)),
        }
        for child, r in _per_child(user, qs, filters, metrics)
    ]


def _per_child(user, qs, filters: HazardFilters, metrics: dict) -> list[tuple[Any, Any]]:
    """Each region one level down with its metrics (empty where it has no hazard)."""
    children = _child_regions(user, filters)
    if not children:
        return []
    child = Substr("region_code", 1, len(children[0]["prefix"]))
    rows = qs.annotate(child=child).values("child").annotate(**metrics)
    found = {r["child"]: r for r in rows}
    return [(c, found.get(c["prefix"], {})) for c in children]


_CHILD_LEVEL = {0: ("province",), 2: ("city",), 4: ("county",), 6: ("township",), 9: ("village",)}


def report_table(user, filters: HazardFilters) -> list[dict]:
    """Rows of the statistics report: one per subordinate region, then 合计."""
    base = filters.apply(Hazard.objects.visible_to(user)).exclude(status=Status.VOIDED)
    today = timezone.localdate()
    metrics = {
        "general": Count("id", filter=Q(grade=Grade.GENERAL)),
        "general_closed": Count("id", filter=Q(grade=Grade.GENERAL, status=Status.CLOSED)),
        "general_confirmed": Count("id", filter=Q(grade=Grade.GENERAL, confirmed_at__isnull=False)),
        "major": Count("id", filter=Q(grade=Grade.MAJOR)),
        "major_closed": Count("id", filter=Q(grade=Grade.MAJOR, status=Status.CLOSED)),
        "major_confirmed": Count("id", filter=Q(grade=Grade.MAJOR, confirmed_at__isnull=False)),
        "major_planned": Count("id", filter=Q(grade=Grade.MAJOR, plan__isnull=False)),
        "listed": Count("id", filter=Q(listed=True, status__in=OPEN_STATES)),
        "overdue": Count("id", filter=Q(status__in=OPEN_STATES, deadline__lt=today)),
        "funds": Sum("cost"),
    }
    rows = [_report_row(c["name"], r) for c, r in _per_child(user, base, filters, metrics)]
    rows.append(_report_row("合计", base.aggregate(**metrics)))
    return rows


def _report_row(name: str, r: dict) -> dict:
    get = lambda k: r.get(k) or 0  # noqa: E731
    return {
        "region": name,
        "general": get("general"),
        "general_closed": get("general_closed"),
        "general_rate": _rate(get("general_closed"), get("general_confirmed")),
        "major": get("major"),
        "major_closed": get("major_closed"),
        "major_rate": _rate(get("major_closed"), get("major_confirmed")),
        "major_planned": get("major_planned"),
        "listed": get("listed"),
        "overdue": get("overdue"),
        "funds": r.get("funds") or Decimal("0"),
    }


def _child_regions(user, filters: HazardFilters) -> list[Mapping[str, Any]]:
    from anjian.standards.region_code import jurisdiction_prefix

    scope_prefix = filters.region or user.scope.region_prefix or ""
    prefix = jurisdiction_prefix(scope_prefix) if scope_prefix else ""
    return sorted(
        Region.objects.filter(
            prefix__startswith=prefix, level__in=_CHILD_LEVEL.get(len(prefix), ())
        )
        .exclude(prefix=prefix)
        .values("prefix", "name"),
        key=lambda c: c["prefix"],
    )


def plan_of(hazard: Hazard) -> GovernancePlan:
    """The hazard's 治理方案, or an unsaved empty draft when none was begun."""
    return GovernancePlan.objects.filter(hazard=hazard).first() or GovernancePlan(
        hazard=hazard, version=0
    )


def plan_detail(user, hazard: Hazard) -> dict:
    plan = plan_of(hazard)
    actions = [t.action for t in PLAN_FLOW.available(plan, user)] if plan.pk else []
    if may_draft_plan(user, hazard) and plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        actions.insert(0, "edit")
    return {
        "hazard": hazard.pk,
        "required": hazard.grade == Grade.MAJOR,
        "status": plan.status,
        **{key: getattr(plan, key) for key, _ in PLAN_PARTS},
        "review_comment": plan.review_comment,
        "submitted_at": plan.submitted_at,
        "reviewed_at": plan.reviewed_at,
        "version": plan.version,
        "documents": list(hazard_photos(hazard, "plan").values_list("pk", flat=True)),
        "actions": actions if hazard.grade == Grade.MAJOR and hazard.status in OPEN_STATES else [],
    }


def staged_photos(user, ids: list[int]) -> list:
    """Photos this user uploaded and has not yet bound to a record (kept across a refusal)."""
    from anjian.core.models import Attachment

    if not ids:
        return []
    return list(Attachment.objects.filter(pk__in=ids, uploaded_by=user, content_type__isnull=True))
