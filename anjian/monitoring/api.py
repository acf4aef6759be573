from __future__ import annotations

from datetime import datetime

from ninja import ModelSchema, Router, Schema, Status
from ninja.security import HttpBearer
from pydantic import ConfigDict, Field

from anjian.accounts.auth import API_AUTH
from anjian.core.errors import Forbidden, Invalid
from anjian.core.input_guard import parse_json
from anjian.core.records import api as records_api
from anjian.core.schemas import ERRORS, ErrorOut
from anjian.enterprises.selectors import enterprise_for

from . import selectors, services
from .filters import AlarmFilters, PointFilters
from .models import Alarm, MonitoringPoint

router = Router(tags=["在线监测"])


class GatewayToken(HttpBearer):
    """A plant's data gateway: `request.auth` is then the list of its one enterprise."""

    openapi_description = "数据网关令牌（gw_ 开头），只能上传本企业监测点的数据"

    def authenticate(self, request, token: str):
        enterprise_id = services.gateway_enterprise(token)
        return [enterprise_id] if enterprise_id else None


class ReadingsOut(Schema):
    accepted: int
    rejected: list[dict]
    alarms_opened: int
    alarms_closed: int


@router.post(
    "/monitoring/readings",
    auth=[GatewayToken(), *API_AUTH],
    response={200: ReadingsOut, 413: ErrorOut, **ERRORS},
)
def readings(request):
    """上传监测数据：`[{"point": <编码或 id>, "ts": "ISO 8601", "value": 数字}, …]`（或
    `{"readings": [...]}`），每批最多 5000 条。合格的数据全部入库并在同一过程中判断阈值、开启或
    关闭报警；不合格的逐条在 `rejected` 中给出 `{"index": 序号, "reason": 原因}`，不会静默丢弃。"""
    sender = request.auth
    ids = sender if isinstance(sender, list) else services.sender_enterprises(sender)
    if not ids:  # refused before the body is read
        raise Forbidden(services.NOT_A_SENDER)
    body = parse_json(request.body or b"null")
    batch = body.get("readings") if isinstance(body, dict) else body
    if not isinstance(batch, list):
        raise Invalid('请求体应为数据数组，或 {"readings": [...]}。', field="readings")
    outcome = services.readings_post(batch=batch, enterprise_ids=ids)
    return {
        "accepted": outcome.accepted,
        "rejected": outcome.rejected,
        "alarms_opened": len(outcome.opened),
        "alarms_closed": len(outcome.closed),
    }


class PointOut(ModelSchema):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)
    id: int

    class Meta:
        model = MonitoringPoint
        fields = [
            *("id", "code", "name", "enterprise", "source", "kind", "unit"),
            *("low_low", "low", "high", "high_high", "offline_minutes"),
            *("state", "last_value", "last_ts"),
        ]


class PointIn(Schema):
    enterprise: int
    source: int | None = None
    code: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=100)
    kind: str
    unit: str = Field(..., max_length=20)
    low_low: float | None = None
    low: float | None = None
    high: float | None = None
    high_high: float | None = None
    offline_minutes: int = Field(default=10, ge=1, le=1440)


records_api.add_list(
    router,
    "/monitoring/points",
    out=PointOut,
    filters=PointFilters,
    rows=selectors.points_for,
    name="points",
    doc="我辖区内的监测点及其最新值与状态。",
)


@router.post("/monitoring/points", response={201: PointOut, **ERRORS, 409: ErrorOut})
def point_create(request, payload: PointIn):
    """新增监测点（企业）：阈值应满足 低低报 ≤ 低报 < 高报 ≤ 高高报。"""
    data = payload.dict()
    enterprise = enterprise_for(request.user, data.pop("enterprise"))
    point = MonitoringPoint(enterprise=enterprise, source_id=data.pop("source"), **data)
    return Status(201, services.point_save(actor=request.user, point=point))


records_api.add_detail(
    router,
    "/monitoring/points/{ref}",
    id_name="ref",
    id_type=str,
    out=PointOut,
    get=selectors.point_for,
    name="point",
    doc="一个监测点（按 id 或编码）。",
)


@router.get("/monitoring/points/{ref}/series", response={200: dict, **ERRORS})
def point_series(
    request, ref: str, since: datetime, until: datetime | None = None, resolution: str = "auto"
):
    """曲线数据：`resolution` = raw / minute / hour / auto（按时间跨度自动选择），并附阈值。"""
    if resolution not in ("auto", "raw", "minute", "hour"):
        raise Invalid("resolution 应为 auto、raw、minute 或 hour。", field="resolution")
    return selectors.series(selectors.point_for(request.user, ref), since, until, resolution)


class AlarmOut(ModelSchema):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)
    id: int
    point_code: str
    acknowledged_by: str | None
    cause: str
    disposal_note: str

    class Meta:
        model = Alarm
        fields = [
            *("id", "point", "enterprise", "kind", "status", "opened_at", "closed_at"),
            *("first_value", "peak_value", "threshold", "acknowledged_at"),
        ]

    @staticmethod
    def resolve_point_code(obj) -> str:
        return obj.point.code

    @staticmethod
    def resolve_acknowledged_by(obj) -> str | None:
        return obj.acknowledged_by.get_full_name() if obj.acknowledged_by_id else None


class AcknowledgeIn(Schema):
    cause: str = Field(..., description="real / false / maintenance")
    note: str = Field(default="", max_length=2000)


records_api.add_list(
    router,
    "/monitoring/alarms",
    out=AlarmOut,
    filters=AlarmFilters,
    rows=selectors.alarms_for,
    name="alarms",
    doc="报警：`status` = open（阈值越限且未恢复）或 closed；确认信息在单独字段。",
)


@router.get("/monitoring/alarms/stats", response={200: list[dict], **ERRORS})
def alarm_stats(request, enterprise: int | None = None):
    """按企业统计：报警次数、误报占比、平均确认时长（分钟）。"""
    return selectors.alarm_stats(request.user, enterprise=enterprise)


records_api.add_detail(
    router,
    "/monitoring/alarms/{alarm_id}",
    id_name="alarm_id",
    out=AlarmOut,
    get=selectors.alarm_for,
    name="alarm",
    doc="一次报警，含确认信息。",
)


@router.post(
    "/monitoring/alarms/{alarm_id}/acknowledge", response={200: AlarmOut, **ERRORS, 409: ErrorOut}
)
def alarm_acknowledge(request, alarm_id: int, payload: AcknowledgeIn):
    """确认报警：原因（真实报警、误报、检维修）与处置情况。"""
    alarm = selectors.alarm_for(request.user, alarm_id)
    return services.alarm_acknowledge(
        actor=request.user, alarm=alarm, cause=payload.cause, note=payload.note
    )
