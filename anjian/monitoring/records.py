"""The monitoring lists declared on the record layer: points with their latest values, alarms."""

from __future__ import annotations

from anjian.core.records.tables import Col
from anjian.core.records.types import FilterField, PageAction, RecordType

from . import selectors, services
from .choices import AlarmStatus, PointState
from .filters import AlarmFilters, PointFilters
from .forms import GatewayTokenForm
from .thresholds import labelled

CELLS = "monitoring/cells/"


def regulator(user) -> bool:
    return user.scope.is_government


def _prepare_points(points, user) -> None:
    shown = regulator(user)
    for point in points:
        point.threshold_list = labelled(point)
        point.regulated = shown


def _points_page(request, point_filters) -> dict:
    """The alarm button's count, and the enterprise's own gateway tokens."""
    user = request.user
    filters = AlarmFilters(status=AlarmStatus.OPEN)
    gateway = None
    if services.may_issue_token(user):
        tokens = selectors.gateway_tokens(user.scope.enterprise_id)
        gateway = {"tokens": tokens, "form": GatewayTokenForm()}
    return {"open_alarms": selectors.alarms_for(user, filters).count(), "gateway": gateway}


POINTS = RecordType(
    name="point",
    namespace="monitoring",
    list_name="points",
    detail_url="",
    title="监测点",
    pretitle="重大危险源在线监测",
    noun="监测点",
    unit="个",
    filters=PointFilters,
    rows=selectors.points_for,
    view_perm="monitoring.view_monitoringpoint",
    filter_fields=[
        FilterField("enterprise", "企业", kind="picker", picker="enterprise"),
        FilterField("source", "重大危险源", kind="hidden"),
    ],
    columns=[
        Col("name", "监测点", template=CELLS + "point_name.html", optional=False),
        Col(
            "enterprise",
            "企业 / 单元",
            value="enterprise.name",
            sub="source.name",
            show="lg",
            when=regulator,
        ),
        Col("last_value", "最新值", template=CELLS + "point_value.html", optional=False),
        Col("state", "状态", badge=PointState, optional=False),
        Col("thresholds", "报警阈值", template=CELLS + "thresholds.html", show="md"),
        Col("last_ts", "数据时间", template=CELLS + "point_time.html", show="xl"),
    ],
    prepare=_prepare_points,
    row_attrs=lambda point: {"class": f"state-{point.state}"},
    context=_points_page,
    list_template="monitoring/points.html",
    styles=("monitoring/monitoring.css",),
)


def _prepare_alarms(alarms, user) -> None:
    allowed = services.may_acknowledge(user)
    for alarm in alarms:
        alarm.may_acknowledge = allowed


def _alarms_page(request, filters) -> dict:
    """The tabs, the statistics per enterprise, and whether the acknowledge dialog is there."""
    user = request.user
    return {
        "tabs": [("open", "报警中"), ("closed", "已恢复"), ("", "全部")],
        "status": request.GET.get("status", "open"),
        "stats": selectors.alarm_stats(user),
        "can_acknowledge": services.may_acknowledge(user),
    }


ALARMS = RecordType(
    name="alarm",
    namespace="monitoring",
    list_name="alarms",
    detail_url="alarm",
    title="报警",
    pretitle="在线监测",
    noun="报警",
    filters=AlarmFilters,
    rows=selectors.alarms_for,
    view_perm="monitoring.view_alarm",
    filter_fields=[
        FilterField("status", "状态", AlarmStatus),
        FilterField("enterprise", "企业", kind="picker", picker="enterprise"),
        FilterField("point", "监测点", kind="hidden"),
    ],
    columns=[
        Col("point", "监测点", template=CELLS + "alarm_point.html", optional=False),
        Col("kind", "类型", template=CELLS + "alarm_kind.html", optional=False),
        Col("values", "极值 / 阈值", template=CELLS + "alarm_values.html", show="sm"),
        Col("opened_at", "报警 / 恢复", template=CELLS + "alarm_times.html", show="md"),
        Col("acknowledged", "确认", template=CELLS + "alarm_ack.html", optional=False),
    ],
    actions=[PageAction("监测点", "monitoring:points", "activity")],
    prepare=_prepare_alarms,
    context=_alarms_page,
    list_template="monitoring/alarms.html",
    styles=("monitoring/monitoring.css",),
)
