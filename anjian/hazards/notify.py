"""Who hears about a hazard, and when (notifications are sent when the transaction commits)."""

from __future__ import annotations

from anjian.accounts.selectors import User, enterprise_staff
from anjian.core.notifications import notify
from anjian.enterprises.selectors import nearest_offices

from .choices import Grade, Source


def enterprise_users(hazard, roles: tuple[str, ...] = ("ent_safety_manager", "ent_principal")):
    return enterprise_staff(hazard.enterprise_id).filter(roles__code__in=roles).distinct()


def _office_users(orgs):
    return User.objects.filter(is_active=True, organisation__in=orgs, grid__isnull=True)


def supervisors(hazard):
    """The responsible office (or, when the registry names none, the nearest offices)."""
    if hazard.responsible_office_id:
        return _office_users([hazard.responsible_office_id])
    offices = nearest_offices(hazard.enterprise)
    return _office_users(offices["territorial"] + offices["sector"])


def acceptors(hazard):
    if hazard.listed:
        offices = [hazard.listing_org_id, hazard.acceptance_delegate_id]
        return _office_users([o for o in offices if o])
    if hazard.source == Source.SELF_CHECK and hazard.grade == Grade.GENERAL:
        return enterprise_users(hazard).exclude(pk=hazard.submitted_by_id)
    return supervisors(hazard)


def oversight(hazard):
    """The supervising office of a listing and the territorial office one level up: who hears
    of listings, escalations, overdue major hazards and closures."""
    offices = [o.pk for o in nearest_offices(hazard.enterprise)["escalation"]]
    if hazard.listing_org_id:
        offices.append(hazard.listing_org_id)
    return _office_users(offices)


def _people(*groups) -> list:
    seen: dict[int, object] = {}
    for group in groups:
        for person in group:
            seen.setdefault(person.pk, person)
    return list(seen.values())


def link(hazard) -> str:
    return f"/hazards/{hazard.pk}/"


def on_report(hazard) -> None:
    people = list(enterprise_users(hazard)) + list(supervisors(hazard))
    notify(
        [p for p in people if p.pk != hazard.found_by_id],
        title=f"新隐患 {hazard.number}：{hazard.enterprise.name}",
        body=hazard.description[:120],
        link=link(hazard),
    )


# What the enterprise hears after confirm, reject and extend, with the deadline.
NEWS = {
    "confirm": "已确认，请按期整改",
    "reject": "验收未通过，已退回整改",
    "extend": "整改期限已延长",
}


def after_transition(hazard, record) -> None:
    action, number, url = record.action, hazard.number, link(hazard)
    if action in NEWS:
        body = f"整改期限：{hazard.deadline:%Y-%m-%d}" if hazard.deadline else ""
        notify(
            enterprise_users(hazard),
            title=f"隐患 {number} {NEWS[action]}",
            body=body,
            link=url,
            level="warning",
        )
    elif action == "submit":
        notify(
            acceptors(hazard),
            title=f"隐患 {number} 已整改，待验收",
            body=hazard.enterprise.name,
            link=url,
        )
    elif action == "accept":
        notify(
            _people(enterprise_users(hazard), oversight(hazard)),
            title=f"隐患 {number} 已验收销号",
            body=hazard.enterprise.name,
            link=url,
        )
    elif action == "list":
        notify(
            _people(enterprise_users(hazard), supervisors(hazard), oversight(hazard)),
            title=f"重大隐患 {number} 已挂牌督办",
            body=f"{hazard.get_listing_level_display()}督办，督办单位 {hazard.listing_office}，"
            f"期限 {hazard.listing_due:%Y-%m-%d}",
            link=url,
            level="danger",
        )
    elif action in ("unlist", "delegate"):
        office = hazard.acceptance_delegate.name if hazard.acceptance_delegate_id else ""
        notify(
            _people(supervisors(hazard), oversight(hazard)),
            title=f"重大隐患 {number} "
            + ("已解除挂牌督办" if action == "unlist" else f"委托{office}验收"),
            body=record.comment[:120],
            link=url,
        )


PLAN_NEWS = {
    "approve": ("治理方案已同意", "success"),
    "return": ("治理方案被退回修改", "warning"),
}


def after_plan_transition(plan, record) -> None:
    hazard = plan.hazard
    url = link(hazard)
    if record.action == "submit":
        notify(
            supervisors(hazard),
            title=f"重大隐患 {hazard.number} 治理方案待审查",
            body=hazard.enterprise.name,
            link=url,
        )
        return
    title, level = PLAN_NEWS[record.action]
    notify(
        enterprise_users(hazard),
        title=f"重大隐患 {hazard.number} {title}",
        body=record.comment[:120],
        link=url,
        level=level,
    )


def escalation_targets(hazard):
    """The territorial office one government level up (overdue major hazards)."""
    return _office_users(nearest_offices(hazard.enterprise)["escalation"])
