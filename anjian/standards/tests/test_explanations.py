"""Every public result carries a Chinese explanation that names its source."""

import json
import re
from datetime import date, datetime

import pytest

from anjian.standards import (
    accident,
    credit_code,
    enforcement,
    enforcement_remedies,
    gb18218,
    inspection,
    penalty,
    random_draw,
    risk,
    validity,
)

CALLS = {
    "accident.grade": lambda: accident.grade(1, 2, 3),
    "accident.report_chain": lambda: accident.report_chain("较大"),
    "accident.report_deadlines": lambda: accident.report_deadlines(datetime(2024, 1, 1, 8)),
    "accident.supplementary_window_days": lambda: accident.supplementary_window_days("general"),
    "accident.investigation": lambda: accident.investigation("重大"),
    "accident.category": lambda: accident.category("01"),
    "accident.injury_severity": lambda: accident.injury_severity(10),
    "accident.unit_fine_range": lambda: accident.unit_fine_range("一般"),
    "accident.principal_fine_percent": lambda: accident.principal_fine_percent("一般"),
    "gb18218.assess": lambda: gb18218.assess([{"name": "氨", "q_t": 20}], 40),
    "risk.lec": lambda: risk.lec(3, 6, 7),
    "risk.ls": lambda: risk.ls(3, 3),
    "risk.control_level": lambda: risk.control_level("较大"),
    "credit_code.validate": lambda: credit_code.validate("91330100799655058B"),
    "credit_code.check_character": lambda: credit_code.check_character("91330100799655058"),
    "validity.safety_licence": lambda: validity.safety_licence(date(2024, 1, 1)),
    "validity.special_operation_certificate": lambda: validity.special_operation_certificate(
        date(2024, 1, 1)
    ),
    "validity.emergency_plan_evaluation": lambda: validity.emergency_plan_evaluation(
        date(2024, 1, 1)
    ),
    "validity.drill_due": lambda: validity.drill_due(date(2024, 1, 1), "onsite"),
    "validity.occupational_declaration_due": lambda: validity.occupational_declaration_due(
        date(2024, 1, 1), "ceased"
    ),
    "validity.standardization_grade_expiry": lambda: validity.standardization_grade_expiry(
        date(2024, 1, 1)
    ),
    "validity.major_hazard_reassessment": lambda: validity.major_hazard_reassessment(
        date(2024, 1, 1)
    ),
    "validity.major_hazard_filing_due": lambda: validity.major_hazard_filing_due(date(2024, 1, 1)),
    "penalty.fine_range": lambda: penalty.fine_range(101, "unit", "not_corrected"),
    "penalty.daily_penalty": lambda: penalty.daily_penalty(1, date(2024, 1, 1), date(2024, 1, 3)),
    "inspection.inspection_frequency_cap": lambda: inspection.inspection_frequency_cap(
        "shanxi-2025", "coal_mine", "A"
    ),
    "inspection.supervision_class": lambda: inspection.supervision_class({"sector": "machinery"}),
    "inspection.draw_weight": lambda: inspection.draw_weight({"sector": "fireworks"}),
    "enforcement.penalty_decision_deadline": lambda: enforcement.penalty_decision_deadline(
        date(2026, 6, 3)
    ),
    "enforcement.penalty_delivery_deadline": lambda: enforcement.penalty_delivery_deadline(
        date(2026, 9, 29)
    ),
    "enforcement.hearing_request_deadline": lambda: enforcement.hearing_request_deadline(
        date(2026, 2, 12)
    ),
    "enforcement.fine_payment_deadline": lambda: enforcement.fine_payment_deadline(
        date(2026, 9, 16)
    ),
    "enforcement.late_payment_surcharge_yuan": lambda: enforcement.late_payment_surcharge_yuan(
        1000, 40
    ),
    "enforcement.evidence_preservation_decision_deadline": lambda: (
        enforcement.evidence_preservation_decision_deadline(date(2026, 2, 24))
    ),
    "enforcement.seizure_expiry": lambda: enforcement.seizure_expiry(date(2026, 3, 2), True),
    "enforcement.penalty_publication_deadline": lambda: enforcement.penalty_publication_deadline(
        date(2026, 12, 1)
    ),
    "enforcement.penalty_time_barred": lambda: enforcement.penalty_time_barred(
        date(2024, 3, 10), date(2026, 3, 11)
    ),
    "enforcement.summary_procedure_eligible": lambda: enforcement.summary_procedure_eligible(
        "unit", 3000
    ),
    "enforcement.hearing_required": lambda: enforcement.hearing_required("unit", 50000),
    "enforcement.closure_trigger_art113_1": lambda: enforcement.closure_trigger_art113_1(
        True, [date(2026, 1, 1), date(2026, 3, 1), date(2026, 6, 30)]
    ),
    "enforcement_remedies.hearing_notice_latest": lambda: (
        enforcement_remedies.hearing_notice_latest(date(2026, 10, 14))
    ),
    "enforcement_remedies.review_and_litigation_deadlines": lambda: (
        enforcement_remedies.review_and_litigation_deadlines(date(2026, 6, 3))
    ),
    "random_draw.run": lambda: random_draw.run(
        {
            "draw": "〔2026〕抽1号",
            "enterprises": [{"id": 1, "weight": 1}],
            "count": 1,
            "inspectors": [{"id": 1, "lead_ok": True}, {"id": 2, "lead_ok": False}],
            "team_size": 2,
        },
        "0" * 64,
    ),
}

SOURCE = re.compile(r"《[^》]+》|GB \d+|安委办")


@pytest.mark.parametrize("name", CALLS)
def test_every_result_explains_itself_in_chinese_citing_its_source(name):
    data = CALLS[name]().as_dict()
    explanation = data["explanation"]
    assert re.search(r"[\u4e00-\u9fff]", explanation)
    assert SOURCE.search(explanation), explanation
    json.dumps(data, ensure_ascii=False)
