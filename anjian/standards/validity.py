"""Validity periods and due dates: licences, certificates, plans, drills, declarations.

Years and months are calendar arithmetic: a day missing in the target month falls on that
month's last day (29 Feb + 3 years = 28 Feb). A period "within N days" of an event is counted
from the next day, so it ends N days after the event. An expiry date is the anniversary of the
start date; a document printing the day before as its last day is one day stricter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from anjian.standards.base import Result, StandardsError, add_months, add_years, to_date

LICENCE_REGULATION = "《安全生产许可证条例》（国务院令第397号）"
SPECIAL_OPERATION_RULES = "《特种作业人员安全技术培训考核管理规定》（原国家安全监管总局令第30号）"
EMERGENCY_PLAN_RULES = "《生产安全事故应急预案管理办法》（应急管理部令第2号）"
EMERGENCY_REGULATION = "《生产安全事故应急条例》（国务院令第708号）"
DECLARATION_RULES = "《职业病危害项目申报办法》（原国家安全监管总局令第48号）"
STANDARDIZATION_RULES = "《企业安全生产标准化建设定级办法》（应急〔2021〕83号）"
MHS_RULES = "《危险化学品重大危险源监督管理暂行规定》（原国家安全监管总局令第40号）"

SAFETY_LICENCE_YEARS = 3
SAFETY_LICENCE_RENEWAL_MONTHS = 3
CERTIFICATE_YEARS = 6
CERTIFICATE_REVIEW_YEARS = 3
CERTIFICATE_EXTENDED_REVIEW_YEARS = 6
CERTIFICATE_REVIEW_APPLICATION_DAYS = 60
PLAN_EVALUATION_YEARS = 3
DRILL_MONTHS = {"comprehensive": 12, "special": 12, "onsite": 6}
HIGH_RISK_DRILL_MONTHS = 6
DECLARATION_DAYS = {"project_accepted": 30, "major_change": 15, "ceased": 15}
# Conventions a deployment may change (rules.md marks them V1/U).
DEFAULT_STANDARDIZATION_VALIDITY_YEARS = 3
DEFAULT_MHS_REASSESSMENT_YEARS = 3
DEFAULT_MHS_FILING_DAYS = 15

_DRILL_LABELS = {
    "comprehensive": "综合应急预案演练",
    "special": "专项应急预案演练",
    "onsite": "现场处置方案演练",
}
_DECLARATION_TEXT = {
    "project_accepted": (
        "第八条第（一）项：新建、改建、扩建、技术改造或者技术引进建设项目，自竣工验收之日起30日内"
    ),
    "major_change": (
        "第八条第（二）至（四）项：职业病危害因素及相关内容发生重大变化，工作场所、名称、法定代表人"
        "或者主要负责人变化，或者检测评价发现申报内容变化，自变化之日（或收到结果之日）起15日内"
    ),
    "ceased": "第九条：终止生产经营活动的，自终止之日起15日内报告并办理注销手续",
}


@dataclass(frozen=True)
class SafetyLicence(Result):
    issued_on: date
    expires_on: date
    renewal_window_opens_on: date
    explanation: str


@dataclass(frozen=True)
class ReviewDue(Result):
    due_on: date
    application_opens_on: date


@dataclass(frozen=True)
class SpecialOperationCertificate(Result):
    issued_on: date
    expires_on: date
    review_interval_years: int
    reviews: tuple[ReviewDue, ...]
    explanation: str


@dataclass(frozen=True)
class DueDate(Result):
    kind: str
    start_on: date
    due_on: date
    interval: str
    explanation: str


def safety_licence(issued_on: Any) -> SafetyLicence:
    """Art 9: valid 3 years; extension is handled 3 months before expiry."""
    start = to_date(issued_on, "issued_on")
    expires = add_years(start, SAFETY_LICENCE_YEARS)
    opens = add_months(expires, -SAFETY_LICENCE_RENEWAL_MONTHS)
    return SafetyLicence(
        issued_on=start,
        expires_on=expires,
        renewal_window_opens_on=opens,
        explanation=(
            f"依据{LICENCE_REGULATION}第九条，安全生产许可证有效期为3年："
            f"{start} + 3年 = {expires}；"
            f"有效期满需要延期的，应当于期满前3个月办理延期手续：{expires} − 3个月 = {opens}。"
            "有效期内严格遵守法律法规、未发生死亡事故的，经原发证机关同意，不再审查，有效期延期3年。"
        ),
    )


def special_operation_certificate(
    issued_on: Any, *, ten_clean_years: bool = False
) -> SpecialOperationCertificate:
    """Arts 19, 21, 22: valid 6 years, reviewed every 3 (every 6 after 10 clean years in the
    trade, with the issuing authority's consent); review applications within 60 days before.
    """
    start = to_date(issued_on, "issued_on")
    expires = add_years(start, CERTIFICATE_YEARS)
    interval = CERTIFICATE_EXTENDED_REVIEW_YEARS if ten_clean_years else CERTIFICATE_REVIEW_YEARS
    reviews = []
    for years in range(interval, CERTIFICATE_YEARS + 1, interval):
        due = add_years(start, years)
        opens = due - timedelta(days=CERTIFICATE_REVIEW_APPLICATION_DAYS)
        reviews.append(ReviewDue(due_on=due, application_opens_on=opens))
    schedule = "；".join(f"{item.due_on}（{item.application_opens_on} 起申请）" for item in reviews)
    reason = (
        "连续从事本工种10年以上且严格遵守安全生产法律法规，经发证机关同意，复审延长至每6年1次"
        if ten_clean_years
        else "每3年复审1次"
    )
    explanation = (
        f"依据{SPECIAL_OPERATION_RULES}第十九条，特种作业操作证有效期6年："
        f"{start} + 6年 = {expires}；"
        f"第二十一条，{reason}；第二十二条，应当在期满前60日内提出复审申请。复审日期：{schedule}。"
    )
    return SpecialOperationCertificate(start, expires, interval, tuple(reviews), explanation)


def emergency_plan_evaluation(evaluated_on: Any) -> DueDate:
    """2号令 Art 35: high-risk units and those of medium size or above evaluate every 3 years."""
    start = to_date(evaluated_on, "evaluated_on")
    due = add_years(start, PLAN_EVALUATION_YEARS)
    return DueDate(
        kind="emergency_plan_evaluation",
        start_on=start,
        due_on=due,
        interval="3年",
        explanation=(
            f"依据{EMERGENCY_PLAN_RULES}第三十五条，矿山、金属冶炼、建筑施工、危险物品等单位和中型规模"
            f"以上的其他生产经营单位应当每三年进行一次应急预案评估：{start} + 3年 = {due}。"
        ),
    )


def drill_due(last_drill_on: Any, kind: str, *, high_risk: bool = False) -> DueDate:
    """2号令 Art 33: comprehensive or special drill yearly, on-site drill every 6 months;
    应急条例 Art 8: high-risk units and crowded venues drill every 6 months.

    "Once a year" is read as a rolling 12 months from the last drill, the stricter reading.
    """
    if kind not in DRILL_MONTHS:
        raise StandardsError(
            "kind", f"演练类型应为 {'、'.join(DRILL_MONTHS)} 之一，收到「{kind}」。"
        )
    start = to_date(last_drill_on, "last_drill_on")
    months = HIGH_RISK_DRILL_MONTHS if high_risk else DRILL_MONTHS[kind]
    due = add_months(start, months)
    basis = (
        f"{EMERGENCY_PLAN_RULES}第三十三条，每年至少组织一次综合应急预案演练或者专项应急预案演练，"
        "每半年至少组织一次现场处置方案演练"
    )
    if high_risk:
        basis += (
            f"；{EMERGENCY_REGULATION}第八条，危险物品、矿山、金属冶炼、城市轨道交通运营、"
            "建筑施工单位和人员密集场所经营单位至少每半年组织1次应急预案演练"
        )
    return DueDate(
        kind=f"drill:{kind}",
        start_on=start,
        due_on=due,
        interval=f"{months}个月",
        explanation=(
            f"依据{basis}。{_DRILL_LABELS[kind]}上次 {start}，按 {months} 个月滚动计算，"
            f"下次最迟 {due}。"
        ),
    )


def occupational_declaration_due(event_on: Any, event: str) -> DueDate:
    """48号令 Arts 8–9: 30 days after a project's acceptance, 15 after a change or cessation."""
    if event not in DECLARATION_DAYS:
        raise StandardsError(
            "event", f"申报事由应为 {'、'.join(DECLARATION_DAYS)} 之一，收到「{event}」。"
        )
    start = to_date(event_on, "event_on")
    days = DECLARATION_DAYS[event]
    due = start + timedelta(days=days)
    return DueDate(
        kind=f"occupational_declaration:{event}",
        start_on=start,
        due_on=due,
        interval=f"{days}日",
        explanation=(
            f"依据{DECLARATION_RULES}{_DECLARATION_TEXT[event]}向原申报机关申报："
            f"{start} 起（次日起算）{days}日，最迟 {due}。"
        ),
    )


def standardization_grade_expiry(
    graded_on: Any, *, validity_years: int = DEFAULT_STANDARDIZATION_VALIDITY_YEARS
) -> DueDate:
    """应急〔2021〕83号: a standardization grade (一/二/三级) is valid 3 years."""
    start = to_date(graded_on, "graded_on")
    due = add_years(start, _positive(validity_years, "validity_years"))
    return DueDate(
        kind="standardization_grade",
        start_on=start,
        due_on=due,
        interval=f"{validity_years}年",
        explanation=(
            f"依据{STANDARDIZATION_RULES}，企业安全生产标准化等级有效期为{validity_years}年："
            f"{start} + {validity_years}年 = {due}。"
        ),
    )


def major_hazard_reassessment(
    assessed_on: Any, *, interval_years: int = DEFAULT_MHS_REASSESSMENT_YEARS
) -> DueDate:
    """40号令 Art 11: re-assess a major hazard installation 3 years after the last assessment."""
    start = to_date(assessed_on, "assessed_on")
    due = add_years(start, _positive(interval_years, "interval_years"))
    return DueDate(
        kind="major_hazard_reassessment",
        start_on=start,
        due_on=due,
        interval=f"{interval_years}年",
        explanation=(
            f"依据{MHS_RULES}第十一条，重大危险源安全评估已满{interval_years}年的应当重新评估："
            f"{start} + {interval_years}年 = {due}。"
        ),
    )


def major_hazard_filing_due(
    report_completed_on: Any, *, days: int = DEFAULT_MHS_FILING_DAYS
) -> DueDate:
    """40号令 Art 23: file with the county authority within 15 days of the assessment report."""
    start = to_date(report_completed_on, "report_completed_on")
    due = start + timedelta(days=_positive(days, "days"))
    return DueDate(
        kind="major_hazard_filing",
        start_on=start,
        due_on=due,
        interval=f"{days}日",
        explanation=(
            f"依据{MHS_RULES}第二十三条，完成重大危险源安全评估报告或者安全评价报告后{days}日内备案："
            f"{start} 起（次日起算）{days}日，最迟 {due}。"
        ),
    )


def _positive(value: int, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise StandardsError(field, f"应为正整数，收到「{value}」。")
    return value
