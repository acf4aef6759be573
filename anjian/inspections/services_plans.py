"""Writes of the plans part: classifying enterprises (分类分级) and the yearly inspection plan
(年度监督检查计划) of an office. Each checks the right and the scope and is audited."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from anjian.accounts.models import Organisation
from anjian.core import audit
from anjian.core.errors import Forbidden, Invalid, NotFound, PreconditionFailed, Problems
from anjian.core.scoping import within_region
from anjian.enterprises.models import Enterprise
from anjian.standards.region_code import jurisdiction_prefix

from . import rules_plans, selectors_caps, selectors_plans, services_caps
from .choices import PlanStatus
from .models import EnterpriseClass, InspectionPlan
from .workflow_plans import PLAN_FLOW

MIN_YEAR, MAX_YEAR = 2000, 2100


def _check_year(year: int) -> int:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid(f"年度应在 {MIN_YEAR}–{MAX_YEAR} 之间。", field="year")
    return year


def classify(*, actor, enterprises: Iterable[Enterprise], year: int) -> list[EnterpriseClass]:
    """评定监管类别: each enterprise's class, cap and draw weight for the year from the rules,
    kept per year (re-running replaces the year's class). Out-of-scope enterprises are refused
    as missing. A fixed number of queries whatever the number of enterprises."""
    if not actor.has_perm("inspections.classify_enterprise"):
        raise Forbidden("您无权评定企业监管类别。")
    _check_year(year)
    ids = {e.pk for e in enterprises}
    found = list(
        Enterprise.objects.visible_to(actor)
        .filter(pk__in=ids, voided_at__isnull=True)
        .select_related("sector")
        .order_by("id")
    )
    if len(found) != len(ids):
        raise NotFound("所选企业不存在或不在您的管辖范围内。")
    facts = selectors_plans.facts_of(actor, found)
    scheme = rules_plans.scheme()
    with transaction.atomic():
        existing = {
            row.enterprise_id: row
            for row in EnterpriseClass.objects.select_for_update().filter(
                enterprise_id__in=ids, year=year
            )
        }
        fresh: list[EnterpriseClass] = []
        changed: list[EnterpriseClass] = []
        for enterprise in found:
            # bulk_create skips EnterpriseRecord.save: the scope is copied here from the row read
            row = existing.get(enterprise.pk) or EnterpriseClass(
                enterprise=enterprise,
                year=year,
                region_code=enterprise.region_code,
                sector_id=enterprise.sector_id,
                grid_id=enterprise.grid_id,
                created_by=actor,
            )
            _fill(row, scheme, facts[enterprise.pk])
            row.updated_by = actor
            (changed if row.pk else fresh).append(row)
        EnterpriseClass.objects.bulk_create(fresh, batch_size=500)
        fields = ["scheme", "category", "cap", "weight", "explanation", "updated_by", "updated_at"]
        EnterpriseClass.objects.bulk_update(changed, fields, batch_size=500)
        counts = Counter(row.category for row in (*fresh, *changed))
        audit.record(
            "inspection.classify",
            actor=actor,
            object_type="inspections.enterpriseclass",
            object_id=year,
            after={"year": year, "scheme": scheme, "enterprises": len(found), **counts},
        )
    return [*fresh, *changed]


def _fill(row: EnterpriseClass, scheme: str, facts: dict[str, Any]) -> None:
    found = rules_plans.draw_weight(facts)
    klass = found.supervision_class
    row.scheme = scheme
    row.category = klass.category
    row.cap = klass.cap
    row.weight = found.weight
    row.explanation = f"{klass.explanation}\n{found.explanation}"
    row.updated_at = timezone.now()


def classify_jurisdiction(*, actor, year: int) -> list[EnterpriseClass]:
    """One press: every enterprise in the actor's scope."""
    if not actor.has_perm("inspections.classify_enterprise"):
        raise Forbidden("您无权评定企业监管类别。")
    mine = Enterprise.objects.visible_to(actor).filter(voided_at__isnull=True).only("id")
    return classify(actor=actor, enterprises=list(mine), year=year)


# -- the yearly plan --------------------------------------------------------------------------


def may_add(user) -> bool:
    return user.has_perm("inspections.add_inspectionplan") and user.organisation_id is not None


def may_change(user, plan: InspectionPlan) -> bool:
    return (
        plan.status == PlanStatus.DRAFT
        and user.has_perm("inspections.change_inspectionplan")
        and user.organisation_id == plan.office_id
    )


def _quotas(value, problems: Problems) -> list[int]:
    if value in (None, "", []):
        return [0] * 12
    if not isinstance(value, list | tuple) or len(value) != 12:
        problems.add("monthly_quotas", "每月检查数量应为 12 个数字（1 月至 12 月）。")
        return []
    try:
        quotas = [int(v) for v in value]
    except (TypeError, ValueError):
        problems.add("monthly_quotas", "每月检查数量应为整数。")
        return []
    if any(q < 0 or q > 10000 for q in quotas):
        problems.add("monthly_quotas", "每月检查数量应在 0–10000 之间。")
    return quotas


def _key_enterprises(actor, plan_office: Organisation, ids: Sequence[int], problems: Problems):
    wanted = set(ids)
    found = list(
        Enterprise.objects.visible_to(actor).filter(
            within_region("region_code", jurisdiction_prefix(plan_office.region_code)),
            pk__in=wanted,
            voided_at__isnull=True,
        )
    )
    if len(found) != len(wanted):
        problems.add("key_enterprises", "所选重点检查企业不存在或不在本单位管辖范围内。")
    return found


def _refuse_full(actor, plan: InspectionPlan, added: list[Enterprise]) -> None:
    """A key enterprise already at its cap, with no override waiting, is refused with why."""
    for enterprise in added:
        current = selectors_caps.usage(enterprise.pk, plan.year)
        if current.full and not current.overrides:
            exc = services_caps.CapReached(
                enterprise,
                plan.year,
                "不能列为重点检查企业：" + selectors_caps.refusal(enterprise, plan.year, current),
            )
            exc.details["field"] = "key_enterprises"
            raise exc


def _validated(actor, office: Organisation, data: dict[str, Any]) -> dict[str, Any]:
    problems = Problems()
    title = str(data.get("title") or "").strip()
    if not title:
        problems.add("title", "请填写计划名称。")
    elif len(title) > 100:
        problems.add("title", "计划名称不超过 100 个字。")
    year = data.get("year")
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        problems.add("year", f"年度应在 {MIN_YEAR}–{MAX_YEAR} 之间。")
    quotas = _quotas(data.get("monthly_quotas"), problems)
    special = str(data.get("special_checks") or "").strip()
    if len(special) > 4000:
        problems.add("special_checks", "专项检查安排不超过 4000 个字。")
    keys = _key_enterprises(actor, office, list(data.get("key_enterprises") or []), problems)
    problems.raise_if_any()
    return {
        "title": title,
        "year": year,
        "monthly_quotas": quotas,
        "special_checks": special,
        "keys": keys,
    }


def plan_create(*, actor, data: dict[str, Any]) -> InspectionPlan:
    """编制年度计划: a draft of the actor's own office for a year (one per office and year)."""
    if not may_add(actor):
        raise Forbidden("您无权编制年度监督检查计划。")
    office = actor.organisation
    clean = _validated(actor, office, data)
    try:
        return _create(actor, office, clean)
    except services_caps.CapReached as exc:
        services_caps.record_refusal(actor, exc)
        raise
    except IntegrityError as exc:  # a concurrent create of the same office and year won
        raise Invalid(f"{office.name} {clean['year']} 年度计划已存在。", field="year") from exc


def _create(actor, office: Organisation, clean: dict[str, Any]) -> InspectionPlan:
    with transaction.atomic():
        if InspectionPlan.objects.filter(office=office, year=clean["year"]).exists():
            raise Invalid(f"{office.name} {clean['year']} 年度计划已存在。", field="year")
        plan = InspectionPlan.objects.create(
            office=office,
            region_code=office.region_code,
            year=clean["year"],
            title=clean["title"],
            monthly_quotas=clean["monthly_quotas"],
            special_checks=clean["special_checks"],
            created_by=actor,
            updated_by=actor,
        )
        _refuse_full(actor, plan, clean["keys"])
        plan.key_enterprises.set(clean["keys"])
        PLAN_FLOW.start(plan, actor, key_enterprises=len(clean["keys"]))
    return plan


def plan_update(
    *, actor, plan: InspectionPlan, data: dict[str, Any], version: int | None = None
) -> InspectionPlan:
    """修改计划: only a draft, only by its office; a stale version is refused (412)."""
    if not may_change(actor, plan):
        raise Forbidden("只有本单位可修改编制中的年度计划。")
    clean = _validated(actor, plan.office, {**data, "year": plan.year})
    try:
        return _update(actor, plan, clean, version)
    except services_caps.CapReached as exc:
        services_caps.record_refusal(actor, exc)
        raise


def _update(actor, plan: InspectionPlan, clean: dict[str, Any], version) -> InspectionPlan:
    with transaction.atomic():
        locked = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        if version is not None and locked.version != version:
            raise PreconditionFailed()
        if locked.status != PlanStatus.DRAFT:
            raise Invalid("计划已提交，不能再修改。", field="status")
        before = set(locked.key_enterprises.values_list("id", flat=True))
        added = [e for e in clean["keys"] if e.pk not in before]
        _refuse_full(actor, locked, added)
        locked.title = clean["title"]
        locked.monthly_quotas = clean["monthly_quotas"]
        locked.special_checks = clean["special_checks"]
        locked.version += 1
        locked.updated_by = actor
        locked.save()
        locked.key_enterprises.set(clean["keys"])
        audit.record(
            "inspectionplan.update",
            actor=actor,
            obj=locked,
            before={"key_enterprises": sorted(before)},
            after={
                "title": locked.title,
                "key_enterprises": sorted(e.pk for e in clean["keys"]),
                "monthly_quotas": locked.monthly_quotas,
            },
        )
    return locked


def plan_transition(*, actor, plan: InspectionPlan, action: str, version=None, **payload):
    return PLAN_FLOW.apply(plan, action, actor, expected_version=version, **payload)


def plan_create_from_form(*, user, data: dict[str, Any]) -> InspectionPlan:
    """The page's create: the default proposal of key enterprises is taken when asked for."""
    data = dict(data)
    if data.pop("propose", False) and may_add(user):
        year = data.get("year")
        if isinstance(year, int):
            proposal = selectors_plans.proposed_key_enterprises(user, user.organisation, year)
            ids = [enterprise.pk for enterprise, _why in proposal]
            found = selectors_caps.usages(ids, year)
            # those already at their cap are left out
            data["key_enterprises"] = [
                pk for pk in ids if not found[pk].full or found[pk].overrides
            ]
    return plan_create(actor=user, data=data)


def plan_update_from_form(*, user, obj: InspectionPlan, data: dict[str, Any], version=None):
    keys = list(obj.key_enterprises.values_list("id", flat=True))
    return plan_update(
        actor=user, plan=obj, data={**data, "key_enterprises": keys}, version=version
    )


def plan_add_key(*, actor, plan: InspectionPlan, enterprise: Enterprise) -> InspectionPlan:
    """列入重点检查企业: refused, with the reason, when the enterprise is at its yearly cap and no
    override waits for it."""
    keys = list(plan.key_enterprises.values_list("id", flat=True))
    if enterprise.pk in keys:
        raise Invalid(f"{enterprise.name} 已是重点检查企业。", field="enterprise")
    data = _plan_data(plan, [*keys, enterprise.pk])
    return plan_update(actor=actor, plan=plan, data=data, version=None)


def plan_remove_key(*, actor, plan: InspectionPlan, enterprise_id: int) -> InspectionPlan:
    keys = [pk for pk in plan.key_enterprises.values_list("id", flat=True) if pk != enterprise_id]
    return plan_update(actor=actor, plan=plan, data=_plan_data(plan, keys), version=None)


def _plan_data(plan: InspectionPlan, keys: list[int]) -> dict[str, Any]:
    return {
        "title": plan.title,
        "monthly_quotas": plan.monthly_quotas,
        "special_checks": plan.special_checks,
        "key_enterprises": keys,
    }
