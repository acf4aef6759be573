"""Writes on monitoring: points, gateway tokens, readings (with alarms), acknowledgements."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from anjian.accounts.selectors import User, enterprise_staff
from anjian.core import audit
from anjian.core.errors import Conflict, Forbidden, Invalid
from anjian.core.notifications import notify
from anjian.core.scoping import ensure_visible
from anjian.enterprises.selectors import Enterprise, nearest_offices

from .choices import AlarmCause, AlarmStatus, PointState
from .ingest import Outcome, ingest
from .models import Alarm, GatewayToken, MonitoringPoint
from .thresholds import THRESHOLDS

GATEWAY_PREFIX = "gw_"


def _editable(actor, enterprise: Enterprise, perm: str) -> None:
    if not actor.has_perm(perm):
        raise Forbidden("您无权维护监测点。")
    if not Enterprise.objects.visible_to(actor).live().filter(pk=enterprise.pk).exists():
        raise Invalid("所选企业不存在或不在您的管辖范围内。", field="enterprise")


def _check_thresholds(point: MonitoringPoint) -> None:
    """低低报 ≤ 低报 < 高报 ≤ 高高报, over the thresholds that are set."""
    lows = [v for v in (point.low_low, point.low) if v is not None]
    highs = [v for v in (point.high, point.high_high) if v is not None]
    in_order = lows == sorted(lows) and highs == sorted(highs)
    if not in_order or (lows and highs and max(lows) >= min(highs)):
        raise Invalid("阈值应满足：低低报 ≤ 低报 < 高报 ≤ 高高报。", field="high")


def point_save(*, actor, point: MonitoringPoint) -> MonitoringPoint:
    creating = point.pk is None
    _editable(
        actor,
        point.enterprise,
        "monitoring.add_monitoringpoint" if creating else "monitoring.change_monitoringpoint",
    )
    if point.source is not None and point.source.enterprise_id != point.enterprise_id:
        raise Invalid("所选重大危险源不属于该企业。", field="source")
    _check_thresholds(point)
    if MonitoringPoint.objects.filter(code=point.code).exclude(pk=point.pk).exists():
        raise Invalid(f"监测点编码 {point.code} 已被使用。", field="code")
    with transaction.atomic():
        point.updated_by = actor
        if creating:
            point.created_by = actor
        else:
            point.version += 1
        point.save()
        ensure_visible(point, actor)
        audit.record(
            "monitoring.point." + ("create" if creating else "update"),
            actor=actor,
            obj=point,
            after={n: getattr(point, n) for n in ("code", "unit", *THRESHOLDS)},
        )
    return point


def may_issue_token(actor) -> bool:
    """Gateway tokens are issued by an enterprise's own people, for their own enterprise."""
    return actor.scope.kind == "enterprise" and actor.has_perm("monitoring.add_gatewaytoken")


def gateway_token_issue(*, actor, enterprise: Enterprise, name: str) -> tuple[str, GatewayToken]:
    """A token for a plant's data gateway; shown once, only its hash is kept."""
    if not may_issue_token(actor) or actor.scope.enterprise_id != enterprise.pk:
        raise Forbidden("只有企业用户可以为本企业签发数据网关令牌。")
    _editable(actor, enterprise, "monitoring.add_gatewaytoken")
    raw = GATEWAY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = GatewayToken.objects.create(
            enterprise=enterprise,
            name=name.strip()[:60] or "数据网关",
            key_hash=hashlib.sha256(raw.encode()).hexdigest(),
            prefix=raw[:10],
        )
        audit.record("monitoring.gateway.issue", actor=actor, obj=token)
    return raw, token


def gateway_enterprise(raw: str) -> int | None:
    if not raw.startswith(GATEWAY_PREFIX):
        return None
    return (
        GatewayToken.objects.filter(
            key_hash=hashlib.sha256(raw.encode()).hexdigest(), revoked_at__isnull=True
        )
        .values_list("enterprise_id", flat=True)
        .first()
    )


def sender_enterprises(user) -> list[int]:
    """The enterprises whose points this user may post readings for (its own enterprise)."""
    if user is None or not user.is_authenticated or not user.has_perm("monitoring.add_reading"):
        return []
    scope = user.scope
    return [scope.enterprise_id] if scope.kind == "enterprise" and scope.enterprise_id else []


NOT_A_SENDER = "只有企业的数据网关或企业用户可以上传监测数据。"


def readings_post(*, batch: list, enterprise_ids: list[int]) -> Outcome:
    if not enterprise_ids:
        raise Forbidden(NOT_A_SENDER)
    outcome = ingest(batch, enterprise_ids=enterprise_ids)
    _notify(outcome)
    return outcome


def _notify(outcome: Outcome) -> None:
    for alarm in outcome.opened + outcome.escalated:
        if alarm.status != AlarmStatus.OPEN:
            continue
        point = alarm.point
        people = list(enterprise_staff(alarm.enterprise_id))
        severe = alarm.kind in (PointState.HIGH_HIGH, PointState.LOW_LOW)
        if severe:
            offices = nearest_offices(point.enterprise)["territorial"]
            people += list(User.objects.filter(is_active=True, organisation__in=offices))
        label = PointState(alarm.kind).label
        notify(
            people,
            title=f"{label}：{point.enterprise.name} {point.name}",
            body=f"{alarm.peak_value:g} {point.unit}（阈值 {alarm.threshold:g}）",
            link=f"/monitoring/alarms/{alarm.pk}/",
            level="danger" if severe else "warning",
            key=f"alarm:{alarm.pk}:{alarm.kind}",
        )


def may_acknowledge(actor) -> bool:
    """Who may acknowledge the alarms they see (the enterprise's people and the regulators)."""
    return actor.has_perm("monitoring.acknowledge_alarm")


def alarm_acknowledge(*, actor, alarm: Alarm, cause: str, note: str = "") -> Alarm:
    if not may_acknowledge(actor):
        raise Forbidden("您无权确认报警。")
    if cause not in AlarmCause.values:
        raise Invalid(
            "原因应为 real（真实报警）、false（误报）或 maintenance（检维修）。", field="cause"
        )
    ensure_visible(alarm, actor)
    with transaction.atomic():
        locked = Alarm.objects.select_for_update().get(pk=alarm.pk)
        if locked.acknowledged_at is not None:
            raise Conflict("该报警已被确认。")
        locked.acknowledged_by, locked.acknowledged_at = actor, timezone.now()
        locked.cause, locked.disposal_note = cause, note.strip()
        locked.save(update_fields=["acknowledged_by", "acknowledged_at", "cause", "disposal_note"])
        audit.record(
            "monitoring.alarm.acknowledge",
            actor=actor,
            obj=locked,
            after={"cause": cause, "note": note.strip()[:200]},
        )
    return locked
