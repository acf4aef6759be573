"""Decisions of the penalty procedure that are not clocks: summary procedure (行政处罚法 Art 51),
the hearing right (Art 63), and the 安全生产法 Art 113(1) closure trigger. Re-exported by
``enforcement`` under the names of the rules sheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from anjian.standards.base import (
    Result,
    StandardsError,
    add_years,
    fmt,
    join_cn,
    to_date,
    to_decimal,
)
from anjian.standards.enforcement_tables import (
    CLOSURE_COUNT_IN_WINDOW,
    CLOSURE_COUNT_IN_YEAR,
    CLOSURE_WINDOW_DAYS,
    HEARING_MEASURES,
    HEARING_THRESHOLDS_15,
    PARTY_LABELS,
    PENALTY_LAW,
    SAFETY_LAW,
    SUMMARY_LIMIT_YUAN,
    HearingThresholds,
)


@dataclass(frozen=True)
class Decision(Result):
    """A yes/no answer with its reason."""

    applies: bool
    explanation: str


@dataclass(frozen=True)
class ClosureTrigger(Result):
    triggered: bool
    window: tuple[date, ...]  # the penalties that meet the condition, empty if none
    explanation: str


def _party(party: str) -> str:
    if party not in PARTY_LABELS:
        raise StandardsError(
            "party", f"当事人类型应为 person（公民）或 unit（法人或者其他组织），收到「{party}」。"
        )
    return PARTY_LABELS[party]


def summary_procedure_eligible(party: str, fine_yuan: Any) -> Decision:
    """行政处罚法 Art 51: on the spot for a fine ≤200 yuan on a citizen or ≤3000 yuan on an
    organisation, or a warning (``fine_yuan=0``). 以下 includes the figure."""
    label = _party(party)
    fine = to_decimal(fine_yuan, "fine_yuan")
    limit = SUMMARY_LIMIT_YUAN[party]
    eligible = fine <= limit
    what = "警告" if fine == 0 else f"罚款 {fmt(fine)} 元"
    verdict = "可以适用简易程序当场作出" if eligible else "超过限额，应当适用普通程序"
    return Decision(
        eligible,
        f"依据{PENALTY_LAW}第五十一条，违法事实确凿并有法定依据，对公民处以二百元以下、对法人或者"
        f"其他组织处以三千元以下罚款或者警告的，可以当场作出行政处罚决定（“以下”含本数）。"
        f"对{label}{what}，限额 {fmt(limit)} 元：{verdict}。",
    )


def hearing_required(
    party: str,
    fine_yuan: Any,
    thresholds: HearingThresholds = HEARING_THRESHOLDS_15,
    *,
    measures: tuple[str, ...] = (),
) -> Decision:
    """行政处罚法 Art 63: the party may request a hearing for a 较大数额 fine (the law gives no
    figure; ``thresholds`` default to the repealed 15号令's 2万/5万, inclusive, labelled as
    such) or for the measures listed in ``HEARING_MEASURES``."""
    label = _party(party)
    fine = to_decimal(fine_yuan, "fine_yuan")
    unknown = [item for item in measures if item not in HEARING_MEASURES]
    if unknown:
        raise StandardsError(
            "measures", f"未知的处罚种类「{unknown[0]}」；可选：{join_cn(HEARING_MEASURES)}。"
        )
    limit = thresholds.person_yuan if party == "person" else thresholds.unit_yuan
    large = fine >= limit
    reasons = [HEARING_MEASURES[item] for item in measures]
    if large:
        reasons.insert(0, f"较大数额罚款（{fmt(fine)} 元 ≥ {fmt(limit)} 元）")
    text = (
        f"依据{PENALTY_LAW}第六十三条，拟作出较大数额罚款、没收较大数额违法所得、降低资质等级、"
        f"吊销许可证件、责令停产停业、责令关闭、限制从业等处罚的，应当告知当事人有要求听证的权利。"
        f"较大数额按{thresholds.source}。对{label}罚款 {fmt(fine)} 元"
    )
    if reasons:
        text += f"，属于{join_cn(reasons)}：应当告知听证权利。"
    else:
        text += f"，低于 {fmt(limit)} 元且无其他听证情形：无须告知听证。"
    return Decision(bool(reasons), text)


def closure_trigger_art113_1(has_major_hazard: bool, penalty_dates: Any) -> ClosureTrigger:
    """安全生产法 Art 113(1): a unit with a 重大事故隐患 penalised under the law 3 times within
    180 days or 4 times within one year → the department asks the government to close it.
    Window convention (medium confidence, the law does not define it): 3 penalties with
    last − first ≤ 180 days; 4 penalties with last ≤ first + 1 calendar year."""
    if isinstance(penalty_dates, (str, bytes)):
        raise StandardsError("penalty_dates", "应为处罚决定日期的列表。")
    days = sorted(to_date(item, "penalty_dates") for item in penalty_dates)
    basis = (
        f"依据{SAFETY_LAW}第一百一十三条第（一）项，存在重大事故隐患，一百八十日内三次或者一年内四次"
        "受到本法规定的行政处罚的，应当提请地方人民政府予以关闭（窗口按首次处罚日起算："
        "三次处罚首末相隔不超过180日，四次处罚末次不晚于首次的一年后对应日）"
    )
    if not has_major_hazard:
        return ClosureTrigger(False, (), basis + "。该单位未存在重大事故隐患：不适用。")
    for count, end_of in (
        (CLOSURE_COUNT_IN_WINDOW, lambda first: first + timedelta(days=CLOSURE_WINDOW_DAYS)),
        (CLOSURE_COUNT_IN_YEAR, lambda first: add_years(first, 1)),
    ):
        for i in range(len(days) - count + 1):
            window = tuple(days[i : i + count])
            if window[-1] <= end_of(window[0]):
                span = "180日" if count == CLOSURE_COUNT_IN_WINDOW else "一年"
                listed = join_cn(str(day) for day in window)
                return ClosureTrigger(
                    True,
                    window,
                    basis + f"。{span}内受到{count}次处罚（{listed}）：应当提请关闭。",
                )
    return ClosureTrigger(False, (), basis + f"。共{len(days)}次处罚，未达到上述次数：不触发。")
