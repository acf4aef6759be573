"""How many inspections an enterprise has had this year, against its yearly cap (国办发〔2024〕54号).

The cap comes from the enterprise's class for that year (`EnterpriseClass`, set by the class
rules); an enterprise not yet classed has its group's cap for its standardisation grade under
the deployment's scheme (`rules_plans.default_cap`). Counted: every inspection of the
year by its planned date, except cancelled ones and special checks ordered by a higher level,
which the cap does not cover (rules-wave2 §1.4).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from anjian.enterprises.models import Enterprise

from . import rules_plans
from .choices import Kind, Status
from .models import CapOverride, EnterpriseClass, Inspection

DEFAULT_CAP = 2  # rules.md §8: local plans typically cap routine checks at 2 a year
NOT_COUNTED_KINDS = (Kind.HIGHER_SPECIAL,)


@dataclass(frozen=True)
class Usage:
    year: int
    cap: int
    used: int
    category: str  # the class, or "" when the enterprise has none for the year
    overrides: int  # approved checks above the cap not yet used

    @property
    def full(self) -> bool:
        return self.used >= self.cap

    def as_dict(self) -> dict:
        return {"year": self.year, "cap": self.cap, "used": self.used}

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used / self.cap)) if self.cap else 100


def counted_in(year: int):
    """Every inspection of the year that counts against a cap. A task merged into another
    office's visit (联合检查, `joint_with`) is that one visit, counted once."""
    return (
        Inspection.objects.filter(planned_on__year=year, joint_with__isnull=True)
        .exclude(status=Status.CANCELLED)
        .exclude(kind__in=NOT_COUNTED_KINDS)
    )


def counted(enterprise_id: int, year: int):
    return counted_in(year).filter(enterprise_id=enterprise_id)


def usages(enterprise_ids, year: int) -> dict[int, Usage]:
    """The usage of many enterprises in four queries, whatever their number: their classes,
    their counted checks, their waiting overrides, and the sector and grade of the unclassed
    (whose cap is their group's under the deployment's scheme)."""
    ids = list(enterprise_ids)
    classes = {
        row.enterprise_id: row
        for row in EnterpriseClass.objects.filter(enterprise_id__in=ids, year=year).only(
            "enterprise_id", "cap", "category"
        )
    }
    used = dict(
        counted_in(year)
        .filter(enterprise_id__in=ids)
        .values_list("enterprise_id")
        .annotate(n=Count("id"))
        .values_list("enterprise_id", "n")
    )
    waiting = dict(
        CapOverride.objects.filter(
            enterprise_id__in=ids, year=year, used_by__isnull=True, voided_at__isnull=True
        )
        .values_list("enterprise_id")
        .annotate(n=Count("id"))
        .values_list("enterprise_id", "n")
    )
    unclassed = {
        pk: rules_plans.default_cap(sector, grade or "")
        for pk, sector, grade in Enterprise.objects.filter(
            pk__in=[pk for pk in ids if pk not in classes]
        ).values_list("pk", "sector__code", "standardization_grade")
    }
    return {
        pk: Usage(
            year=year,
            cap=classes[pk].cap if pk in classes else unclassed.get(pk, DEFAULT_CAP),
            used=used.get(pk, 0),
            category=classes[pk].category if pk in classes else "",
            overrides=waiting.get(pk, 0),
        )
        for pk in ids
    }


def usage(enterprise_id: int, year: int) -> Usage:
    return usages([enterprise_id], year)[enterprise_id]


def refusal(enterprise, year: int, current: Usage) -> str:
    """The reason a check is refused, in the words the officer reads."""
    klass = f"（{current.category}）" if current.category else "（未评定类别，按默认上限）"
    return (
        f"{enterprise.name} {year} 年度已检查 {current.used} 次，"
        f"达到年度检查次数上限 {current.cap} 次{klass}。"
        "如确需检查，须由有权批准的上级人员具名批准并说明理由。"
    )
