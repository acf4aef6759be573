"""The one-enterprise page (一企一档), revealing personal data, and operating-status changes
(on the record layer's one workflow screen)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from anjian.accounts.selectors import may_open_accounts
from anjian.core import attachments, audit_labels
from anjian.core.maps import tile_settings
from anjian.core.masking import mask_id_number, mask_phone
from anjian.core.records import panels as record_panels
from anjian.core.records.workflow import Screen
from anjian.regions.selectors import Grid, Region, Sector

from . import selectors, services
from .models import Enterprise, KeyPerson, Licence
from .panels import map_marker, usable_location
from .workflow import STATUS_FLOW

LICENCE_STATES = {
    "expired": ("red", "已过期"),
    "expiring": ("orange", "将到期"),
    "valid": ("green", "有效"),
}
EVENT_LABELS = {
    "enterprise.create": "登记企业",
    "enterprise.update": "修改资料",
    "enterprise.move": "迁移（所在区划、网格或监管行业变更）",
    "record.void": "作废",
}
REFS = {"region": Region, "grid": Grid, "sector": Sector}


@login_required
def enterprise_detail(request, pk: int):
    user = request.user
    enterprise = selectors.enterprise_for(user, pk)
    location = usable_location(
        enterprise
    )  # bad stored coordinates: no map rather than a broken one
    marker = map_marker(enterprise) if location.valid and location.longitude is not None else None
    context = {
        "enterprise": enterprise,
        "phones": {name: mask_phone(getattr(enterprise, name)) for name in services.PERSONAL},
        "licences": _licences(user, enterprise),
        "people": _people(user, enterprise),
        "departments": selectors.supervising_departments(enterprise),
        "panels": record_panels.rendered(request, "enterprise", enterprise),
        "history": describe_history(selectors.change_history(enterprise)),
        "status_history": STATUS_FLOW.history(enterprise),
        "status_buttons": SCREEN.buttons(
            enterprise, selectors.status_actions_for(user, enterprise)
        ),
        "can_edit": bool(services.allowed_fields(user, enterprise)),
        "can_open_accounts": may_open_accounts(user, enterprise),
        "can_reveal": user.has_perm("enterprises.view_personal_data"),
        "map_data": {"tiles": tile_settings(), "markers": [marker] if marker else [], "zoom": 14},
    }
    return render(request, "enterprises/detail.html", context)


def _licences(user, enterprise: Enterprise) -> list[Licence]:
    licences = list(selectors.licences_of(user, enterprise))
    scans = attachments.for_objects(licences)
    for licence in licences:
        licence.colour, licence.state_label = LICENCE_STATES[selectors.licence_state(licence)]
        licence.scans = scans[str(licence.pk)]
    return licences


def _people(user, enterprise: Enterprise) -> list[KeyPerson]:
    people = list(selectors.people_of(user, enterprise))
    for person in people:
        person.masked_id = mask_id_number(person.id_number)
        person.masked_phone = mask_phone(person.phone)
    return people


# ---- change history -------------------------------------------------------------------------


def describe_history(events) -> list[dict]:
    """Audit events of the enterprise as rows: when, who, what, and each field before → after."""
    rows = list(events)
    sides = [side for e in rows for side in (e.before or {}, e.after or {})]
    ids = {name: {side[name] for side in sides if side.get(name)} for name in REFS}
    names = {
        name: dict(REFS[name].objects.filter(pk__in=ids[name]).values_list("pk", "name"))
        for name in REFS
        if ids[name]  # a query per kind referred to
    }
    described = []
    for event in rows:
        changes = []
        if event.event_type != "enterprise.create":
            before, after = event.before or {}, event.after or {}
            for name in after:
                was = _value(name, before[name], names) if name in before else None
                changes.append((_label(name), was, _value(name, after[name], names)))
        described.append({"event": event, "label": _event_label(event), "changes": changes})
    return described


def _event_label(event) -> str:
    action = event.event_type.removeprefix(f"{STATUS_FLOW.name}.")
    if action in STATUS_FLOW.by_action:
        return f"状态变更：{STATUS_FLOW.by_action[action].label}"
    return (
        EVENT_LABELS.get(event.event_type)
        or audit_labels.event_label(event.event_type)
        or "其他变更"
    )


def _field(name: str):
    try:
        return Enterprise._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed from the model shows under its own name
        return None


NAMED = {"reason": "原因", "records": "随迁记录", "derived": "按风险点自动评定"}


def _label(name: str) -> str:
    field = _field(name)
    return NAMED.get(name) or (str(field.verbose_name) if field else name)


def _value(name: str, value, names: dict) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if name in REFS:
        return names.get(name, {}).get(value, f"#{value}")
    if name == "records":  # a move: how many records of each kind went with the enterprise
        return "、".join(f"{kind} {n} 条" for kind, n in value.items()) or "无"
    field = _field(name)
    return str(dict(field.flatchoices).get(value, value) if field else value)


# ---- personal data and status ---------------------------------------------------------------


@login_required
@require_POST
def reveal(request, pk: int, field: str, model):
    """One phone or ID number in full, for users with the permission; each view is an audit event."""
    if field not in services.REVEALABLE[model]:
        raise Http404
    if model is Enterprise:
        obj = selectors.enterprise_for(request.user, pk)
    else:
        obj = model.objects.live().get_visible(request.user, pk=pk)
    value = services.personal_data_reveal(actor=request.user, obj=obj, field=field)
    body = format_html(
        '<span class="font-monospace" data-testid="revealed">{}</span>', value or "—"
    )
    response = HttpResponse(body)
    add_never_cache_headers(response)
    return response


def _apply(user, enterprise, action, version, payload):
    return services.enterprise_set_status(
        actor=user, enterprise=enterprise, action=action, expected_version=version, **payload
    )


SCREEN = Screen(
    workflow=STATUS_FLOW,
    namespace="enterprises",
    get=selectors.enterprise_for,
    apply=_apply,
    hints={t: "原因会记入状态变更记录和审计日志。" for t in STATUS_FLOW.by_action},
    title=lambda enterprise: enterprise.name,
)
enterprise_action = SCREEN.view()


@require_POST
def enterprise_status(request, pk: int):
    """The status form's former address: the action comes in the body instead of the URL."""
    return enterprise_action(request, pk=pk, action=request.POST.get("action", ""))
