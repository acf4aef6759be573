"""Reads of the draws part: the office's officers and their conflicts (回避), the pool of a
random draw (bounded queries whatever the pool's size), the draws a user may see and the
public form of a draw (一公开)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import OuterRef, Q, Subquery

from anjian.accounts.choices import OrgKind
from anjian.accounts.models import Organisation, User
from anjian.core.scoping import within_region
from anjian.enterprises.choices import OperatingStatus
from anjian.enterprises.models import Enterprise
from anjian.standards import StandardsError
from anjian.standards import random_draw as rd
from anjian.standards.inspection import draw_weight
from anjian.standards.region_code import jurisdiction_prefix

from . import selectors_caps
from .choices import DrawStatus, MemberRole, Status
from .models import (
    Draw,
    EnterpriseClass,
    Inspection,
    InspectionMember,
    InspectorConflict,
    InspectorProfile,
)

EXPIRY_WARNING_DAYS = 60
FILTER_KEYS = ("region", "sector", "category", "risk_grade", "key")


def officers_of(office_id: int) -> list[InspectorProfile]:
    """执法人员库: the profiles of the office's users, by name."""
    return list(
        InspectorProfile.objects.filter(user__organisation_id=office_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def office_users_without_profile(office_id: int) -> list[User]:
    return list(
        User.objects.filter(organisation_id=office_id, is_active=True, inspector_profile=None)
        .exclude(roles__is_expert=True)
        .order_by("username")
    )


def office_users(office_id: int):
    """The office's active users who may hold a law-enforcement certificate (not experts)."""
    return (
        User.objects.filter(organisation_id=office_id, is_active=True)
        .exclude(roles__is_expert=True)
        .order_by("username")
    )


def profile_in_office(office_id: int, user_id: str) -> InspectorProfile | None:
    """An officer's profile, only if they belong to the office."""
    if not user_id.isdigit():
        return None
    return InspectorProfile.objects.filter(
        user_id=int(user_id), user__organisation_id=office_id
    ).first()


def conflicts_of_office(office_id: int) -> list[InspectorConflict]:
    return list(
        InspectorConflict.objects.filter(user__organisation_id=office_id)
        .select_related("user", "enterprise")
        .order_by("-declared_at")
    )


def conflicts_of_user(user_id: int) -> list[InspectorConflict]:
    return list(
        InspectorConflict.objects.filter(user_id=user_id)
        .select_related("enterprise")
        .order_by("-declared_at")
    )


def expires_soon(profile: InspectorProfile, today: date) -> bool:
    expiry = profile.certificate_expires_on
    return expiry is not None and (expiry - today).days <= EXPIRY_WARNING_DAYS


def bulk_usage(enterprise_ids: list[int], year: int) -> dict[int, tuple[int, int]]:
    """{enterprise id: (cap, used)}, counted as `selectors_caps.usages` counts; an approved,
    unused override adds one to the cap."""
    return {
        pk: (u.cap + u.overrides, u.used)
        for pk, u in selectors_caps.usages(enterprise_ids, year).items()
    }


@dataclass(frozen=True)
class Pool:
    """What a draw is made from, before the seed is known."""

    enterprises: list[dict[str, Any]]  # {"id", "weight", "name"}
    excluded_at_cap: list[str]  # names of enterprises left out for their yearly cap
    inspectors: list[dict[str, Any]]  # {"id", "lead_ok", "name"}
    conflicts: list[list[int]]
    last_lead: list[list[int]]
    experts: list[dict[str, Any]]
    expert_conflicts: list[list[int]]
    unstaffable: list[str] = field(default_factory=list)  # names: too many officers recused


def pool_enterprises(actor, office: Organisation, filters: dict[str, str], plan, year: int):
    """The enterprises the filters select in the actor's scope, under the office's region."""
    rows = Enterprise.objects.visible_to(actor).filter(
        within_region("region_code", jurisdiction_prefix(office.region_code))
    )
    if filters.get("region"):
        rows = rows.filter(within_region("region_code", jurisdiction_prefix(filters["region"])))
    if filters.get("sector"):
        rows = rows.filter(sector__code=filters["sector"])
    if filters.get("risk_grade"):
        rows = rows.filter(risk_grade=filters["risk_grade"])
    if filters.get("category"):
        classed = EnterpriseClass.objects.filter(year=year, category=filters["category"])
        rows = rows.filter(pk__in=classed.values("enterprise_id"))
    if plan is not None and filters.get("key") in ("yes", "no"):
        keys = plan.key_enterprises.values("pk")
        rows = rows.filter(pk__in=keys) if filters["key"] == "yes" else rows.exclude(pk__in=keys)
    return rows.exclude(status__in=(OperatingStatus.CLOSED, OperatingStatus.DEREGISTERED))


def _weights(rows: list[Enterprise], year: int) -> dict[int, int]:
    """From the enterprise's class of the year when classed, else from the rules over its facts."""
    stored = dict(
        EnterpriseClass.objects.filter(enterprise__in=rows, year=year).values_list(
            "enterprise_id", "weight"
        )
    )
    weights = {}
    for enterprise in rows:
        if stored.get(enterprise.pk):
            weights[enterprise.pk] = stored[enterprise.pk]
            continue
        facts = {
            "sector": enterprise.sector.code if enterprise.sector_id else "",
            "risk_grade": enterprise.risk_grade or None,
            "standardization_grade": enterprise.standardization_grade or None,
        }
        try:
            weights[enterprise.pk] = draw_weight(facts).weight
        except StandardsError:
            weights[enterprise.pk] = 1  # a sector whose scheme needs facts we do not hold
    return weights


def drawable_officers(office: Organisation, on: date):
    """执法人员名录库 of a draw: the officers holding a certificate valid on `on`, of the office
    and of the township stations under its jurisdiction. Sector departments (住建, 交通…) are
    enforcement agencies of their own: they draw their own teams (a joint draw of several
    departments is a separate arrangement, not mixed in here)."""
    prefix = jurisdiction_prefix(office.region_code)
    return (
        InspectorProfile.objects.filter(user__is_active=True, is_active=True)
        .filter(
            Q(user__organisation_id=office.pk)
            | (
                within_region("user__organisation__region_code", prefix)
                & Q(user__organisation__kind=OrgKind.STATION)
            )
        )
        .exclude(certificate_expires_on__lt=on)
        .select_related("user")
        .order_by("user_id")
    )


def build_pool(actor, office, filters, plan, *, on: date, experts: bool) -> Pool:
    last_lead = (
        InspectionMember.objects.filter(inspection__enterprise=OuterRef("pk"), role=MemberRole.LEAD)
        .exclude(inspection__status=Status.CANCELLED)
        .order_by("-inspection__planned_on", "-inspection_id")
        .values("user_id")[:1]
    )
    rows = list(
        pool_enterprises(actor, office, filters, plan, on.year)
        .select_related("sector")
        .annotate(last_lead=Subquery(last_lead))
        .order_by("pk")
    )
    usage = bulk_usage([e.pk for e in rows], on.year)
    full = {pk for pk, (cap, used) in usage.items() if used >= cap}
    open_rows = [e for e in rows if e.pk not in full]
    weights = _weights(open_rows, on.year)
    officers = drawable_officers(office, on)
    inspectors = [
        {"id": p.user_id, "lead_ok": True, "name": p.user.get_full_name() or p.user.username}
        for p in officers
    ]
    ids = [e.pk for e in open_rows]
    people = [i["id"] for i in inspectors]
    conflicts = InspectorConflict.objects.filter(user_id__in=people, enterprise_id__in=ids)
    expert_rows = (
        User.objects.filter(organisation_id=office.pk, is_active=True, roles__is_expert=True)
        .distinct()
        .order_by("pk")
        if experts
        else User.objects.none()
    )
    expert_list = [{"id": u.pk, "name": u.get_full_name() or u.username} for u in expert_rows]
    expert_conflicts = InspectorConflict.objects.filter(
        user_id__in=[e["id"] for e in expert_list], enterprise_id__in=ids
    )
    return Pool(
        enterprises=[{"id": e.pk, "weight": weights[e.pk], "name": e.name} for e in open_rows],
        excluded_at_cap=[e.name for e in rows if e.pk in full],
        inspectors=inspectors,
        conflicts=[[c.user_id, c.enterprise_id] for c in conflicts],
        last_lead=[[e.pk, e.last_lead] for e in open_rows if e.last_lead in people],
        experts=expert_list,
        expert_conflicts=[[c.user_id, c.enterprise_id] for c in expert_conflicts],
    )


def draws_visible_to(user):
    return Draw.objects.visible_to(user).select_related("office").order_by("-committed_at")


def public_draws():
    """一公开: every draw, newest first: a committed one with its commitment and pool (the
    commitment is public before the reveal), a revealed one with its seed and result too."""
    return (
        Draw.objects.filter(voided_at__isnull=True)
        .select_related("office")
        .order_by("-committed_at", "-pk")
    )


def public_draw(key: str) -> Draw | None:
    rows = public_draws()
    found = rows.filter(number=key).first()
    if found is None and key.isdigit():
        found = rows.filter(pk=int(key)).first()
    return found


def names_of(draw: Draw) -> dict[str, dict[int, str]]:
    """Names of the enterprises and people a draw's inputs name (public registration data and
    the officers' names, which 双随机 results publish)."""
    inputs = draw.inputs or {}
    enterprise_ids = [e["id"] for e in inputs.get("enterprises", [])]
    people = [i["id"] for i in inputs.get("inspectors", [])] + [
        e["id"] for e in inputs.get("experts", [])
    ]
    return {
        "enterprises": dict(
            Enterprise.objects.filter(pk__in=enterprise_ids).values_list("pk", "name")
        ),
        "people": {
            u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=people)
        },
    }


def public_record(draw: Draw) -> dict[str, Any]:
    """The draw as published: everything needed to re-run it; the seed only once revealed."""
    revealed = draw.status == DrawStatus.REVEALED
    names = names_of(draw)
    return {
        "number": draw.number,
        "title": draw.title,
        "office": draw.office.name,
        "algorithm": draw.algorithm,
        "committed_at": draw.committed_at.isoformat(),
        "revealed_at": draw.revealed_at.isoformat() if draw.revealed_at else None,
        "commitment": draw.commitment,
        "inputs_digest": draw.inputs_digest,
        "inputs": draw.inputs,
        "seed": draw.seed if revealed else None,
        "result": draw.result if revealed else None,
        "names": {
            "enterprises": {str(k): v for k, v in names["enterprises"].items()},
            "people": {str(k): v for k, v in names["people"].items()},
        },
    }


def draw_rows(draw: Draw) -> dict[str, Any]:
    """The pool and the picks of a draw with names, for its pages."""
    names = names_of(draw)
    inputs = draw.inputs or {}
    pool = [
        {"name": names["enterprises"].get(e["id"], f"#{e['id']}"), **e}
        for e in inputs.get("enterprises", [])
    ]
    picks = []
    if draw.status == DrawStatus.REVEALED and draw.result:
        people = names["people"]
        for pick in draw.result.get("picks", []):
            picks.append(
                {
                    "enterprise": names["enterprises"].get(pick["enterprise"], "?"),
                    "lead": people.get(pick["lead"], "?"),
                    "members": [people.get(i, "?") for i in pick["inspectors"][1:]],
                    "experts": [people.get(i, "?") for i in pick.get("experts", [])],
                }
            )
    return {"pool": pool, "picks": picks, "officers": len(inputs.get("inspectors", []))}


def inspections_of(draw: Draw):
    return Inspection.objects.filter(draw=draw).select_related("enterprise").order_by("pk")


def verify_published(record: dict[str, Any]) -> rd.VerifyOutcome:
    """Re-run a draw as published (the public JSON, or a stored draw's `public_record`): the
    seed against its commitment, the inputs against their digest, the picks against the re-run."""
    if not isinstance(record, dict):
        return rd.VerifyOutcome(False, ["文件内容不是抽取数据对象。"], "核验未通过。")
    if not record.get("seed") or not record.get("result"):
        reason = "该抽取尚未开奖，种子未公开，无法重算。"
        return rd.VerifyOutcome(False, [reason], f"核验未通过：{reason}")
    outcome = rd.verify(
        record.get("inputs") or {},
        record["seed"],
        str(record.get("commitment") or ""),
        record["result"],
    )
    published = record.get("inputs_digest")
    try:
        actual = rd.inputs_digest(record.get("inputs") or {})
    except StandardsError:
        actual = None
    if published and actual and published != actual:
        reason = f"公布的输入摘要 {published} 与按公布的输入计算的 {actual} 不符。"
        reasons = [*outcome.reasons, reason]
        return rd.VerifyOutcome(False, reasons, outcome.explanation.rstrip("。") + "；" + reason)
    return outcome
