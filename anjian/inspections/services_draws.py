"""Writes of the draws part: officers' profiles, their declared conflicts (回避), and the
双随机 draw in two presses: commit (the seed's hash is published, the seed kept encrypted and
shown nowhere) and reveal (the draw is run, published, and its inspections planned).
Every write checks the right and the office, and is audited; the seed never enters the audit
log before it is revealed."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from anjian.accounts.models import User
from anjian.core import audit, numbering
from anjian.core.errors import Conflict, Forbidden, Invalid
from anjian.enterprises.models import Enterprise
from anjian.standards import StandardsError
from anjian.standards import random_draw as rd

from . import selectors_draws, services_caps, services_visits
from .choices import DrawStatus, Kind, Origin
from .models import Draw, InspectionPlan, InspectorConflict, InspectorProfile

CERTIFICATE = re.compile(r"[0-9A-Z]{8,20}")
MAX_COUNT = 200


def _own_office(actor) -> int:
    if actor.organisation_id is None:
        raise Forbidden("您的账号未归属执法单位。")
    return actor.organisation_id


def profile_save(
    *,
    actor,
    user: User,
    certificate_number: str,
    expires_on: date | None,
    is_active: bool = True,
) -> InspectorProfile:
    """登记或修改执法人员: only for a user of the actor's own office."""
    if not actor.has_perm("inspections.change_inspectorprofile"):
        raise Forbidden("您无权维护执法人员库。")
    if user.organisation_id != _own_office(actor):
        raise Invalid("只能登记本单位的人员。", field="user")
    number = (certificate_number or "").strip().upper()
    if not CERTIFICATE.fullmatch(number):
        raise Invalid(
            "行政执法证号应为 8 至 20 位数字或大写字母，请按执法证上的号码填写。",
            field="certificate_number",
        )
    if expires_on is None:
        raise Invalid("请填写执法证有效期。", field="certificate_expires_on")
    with transaction.atomic():
        profile = InspectorProfile.objects.select_for_update().filter(user=user).first()
        before = (
            None
            if profile is None
            else {
                "certificate_number": profile.certificate_number,
                "expires_on": str(profile.certificate_expires_on),
                "is_active": profile.is_active,
            }
        )
        profile = profile or InspectorProfile(user=user)
        profile.certificate_number = number
        profile.certificate_expires_on = expires_on
        profile.is_active = bool(is_active)
        profile.full_clean()
        profile.save()
        audit.record(
            "inspector.profile_save",
            actor=actor,
            obj=profile,
            before=before,
            after={
                "user": user.get_username(),
                "certificate_number": number,
                "expires_on": str(expires_on),
                "is_active": profile.is_active,
            },
        )
    return profile


def conflict_declare(*, actor, enterprise: Enterprise, reason: str) -> InspectorConflict:
    """申报回避: an officer declares, for themselves, a conflict with an enterprise."""
    if not actor.has_perm("inspections.add_inspectorconflict"):
        raise Forbidden("您无权申报回避。")
    if not Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists():
        raise Invalid("所选企业不存在或不在您的管辖范围内。", field="enterprise")
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise Invalid("请写明回避理由（如亲属在该企业任职）。", field="reason")
    with transaction.atomic():
        if InspectorConflict.objects.filter(user=actor, enterprise=enterprise).exists():
            raise Invalid(f"您已申报与{enterprise.name}回避。", field="enterprise")
        conflict = InspectorConflict.objects.create(
            user=actor, enterprise=enterprise, reason=reason[:200]
        )
        audit.record(
            "inspector.conflict_declare",
            actor=actor,
            obj=conflict,
            after={"enterprise": enterprise.name, "reason": conflict.reason},
        )
    return conflict


def _clean_filters(pool_filters: dict[str, Any] | None) -> dict[str, str]:
    filters = {}
    for key, value in (pool_filters or {}).items():
        if key not in selectors_draws.FILTER_KEYS:
            raise Invalid(f"不认识的抽取条件：{key}。", field="pool_filters")
        if value not in (None, ""):
            filters[key] = str(value).strip()[:30]
    if filters.get("key") not in (None, "yes", "no"):
        raise Invalid("“是否重点检查企业”应为 yes 或 no。", field="pool_filters")
    return filters


def _check_sizes(count: int, team_size: int, experts_per_team: int) -> None:
    if not 1 <= count <= MAX_COUNT:
        raise Invalid(f"抽取企业数应在 1 至 {MAX_COUNT} 之间。", field="count")
    if team_size < rd.MIN_TEAM_SIZE:
        raise Invalid("每个检查组至少两名执法人员。", field="team_size")
    if experts_per_team < 0:
        raise Invalid("每组专家数不能为负数。", field="experts_per_team")


def draw_commit(
    *,
    actor,
    title: str,
    pool_filters: dict[str, Any] | None,
    count: int,
    team_size: int,
    experts_per_team: int = 0,
    plan: InspectionPlan | None = None,
    planned_on: date | None = None,
    seed: str | None = None,
) -> Draw:
    """发起抽取: fix the pool and publish the seed's commitment. `seed` is for the documented
    demo only; otherwise a fresh secret seed is made here."""
    if not actor.has_perm("inspections.add_draw"):
        raise Forbidden("您无权发起双随机抽取。")
    office = actor.organisation
    if office is None or office.enterprise_id is not None:
        raise Forbidden("只有执法单位的人员可以发起抽取。")
    title = (title or "").strip()
    if not title:
        raise Invalid("请填写抽查任务名称。", field="title")
    _check_sizes(count, team_size, experts_per_team)
    filters = _clean_filters(pool_filters)
    planned_on = planned_on or timezone.localdate()
    if plan is not None and not InspectionPlan.objects.visible_to(actor).filter(pk=plan.pk):
        raise Invalid("所选计划不存在或不在您的管辖范围内。", field="plan")
    pool = _staffable(
        selectors_draws.build_pool(
            actor, office, filters, plan, on=planned_on, experts=experts_per_team > 0
        ),
        team_size,
    )
    seed = seed or rd.new_seed()
    with transaction.atomic():
        year, n = numbering.allocate(f"draw-{office.pk}", year=planned_on.year)
        number = f"{office.name}〔{year}〕抽{n}号"
        raw = {
            "draw": number,
            "enterprises": [{"id": e["id"], "weight": e["weight"]} for e in pool.enterprises],
            "count": count,
            "inspectors": [{"id": i["id"], "lead_ok": i["lead_ok"]} for i in pool.inspectors],
            "team_size": team_size,
            "conflicts": pool.conflicts,
            "last_lead": pool.last_lead,
            "experts": [{"id": e["id"]} for e in pool.experts],
            "experts_per_team": experts_per_team,
            "expert_conflicts": pool.expert_conflicts,
            "filters": filters,
        }
        try:
            inputs = rd.normalize(raw)
        except StandardsError as error:
            raise Invalid(_pool_message(error, pool), field=error.field) from None
        draw = Draw.objects.create(
            number=number,
            office=office,
            region_code=office.region_code,
            plan=plan,
            title=title[:100],
            pool_filters=filters,
            inputs=inputs,
            inputs_digest=rd.inputs_digest(inputs),
            algorithm=rd.ALGORITHM,
            commitment=rd.commitment(seed),
            seed=seed,
            count=count,
            team_size=team_size,
            experts_per_team=experts_per_team,
            planned_on=planned_on,
            committed_at=timezone.now(),
            committed_by=actor,
        )
        audit.record(
            "draw.commit",
            actor=actor,
            obj=draw,
            after={
                "number": number,
                "pool": len(pool.enterprises),
                "excluded_at_cap": pool.excluded_at_cap,
                "excluded_for_conflicts": pool.unstaffable,
                "count": count,
                "team_size": team_size,
                "commitment": draw.commitment,
                "inputs_digest": draw.inputs_digest,
            },
        )
    return draw


def _staffable(pool: selectors_draws.Pool, team_size: int) -> selectors_draws.Pool:
    """Leave out the enterprises that so many officers are recused from that no team of
    `team_size` can go there: they are named in the audit event, like those at their cap."""
    recused: dict[int, int] = {}
    for _officer, enterprise in pool.conflicts:
        recused[enterprise] = recused.get(enterprise, 0) + 1
    officers = len(pool.inspectors)
    keep = [e for e in pool.enterprises if officers - recused.get(e["id"], 0) >= team_size]
    left = {e["id"] for e in keep}
    return replace(
        pool,
        enterprises=keep,
        unstaffable=[e["name"] for e in pool.enterprises if e["id"] not in left],
        conflicts=[pair for pair in pool.conflicts if pair[1] in left],
        expert_conflicts=[pair for pair in pool.expert_conflicts if pair[1] in left],
        last_lead=[pair for pair in pool.last_lead if pair[0] in left],
    )


def _pool_message(error: StandardsError, pool) -> str:
    if error.field in ("enterprises", "count") and not pool.enterprises:
        return "按所选条件没有可抽取的企业（已达年度检查上限的企业不参加抽取）。"
    if error.field == "inspectors" and not pool.inspectors:
        return "本单位执法人员库中没有持有效执法证的人员，无法组成检查组。"
    return f"无法按所选条件抽取：{error.message}"


def draw_reveal(*, actor, draw: Draw) -> Draw:
    """开奖并公开: run the draw with the committed seed, store and publish the result, and plan
    one inspection per pick. All or nothing: a pick meanwhile at its cap fails the reveal."""
    if not actor.has_perm("inspections.add_draw"):
        raise Forbidden("您无权开奖。")
    if actor.organisation_id != draw.office_id:
        raise Forbidden("只有发起抽取的单位可以开奖。")
    try:
        return _reveal(actor, draw)
    except services_caps.CapReached as exc:
        services_caps.record_refusal(actor, exc)
        raise Invalid(f"开奖未完成，未生成任何检查：{exc.message}", field="enterprise") from None


def _reveal(actor, draw: Draw) -> Draw:
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=draw.pk)
        if draw.status != DrawStatus.COMMITTED:
            raise Conflict("该抽取已开奖。")
        try:
            result = rd.run(draw.inputs, draw.seed).as_dict()
        except StandardsError as error:
            raise Invalid(
                f"按公布的输入和种子无法组成检查组：{error.message}请重新发起抽取。",
                field=error.field,
            ) from None
        result.pop("explanation", None)
        draw.result = result
        draw.status = DrawStatus.REVEALED
        draw.revealed_at = timezone.now()
        draw.save(update_fields=["result", "status", "revealed_at", "updated_at"])
        people = _users_of(draw.inputs)
        enterprises = Enterprise.objects.in_bulk([p["enterprise"] for p in result["picks"]])
        for pick in result["picks"]:
            services_visits.inspection_create(
                actor=actor,
                enterprise=enterprises[pick["enterprise"]],
                planned_on=draw.planned_on or timezone.localdate(),
                team=[people[i] for i in pick["inspectors"]],
                lead=people[pick["lead"]],
                experts=[people[i] for i in pick["experts"]],
                origin=Origin.DRAW,
                kind=Kind.ROUTINE,
                basis=f"双随机抽查 {draw.number}",
                draw=draw,
                plan=draw.plan,
            )
        audit.record(
            "draw.reveal",
            actor=actor,
            obj=draw,
            after={"number": draw.number, "seed": draw.seed, "picks": result["picks"]},
        )
    return draw


def _users_of(inputs: dict[str, Any]) -> dict[int, User]:
    ids = [i["id"] for i in inputs.get("inspectors", [])] + [
        e["id"] for e in inputs.get("experts", [])
    ]
    return User.objects.in_bulk(ids)
