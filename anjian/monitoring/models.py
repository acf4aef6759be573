"""Online monitoring of major hazard sources: points, readings, rollups, alarms, gateway tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anjian.core.records.models import EnterpriseRecord

from .choices import AlarmCause, AlarmStatus, PointKind, PointState


class MonitoringPoint(EnterpriseRecord):
    """监测点: a sensor on a unit (temperature, pressure, level, gas…) with its alarm thresholds."""

    source = models.ForeignKey(
        "risks.MajorHazardSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points",
        verbose_name=_("重大危险源"),
    )
    code = models.CharField(_("监测点编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=PointKind)
    unit = models.CharField(_("计量单位"), max_length=20)
    low_low = models.FloatField(_("低低报"), null=True, blank=True)
    low = models.FloatField(_("低报"), null=True, blank=True)
    high = models.FloatField(_("高报"), null=True, blank=True)
    high_high = models.FloatField(_("高高报"), null=True, blank=True)
    offline_minutes = models.PositiveIntegerField(_("无数据多少分钟视为离线"), default=10)
    state = models.CharField(
        _("状态"), max_length=10, choices=PointState, default=PointState.NORMAL
    )
    last_value = models.FloatField(_("最新值"), null=True, blank=True)
    last_ts = models.DateTimeField(_("最新数据时间"), null=True, blank=True)

    State = PointState

    class Meta:
        verbose_name = _("监测点")
        verbose_name_plural = _("监测点")
        ordering = ["enterprise", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Reading(models.Model):
    """实时数据: one value of one point at one time (narrow, append-only)."""

    id = models.BigAutoField(primary_key=True)
    point = models.ForeignKey(
        MonitoringPoint, on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    ts = models.DateTimeField()
    value = models.FloatField()

    class Meta:
        verbose_name = _("实时数据")
        verbose_name_plural = _("实时数据")
        indexes = [models.Index(fields=["point", "ts"], name="reading_point_ts_idx")]

    def __str__(self) -> str:
        return f"{self.point_id}@{self.ts:%Y-%m-%d %H:%M:%S}={self.value}"


class Rollup(models.Model):
    """降采样: min/max/sum/count of a point per minute or per hour, for charts and retention."""

    point = models.ForeignKey(MonitoringPoint, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=6, choices=[("minute", "分钟"), ("hour", "小时")])
    bucket = models.DateTimeField()
    minimum = models.FloatField()
    maximum = models.FloatField()
    total = models.FloatField()
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("降采样数据")
        verbose_name_plural = _("降采样数据")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "period", "bucket"], name="rollup_bucket_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.point_id} {self.period} {self.bucket:%Y-%m-%d %H:%M}"

    @property
    def average(self) -> float:
        return self.total / self.count if self.count else 0.0


class Alarm(EnterpriseRecord):
    """报警: one excursion of a point beyond its thresholds (or silence), from open to normal."""

    point = models.ForeignKey(MonitoringPoint, on_delete=models.PROTECT, related_name="alarms")
    kind = models.CharField(_("报警类型"), max_length=10, choices=PointState)
    status = models.CharField(
        _("状态"), max_length=10, choices=AlarmStatus, default=AlarmStatus.OPEN
    )
    opened_at = models.DateTimeField(_("报警时间"))
    closed_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    first_value = models.FloatField(_("触发值"), null=True, blank=True)
    peak_value = models.FloatField(_("极值"), null=True, blank=True)
    threshold = models.FloatField(_("阈值"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    cause = models.CharField(_("原因"), max_length=12, choices=AlarmCause, blank=True)
    disposal_note = models.TextField(_("处置情况"), blank=True)

    Status = AlarmStatus
    Kind = PointState

    class Meta:
        verbose_name = _("报警")
        verbose_name_plural = _("报警")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["region_code", "status", "opened_at"], name="alarm_list_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["point"],
                condition=Q(status="open") & ~Q(kind="offline"),
                name="one_open_threshold_alarm_per_point",
            ),
            models.UniqueConstraint(
                fields=["point"],
                condition=Q(status="open", kind="offline"),
                name="one_open_offline_alarm_per_point",
            ),
        ]
        permissions = [("acknowledge_alarm", "可确认报警")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}报警 {self.opened_at:%Y-%m-%d %H:%M}"


class GatewayToken(models.Model):
    """数据网关令牌: lets a plant's gateway post readings of that enterprise's points only."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("网关名称"), max_length=60)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("数据网关令牌")
        verbose_name_plural = _("数据网关令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
