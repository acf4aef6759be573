"""Figures and sources of the enforcement clocks (``enforcement``): laws in force, and numbers
of the repealed 15号令 kept only as labelled, configurable defaults."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

PENALTY_LAW = "《中华人民共和国行政处罚法》（2021年修订）"
COERCION_LAW = "《中华人民共和国行政强制法》"
SAFETY_LAW = "《中华人民共和国安全生产法》（2021年修正）"
REVIEW_LAW = "《中华人民共和国行政复议法》（2023年修订）"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"
CIVIL_CODE = "《中华人民共和国民法典》"
RULES_15 = "原国家安全监管总局令第15号《安全生产违法行为行政处罚办法》"
RULES_18 = "应急管理部令第18号《安全生产违法行为行政处罚办法》"

DECISION_DAYS = 90  # 行政处罚法 Art 60
DELIVERY_WORKING_DAYS = 7  # Art 61 with Art 85
HEARING_REQUEST_WORKING_DAYS = 5  # Art 64 with Art 85
HEARING_NOTICE_WORKING_DAYS = 7  # Art 64(2) with Art 85
REVIEW_DAYS = 60  # 行政复议法 (2023) Art 20
LITIGATION_MONTHS = 6  # 行政诉讼法 Art 46
PAYMENT_DAYS = 15  # Art 67
SURCHARGE_RATE_PER_DAY = Decimal("0.03")  # Art 72
EVIDENCE_DECISION_WORKING_DAYS = 7  # Art 56 with Art 85
SEIZURE_DAYS = 30  # 行政强制法 Art 25
SEIZURE_EXTENSION_DAYS = 30
PUBLICATION_WORKING_DAYS = 7  # 安全生产法 Art 78
TIME_BAR_YEARS = 2  # 行政处罚法 Art 36
TIME_BAR_HARM_YEARS = 5
SUMMARY_LIMIT_YUAN = {"person": Decimal(200), "unit": Decimal(3000)}  # Art 51
CLOSURE_WINDOW_DAYS = 180  # 安全生产法 Art 113(1)
CLOSURE_COUNT_IN_WINDOW = 3
CLOSURE_COUNT_IN_YEAR = 4

PARTY_LABELS = {"person": "公民", "unit": "法人或者其他组织"}

# 行政处罚法 Art 63: penalties other than a 较大数额 fine that give the party a hearing.
HEARING_MEASURES = {
    "large_confiscation": "没收较大数额违法所得、没收较大价值非法财物",
    "qualification_lowered": "降低资质等级",
    "licence_revoked": "吊销许可证件",
    "stop_production": "责令停产停业",
    "closure": "责令关闭",
    "practice_restricted": "限制从业",
    "other_heavy": "其他较重的行政处罚",
}


@dataclass(frozen=True)
class HearingThresholds:
    """较大数额罚款 (行政处罚法 Art 63 sets no figure): fines at or above these yuan amounts."""

    person_yuan: Decimal
    unit_yuan: Decimal
    source: str


# 15号令 (2007, amended by 77号令 2015), repealed on 2026-02-01 by 18号令, whose text was not
# obtained: a default to be replaced by the province's or 18号令's figures, never a constant.
HEARING_THRESHOLDS_15 = HearingThresholds(
    person_yuan=Decimal(20000),
    unit_yuan=Decimal(50000),
    source=(
        f"{RULES_15}规定的较大数额（个人2万元以上、单位5万元以上；该令已于2026年2月1日被"
        f"{RULES_18}废止，此数额仅作为可配置的历史参数，应以本省或新规章规定为准）"
    ),
)
