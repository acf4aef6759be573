"""监督检查统计: for one year, by office and month — checks done against the plan's monthly
quotas, key enterprises covered, findings per check, re-checks on time, over-cap refusals and
the unannounced share. Six aggregate queries whatever the number of inspections; Python only
arranges the aggregated rows (offices × 12 months) for the page, the export and the API."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from anjian.core.errors import Forbidden
from anjian.core.models import AuditEvent

from .choices import Result, Status
from .models import Finding, Inspection, InspectionPlan, Recheck

PERMISSION = "inspections.view_inspection_statistics"
DONE = (Status.SIGNED, Status.RECHECKING, Status.CLOSED)
MONTHS = range(1, 13)
DEFINITIONS = {
    "done": "已完成检查：计划检查日期在本年度、已签字（含待复查、已办结）的检查",
    "quota": "计划数：本单位年度监督检查计划的每月检查数量",
    "key_covered": "重点企业覆盖：年度计划中的重点检查企业，本年度至少完成一次检查的家数",
    "findings_per_check": "每次检查发现问题数：不符合项 ÷ 已完成检查",
    "on_time_rate": "按期复查率：本年度到期的复查中，复查时间不晚于复查期限的比例",
    "refusals": "超上限拒绝：本单位人员安排检查因超出年度检查次数上限被拒绝的次数",
    "unannounced_share": "四不两直占比：已完成检查中不事先通知的比例",
}


def quota_of(quotas, month: int) -> int:
    """A plan's quota for a month: its list holds the twelve months in order (a mapping by month
    number is read too); anything missing or unreadable counts as no quota."""
    value = quotas.get(str(month)) if isinstance(quotas, dict) else None
    if isinstance(quotas, list) and len(quotas) >= month:
        value = quotas[month - 1]
    try:
        return max(int(value or 0), 0)
    except (TypeError, ValueError):
        return 0


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _office(office_id: int, name: str) -> dict:
    return {
        "office_id": office_id,
        "office": name,
        "months": [{"month": m, "done": 0, "quota": 0} for m in MONTHS],
        "done": 0,
        "quota": 0,
        "unannounced": 0,
        "key_total": 0,
        "key_covered": 0,
        "findings": 0,
        "rechecks_due": 0,
        "rechecks_on_time": 0,
        "refusals": 0,
    }


def _rates(row: dict) -> dict:
    row["findings_per_check"] = round(row["findings"] / row["done"], 2) if row["done"] else None
    row["on_time_rate"] = _share(row["rechecks_on_time"], row["rechecks_due"])
    row["unannounced_share"] = _share(row["unannounced"], row["done"])
    row["quota_rate"] = _share(row["done"], row["quota"])
    return row


def statistics(user, year: int, today: date | None = None) -> dict:
    if not user.has_perm(PERMISSION):
        raise Forbidden("您无权查看监督检查统计。")
    today = today or timezone.localdate()
    visible = Inspection.objects.visible_to(user).filter(
        planned_on__gte=date(year, 1, 1), planned_on__lte=date(year, 12, 31)
    )
    done = visible.filter(status__in=DONE)
    offices: dict[int, dict] = {}

    def office(office_id: int, name: str) -> dict:
        return offices.setdefault(office_id, _office(office_id, name))

    for r in (
        done.annotate(month=ExtractMonth("planned_on"))
        .values("office_id", "office__name", "month")
        .annotate(n=Count("pk"), unannounced=Count("pk", filter=Q(unannounced=True)))
    ):
        row = office(r["office_id"], r["office__name"])
        row["months"][r["month"] - 1]["done"] = r["n"]
        row["done"] += r["n"]
        row["unannounced"] += r["unannounced"]
    plans = (
        InspectionPlan.objects.visible_to(user)
        .filter(year=year, voided_at__isnull=True)
        .values("office_id", "office__name", "monthly_quotas")
        .annotate(
            key_total=Count("key_enterprises", distinct=True),
            key_covered=Count(
                "key_enterprises",
                distinct=True,
                filter=Q(key_enterprises__in=done.values("enterprise_id")),
            ),
        )
    )
    for p in plans:
        row = office(p["office_id"], p["office__name"])
        for month in MONTHS:
            row["months"][month - 1]["quota"] = quota_of(p["monthly_quotas"], month)
        row["quota"] = sum(m["quota"] for m in row["months"])
        row["key_total"], row["key_covered"] = p["key_total"], p["key_covered"]
    for f in (
        Finding.objects.filter(inspection__in=done, result=Result.NONCONFORM)
        .values("inspection__office_id", "inspection__office__name")
        .annotate(n=Count("pk"))
    ):
        office(f["inspection__office_id"], f["inspection__office__name"])["findings"] = f["n"]
    for c in (
        Recheck.objects.filter(
            inspection__in=Inspection.objects.visible_to(user),
            due_on__gte=date(year, 1, 1),
            due_on__lte=min(date(year, 12, 31), today),
        )
        .values("inspection__office_id", "inspection__office__name")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(done_at__isnull=False, done_at__date__lte=F("due_on"))),
        )
    ):
        row = office(c["inspection__office_id"], c["inspection__office__name"])
        row["rechecks_due"], row["rechecks_on_time"] = c["due"], c["on_time"]
    for a in (
        AuditEvent.objects.filter(
            event_type="inspection.cap_refused",
            at__year=year,
            actor__organisation_id__in=list(offices),
        )
        .values("actor__organisation_id")
        .annotate(n=Count("pk"))
    ):
        offices[a["actor__organisation_id"]]["refusals"] = a["n"]
    rows = sorted(offices.values(), key=lambda r: r["office"])
    total = _office(0, "合计")
    for row in rows:
        _rates(row)
        for key in ("done", "quota", "unannounced", "key_total", "key_covered", "findings"):
            total[key] += row[key]
        for key in ("rechecks_due", "rechecks_on_time", "refusals"):
            total[key] += row[key]
        for month in MONTHS:
            total["months"][month - 1]["done"] += row["months"][month - 1]["done"]
            total["months"][month - 1]["quota"] += row["months"][month - 1]["quota"]
    return {"year": year, "offices": rows, "total": _rates(total), "definitions": DEFINITIONS}
