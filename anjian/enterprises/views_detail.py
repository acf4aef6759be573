"""The one-enterprise page (一企一档), revealing personal data, and operating-status changes
(on the record layer's one workflow screen)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from anjian.core import attachments
from anjian.core.maps import tile_settings
from anjian.core.masking import mask_id_number, mask_phone
from anjian.core.records import panels as record_panels
from anjian.core.records.workflow import Screen
from anjian.regions.selectors import Grid, Region, Sector

from . import selectors, services
from .models import Enterprise, KeyPerson, Licence
from .panels import map_marker
from .workflow import STATUS_FLOW

LICENCE_STATES = {
    "expired": ("red", "已过期"),
    "expiring": ("orange", "将到期"),
    "valid": ("green", "有效"),
}
EVENT_LABELS = {
    "enterprise.create": "登记企业",
    "enterprise.update": "修改资料",
    "record.void": "作废",
}
REFS = {"region": Region, "grid": Grid, "sector": Sector}
PERSON_FIELDS = ("id_number", "phone")


@login_required
def enterprise_detail(request, pk: int):
    user = request.user
    enterprise = selectors.enterprise_for(user, pk)
    marker = map_marker(enterprise) if enterprise.latitude and enterprise.longitude else None
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
        "can_reveal": selectors.can_see_personal_data(user),
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
    names = _ref_names(rows)
    described = []
    for event in rows:
        changes = []
        if event.event_type != "enterprise.create":
            before, after = event.before or {}, event.after or {}
            for field in after:
                was = _value(field, before[field], names) if field in before else None
                changes.append((_label(field), was, _value(field, after[field], names)))
        described.append({"event": event, "label": _event_label(event), "changes": changes})
    return described


def _event_label(event) -> str:
    prefix = f"{STATUS_FLOW.name}."
    if event.event_type.startswith(prefix):
        transition = STATUS_FLOW.by_action.get(event.event_type[len(prefix) :])
        return f"状态变更：{transition.label}" if transition else event.event_type
    return EVENT_LABELS.get(event.event_type, event.event_type)


def _ref_names(events) -> dict[str, dict]:
    """Names of the regions, grids and sectors the events refer to by id (a query per kind)."""
    ids = defaultdict(set)
    for event in events:
        for side in (event.before or {}, event.after or {}):
            for field in REFS:
                if side.get(field):
                    ids[field].add(side[field])
    return {
        field: dict(REFS[field].objects.filter(pk__in=ids[field]).values_list("pk", "name"))
        for field in REFS
        if ids[field]
    }


def _label(field: str) -> str:
    if field == "reason":
        return "原因"
    try:
        return str(Enterprise._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field since removed from the model shows under its own name
        return field


def _value(field: str, value, names: dict) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if field in REFS:
        return names.get(field, {}).get(value, f"#{value}")
    try:
        choices = dict(Enterprise._meta.get_field(field).flatchoices)
    except FieldDoesNotExist:
        choices = {}
    return str(choices.get(value, value))


# ---- personal data and status ---------------------------------------------------------------


def _revealed(value: str) -> HttpResponse:
    body = format_html(
        '<span class="font-monospace" data-testid="revealed">{}</span>', value or "—"
    )
    response = HttpResponse(body)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def enterprise_reveal(request, pk: int, field: str):
    """One phone in full, for users with the permission; each view is an audit event."""
    if field not in services.PERSONAL:
        raise Http404
    enterprise = selectors.enterprise_for(request.user, pk)
    return _revealed(services.personal_data_reveal(actor=request.user, obj=enterprise, field=field))


@login_required
@require_POST
def person_reveal(request, pk: int, field: str):
    if field not in PERSON_FIELDS:
        raise Http404
    person = KeyPerson.objects.live().get_visible(request.user, pk=pk)
    return _revealed(services.personal_data_reveal(actor=request.user, obj=person, field=field))


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
