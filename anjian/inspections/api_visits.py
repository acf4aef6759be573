"""API of the inspections app's visits part: `GET/POST /inspections`, `GET /inspections/{id}`,
`POST /inspections/{id}/transitions`, `POST /inspections/{id}/findings`."""

from __future__ import annotations

from ninja import Router, Status

from anjian.core import attachments
from anjian.core.errors import Forbidden, Invalid
from anjian.core.records import api as records_api
from anjian.core.schemas import ERRORS, ErrorOut

from . import selectors_visits, services_caps, services_visits
from .models import HazardDescription
from .records_visits import InspectionFilters
from .schemas_visits import (
    FindingIn,
    FindingOut,
    InspectionDetailOut,
    InspectionIn,
    InspectionOut,
    InspectionTransitionIn,
)
from .workflow import INSPECTION_FLOW

router = Router(tags=["监督检查"])
WRITE_ERRORS = {**ERRORS, 409: ErrorOut, 412: ErrorOut}


def _detail(user, pk: int):
    inspection = selectors_visits.inspection_for(user, pk)
    inspection.team = [
        {"user": m.user_id, "name": m.user.get_full_name() or m.user.username, "role": m.role}
        for m in selectors_visits.team_of(inspection)
    ]
    inspection.item_rows = [
        {
            "id": i.pk,
            "code": i.code,
            "title": i.title,
            "basis": f"{i.basis_law}{i.basis_article}",
            "major_criterion": i.major_criterion,
        }
        for i in inspection.items.order_by("order", "code")
    ]
    inspection.finding_rows = [_finding(f) for f in selectors_visits.findings_of(inspection)]
    inspection.actions = [t.action for t in INSPECTION_FLOW.available(inspection, user)]
    return inspection


def _finding(finding, photos=None) -> dict:
    if photos is None:
        owner = finding.hazard if finding.hazard_id else finding
        photos = [a.pk for a in attachments.for_objects([owner]).get(str(owner.pk), [])]
    violation = getattr(finding, "violation", None) if finding.becomes == "violation" else None
    return {
        "id": finding.pk,
        "item": finding.item_id,
        "result": finding.result,
        "note": finding.note,
        "description": finding.description_id,
        "text": finding.text,
        "becomes": finding.becomes,
        "hazard": finding.hazard_id,
        "hazard_number": finding.hazard.number if finding.hazard_id else "",
        "violation": violation.pk if violation else None,
        "deadline": finding.deadline,
        "checked_by": finding.checked_by_id,
        "checked_at": finding.checked_at,
        "latitude": finding.latitude,
        "longitude": finding.longitude,
        "photos": photos,
        "version": finding.version,
    }


def _users(ids: list[int], pool, field: str, message: str) -> list:
    found = {u.pk: u for u in pool.filter(pk__in=ids)}
    if len(found) != len(set(ids)):
        raise Invalid(message, field=field)
    return [found[i] for i in dict.fromkeys(ids)]


def _create(user, payload: InspectionIn):
    if not services_visits.may_plan(user):
        raise Forbidden("您无权安排监督检查。")
    enterprise = selectors_visits.enterprise_in_scope(user, payload.enterprise)
    officers = selectors_visits.certified_officers(user.organisation_id or 0, payload.planned_on)
    team = _users(payload.team, officers, "team", "检查人员须是本单位持有效行政执法证的人员。")
    lead = None
    if payload.lead is not None:
        lead = next((u for u in team if u.pk == payload.lead), None)
        if lead is None:
            raise Invalid("主办检查人员须是检查组成员。", field="lead")
    experts = _users(
        payload.experts, selectors_visits.experts(), "experts", "只能选择具有专家角色的人员。"
    )
    items = list(selectors_visits.items_for_enterprise(enterprise).filter(pk__in=payload.items))
    if len(items) != len(set(payload.items)):
        raise Invalid("检查事项不存在或未发布。", field="items")
    joint = selectors_visits.inspections_by_ids(payload.joint)
    try:
        return services_visits.inspection_create(
            actor=user,
            enterprise=enterprise,
            planned_on=payload.planned_on,
            team=team,
            lead=lead,
            experts=experts,
            items=items,
            origin=payload.origin,
            kind=payload.kind,
            unannounced=payload.unannounced,
            basis=payload.basis,
            joint=joint,
        )
    except services_caps.CapReached as refused:
        services_caps.record_refusal(user, refused)
        raise


records_api.add_list(
    router,
    "/inspections",
    out=InspectionOut,
    filters=InspectionFilters,
    rows=selectors_visits.inspections_for,
    name="inspections",
    doc="我能看到的监督检查（企业用户看不到尚未开始的四不两直检查）。按游标分页。",
)
records_api.add_create(
    router,
    "/inspections",
    payload=InspectionIn,
    out=InspectionDetailOut,
    get=_detail,
    create=_create,
    name="inspection_create",
    doc="""安排检查：检查组两名以上本单位持证执法人员（`team`，`lead` 为主办），可带专家、检查事项。

    企业已达年度检查次数上限且无批准的超限检查时返回 422，`message` 说明原因（并记入审计）。
    `joint` 并入其他部门两周内对同一企业安排的检查（联合检查），其检查人员加入本检查组。""",
)
records_api.add_detail(
    router,
    "/inspections/{inspection_id}",
    id_name="inspection_id",
    out=InspectionDetailOut,
    get=_detail,
    name="inspection",
    doc="一次监督检查：检查组、检查事项、检查结果（含照片、转为的隐患或违法行为）和可执行的操作。",
)


def _transition(user, inspection, action, version, data):
    try:
        services_visits.inspection_transition(
            actor=user, inspection=inspection, action=action, expected_version=version, **data
        )
    except services_caps.CapReached as refused:
        services_caps.record_refusal(user, refused)
        raise


records_api.add_transitions(
    router,
    "/inspections/{inspection_id}/transitions",
    id_name="inspection_id",
    payload=InspectionTransitionIn,
    out=InspectionDetailOut,
    get=_detail,
    transition=_transition,
    name="inspection_transition",
    doc="""流转：start（开始检查，可带 lat/lon）/ await_recheck / close / cancel（须 reason）。

    开始检查时企业已达年度上限且无批准的超限检查返回 422 并说明原因。`sign`（现场签字）
    不在此办理：返回 422，请使用检查文书的签字接口，一次签名用于全部文书。""",
)


@router.post("/inspections/{inspection_id}/findings", response={201: FindingOut, **WRITE_ERRORS})
def inspection_finding(request, inspection_id: int, payload: FindingIn):
    """记录一项检查结果（检查组成员，检查中）。`becomes`：hazard 转为隐患（经隐患模块上报，
    来源“监督检查”，双向关联）、violation 转为违法行为线索（待立案）或 null。已转为隐患或
    违法行为的结果不能改变处理方式。修改已记录的结果带 `version`，已被他人修改返回 412。"""
    user = request.user
    inspection = selectors_visits.inspection_for(user, inspection_id)
    item = selectors_visits.item_of(inspection, payload.item) if payload.item else None
    description = None
    if payload.description is not None:
        description = HazardDescription.objects.filter(pk=payload.description).first()
        if description is None:
            raise Invalid("所选标准隐患描述不存在。", field="description")
    finding = services_visits.finding_record(
        actor=user,
        inspection=inspection,
        item=item,
        result=payload.result,
        note=payload.note,
        description=description,
        text=payload.text,
        photos=payload.photos,
        becomes=payload.becomes or "",
        deadline=payload.deadline,
        facts=payload.facts,
        provision=payload.provision,
        lat=payload.lat,
        lon=payload.lon,
        expected_version=payload.version,
    )
    return Status(201, _finding(finding))
