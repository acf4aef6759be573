"""Writes on risk points and major hazard sources; every figure comes from anjian.standards."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone

from anjian.core import audit
from anjian.core import rules as standards
from anjian.core.choices import RiskGrade
from anjian.core.errors import Forbidden, Invalid, PreconditionFailed, Problems
from anjian.core.scoping import ensure_visible
from anjian.core.services import record_void
from anjian.enterprises.selectors import Enterprise
from anjian.standards import StandardsError, gb18218, validity
from anjian.standards import risk as risk_rules

from .choices import Method, PointKind, UnitKind
from .models import MajorHazardSource, RiskAssessment, RiskPoint, SourceSubstance
from .workflow import FILING_FLOW

LEVEL_ORDER = [RiskGrade.MAJOR, RiskGrade.LARGER, RiskGrade.GENERAL, RiskGrade.LOW]
EDITABLE_STATES = ("draft", "returned")
REASON_LIMIT = 300  # RiskGrade override reason, as the column holds


def _may_edit(actor, enterprise: Enterprise, perm: str) -> None:
    if not actor.has_perm(perm):
        raise Forbidden("您无权维护该企业的风险信息。")
    if not Enterprise.objects.visible_to(actor).live().filter(pk=enterprise.pk).exists():
        raise Invalid("所选企业不存在或不在您的管辖范围内。", field="enterprise")


def _standards_error(exc: StandardsError) -> Invalid:
    return Invalid(exc.message, field=exc.field)


def assess(method: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """Score, level, class and explanation of one assessment, by the local conventions."""
    result: risk_rules.LecAssessment | risk_rules.LsAssessment
    score: Decimal | int
    try:
        if method == "lec":
            result = standards.lec(L=inputs.get("L"), E=inputs.get("E"), C=inputs.get("C"))
            score, risk_class = result.D, result.risk_class
        elif method == "ls":
            result = standards.ls(L=inputs.get("L"), S=inputs.get("S"))
            score, risk_class = result.R, ""
        else:
            raise Invalid("评价方法应为 lec 或 ls。", field="method")
    except StandardsError as exc:
        raise _standards_error(exc) from exc
    return {
        "score": Decimal(score),
        "level": risk_rules.LEVEL_CODES[result.level],
        "risk_class": risk_class,
        "explanation": result.explanation,
        "control_level": standards.control_level(result.level),
    }


def _stored(obj, name: str):
    """The value of a field as stored (None for a new record)."""
    if obj.pk is None:
        return None
    return type(obj).objects.filter(pk=obj.pk).values_list(name, flat=True).first()


def _check_point(point: RiskPoint, problems: Problems) -> None:
    """Enumerations strictly (no blank, no default), and a next review that lies ahead."""
    if point.kind not in PointKind.values:
        problems.add(
            "kind", "风险点类型应为：" + "、".join(str(x) for x in PointKind.labels) + "。"
        )
    if point.method not in Method.values:
        problems.add("method", "评价方法应为 lec（LEC 法）或 ls（LS 风险矩阵法）。")
    today = timezone.localdate()
    if (
        point.review_on
        and point.review_on < today
        and point.review_on != _stored(point, "review_on")
    ):
        problems.add("review_on", f"下次评审日期不能早于今天（{today}）。")


def _check_source(source: MajorHazardSource, problems: Problems) -> None:
    if source.unit_kind not in UnitKind.values:
        problems.add(
            "unit_kind", "单元类型应为：" + "、".join(str(x) for x in UnitKind.labels) + "。"
        )
    if source.assessed_on and source.assessed_on > timezone.localdate():
        problems.add("assessed_on", "评估日期不能晚于今天。")


def risk_point_save(
    *, actor, point: RiskPoint, inputs: dict[str, Any], expected_version: int | None = None
) -> RiskPoint:
    """Create or re-assess a risk point; each assessment is kept, the enterprise grade follows.

    A re-assessment opened at an older `expected_version` than the stored one is refused (412).
    """
    _may_edit(
        actor, point.enterprise, "risks.change_riskpoint" if point.pk else "risks.add_riskpoint"
    )
    problems = Problems()
    _check_point(point, problems)
    if not problems.has("method"):
        with problems.check():
            outcome = assess(point.method, inputs)
    problems.raise_if_any()
    creating = point.pk is None
    with transaction.atomic():
        if not creating and expected_version is not None:
            rows = RiskPoint.objects.select_for_update().filter(pk=point.pk)
            stored = rows.values_list("version", flat=True).first()
            if stored != expected_version:
                raise PreconditionFailed(current_version=stored)
        point.l_value = Decimal(str(inputs["L"]))
        point.e_value = Decimal(str(inputs["E"])) if inputs.get("E") is not None else None
        point.c_value = Decimal(str(inputs["C"])) if inputs.get("C") is not None else None
        point.s_value = Decimal(str(inputs["S"])) if inputs.get("S") is not None else None
        for name in ("score", "level", "risk_class", "explanation"):
            setattr(point, name, outcome[name])
        point.control_level = point.control_level or outcome["control_level"]
        point.updated_by = actor
        if creating:
            point.created_by = actor
        else:
            point.version += 1
        point.save()
        RiskAssessment.objects.create(
            point=point,
            method=point.method,
            inputs={k: str(v) for k, v in inputs.items()},
            score=point.score,
            level=point.level,
            explanation=point.explanation,
            assessed_by=actor,
        )
        ensure_visible(point, actor)
        audit.record(
            "risk_point.create" if creating else "risk_point.assess",
            actor=actor,
            obj=point,
            after={
                "method": point.method,
                "inputs": inputs,
                "score": point.score,
                "level": point.level,
            },
        )
        refresh_enterprise_grade(point.enterprise, actor=actor)
    return point


def risk_point_void(*, actor, point: RiskPoint, reason: str) -> RiskPoint:
    _may_edit(actor, point.enterprise, "risks.change_riskpoint")
    with transaction.atomic():
        point = record_void(obj=point, reason=reason, actor=actor)
        refresh_enterprise_grade(point.enterprise, actor=actor)
    return point


def derived_grade(enterprise: Enterprise) -> str:
    """The enterprise's risk grade: its highest live risk-point level (低 when it has none)."""
    levels = set(
        RiskPoint.objects.live().filter(enterprise=enterprise).values_list("level", flat=True)
    )
    return next((level for level in LEVEL_ORDER if level in levels), RiskGrade.LOW)


def refresh_enterprise_grade(enterprise: Enterprise, *, actor) -> None:
    if enterprise.risk_grade_override:
        return
    grade = derived_grade(enterprise)
    before = Enterprise.objects.filter(pk=enterprise.pk).values_list("risk_grade", flat=True).get()
    if before != grade:
        Enterprise.objects.filter(pk=enterprise.pk).update(risk_grade=grade)
        audit.record(
            "enterprise.risk_grade",
            actor=actor,
            obj=enterprise,
            before={"risk_grade": before},
            after={"risk_grade": grade, "derived": True},
        )


def enterprise_risk_override(*, actor, enterprise: Enterprise, level: str | None, reason: str):
    """A regulator sets the grade by decision (level), or returns it to the derived one (None)."""
    if (
        not actor.has_perm("enterprises.change_regulated_fields")
        or actor.scope.kind == "enterprise"
    ):
        raise Forbidden("风险等级只能由监管部门认定。")
    ensure_visible(enterprise, actor)
    if not reason.strip():
        raise Invalid("请说明认定理由。", field="reason")
    if len(reason.strip()) > REASON_LIMIT:  # refused, never cut short in silence
        raise Invalid(
            f"认定理由最多 {REASON_LIMIT} 字，现有 {len(reason.strip())} 字，请删减。",
            field="reason",
        )
    if level is not None and level not in RiskGrade.values:
        raise Invalid("风险等级不正确。", field="level")
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        before = {"risk_grade": locked.risk_grade, "override": locked.risk_grade_override}
        locked.risk_grade_override = level is not None
        locked.risk_grade = level or derived_grade(locked)
        locked.risk_grade_reason = reason.strip()
        locked.version += 1
        locked.save(
            update_fields=[
                "risk_grade",
                "risk_grade_override",
                "risk_grade_reason",
                "version",
                "updated_at",
            ]
        )
        audit.record(
            "enterprise.risk_grade",
            actor=actor,
            obj=locked,
            before=before,
            after={"risk_grade": locked.risk_grade, "override": locked.risk_grade_override},
            reason=reason.strip(),
        )
    return locked


# ---- major hazard sources -----------------------------------------------------------------


def source_save(*, actor, source: MajorHazardSource, substances: list[dict]) -> MajorHazardSource:
    """Save a unit with its substances; identification and grade are computed, never typed."""
    _may_edit(
        actor,
        source.enterprise,
        "risks.change_majorhazardsource" if source.pk else "risks.add_majorhazardsource",
    )
    if source.pk and source.status not in EDITABLE_STATES:
        raise Invalid("已提交或已备案的重大危险源不能修改；如需变更请先退回或核销。")
    problems = Problems()
    _check_source(source, problems)
    if not substances:
        problems.add("substances", "请至少填写一种危险化学品。")
    problems.raise_if_any()
    try:
        result = gb18218.assess(substances, source.exposed_people_500m)
    except StandardsError as exc:
        raise _standards_error(exc) from exc
    creating = source.pk is None
    with transaction.atomic():
        _apply_result(source, result, actor, creating)
        source.save()
        source.substances.all().delete()
        SourceSubstance.objects.bulk_create(
            [
                SourceSubstance(
                    source=source,
                    name=str(item.get("name") or ""),
                    category=str(item.get("category") or ""),
                    label=str(item.get("label") or ""),
                    q_t=Decimal(str(item["q_t"])),
                    table=line.table,
                    critical_t=line.Q_t,
                    beta=line.beta,
                )
                for item, line in zip(substances, result.substances, strict=True)
            ]
        )
        ensure_visible(source, actor)
        audit.record(
            "mhs.create" if creating else "mhs.update",
            actor=actor,
            obj=source,
            after={
                "S": source.s_value,
                "R": source.r_value,
                "grade": source.grade,
                "substances": substances,
            },
        )
    return source


def _dec(value) -> Decimal:
    """A Fraction or Decimal from the standards as a 4-place Decimal for storage."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(Decimal("0.0001"))


def _apply_result(source: MajorHazardSource, result, actor, creating: bool) -> None:
    source.s_value = _dec(result.S)
    source.is_major = result.is_major_hazard
    source.alpha = Decimal(result.alpha) if result.alpha is not None else None
    source.r_value = _dec(result.R) if result.R is not None else None
    source.grade = result.grade or ""
    source.explanation = result.explanation
    source.assessed_on = source.assessed_on or timezone.localdate()
    source.reassessment_due = validity.major_hazard_reassessment(source.assessed_on).due_on
    source.updated_by = actor
    if creating:
        source.created_by = actor
    else:
        source.version += 1


def source_editable(actor, source: MajorHazardSource) -> bool:
    """May this user open the unit's form now (their permission, a state still editable)?"""
    return actor.has_perm("risks.change_majorhazardsource") and source.status in EDITABLE_STATES


def source_transition(
    *, actor, source: MajorHazardSource, action: str, expected_version: int | None = None, **payload
) -> MajorHazardSource:
    return FILING_FLOW.apply(source, action, actor, expected_version=expected_version, **payload)


def reassessment_window(today: date | None = None, days: int = 30):
    """Filed sources whose 3-yearly re-assessment is due within `days` (or overdue)."""
    today = today or timezone.localdate()
    return MajorHazardSource.objects.live().filter(
        status="filed", reassessment_due__lte=today + timedelta(days=days)
    )
