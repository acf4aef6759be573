"""The standards functions with this installation's local conventions (calculators, risk points).

Pages and the API both call these, so a figure on the page and in the API never differ. The
LEC boundary and the LS banding vary locally; they are read from ``settings.ANJIAN`` at call time
(``LEC_BOUNDARY``, ``LS_BANDING``) and default to the standards library's choice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings

from anjian.standards import accident, gb18218, risk
from anjian.standards import credit_code as gb32100


def _setting(name: str, default: str) -> str:
    return getattr(settings, "ANJIAN", {}).get(name) or default


def lec_boundary() -> str:
    return _setting("LEC_BOUNDARY", risk.DEFAULT_LEC_BOUNDARY)


def ls_banding() -> str:
    return _setting("LS_BANDING", risk.DEFAULT_LS_BANDING)


def accident_grade(
    *, deaths: Any, serious_injuries: Any, direct_loss_10k_yuan: Any
) -> accident.AccidentGrade:
    """493号令第三条：事故等级。"""
    return accident.grade(deaths, serious_injuries, direct_loss_10k_yuan)


def major_hazard(
    *, substances: Sequence[Mapping[str, Any]], exposed_people_500m: Any = None
) -> gb18218.Assessment:
    """GB 18218-2018：重大危险源辨识与分级。"""
    return gb18218.assess(substances, exposed_people_500m)


def lec(*, L: Any, E: Any, C: Any) -> risk.LecAssessment:
    """作业条件危险性评价法，分界值按本地设置。"""
    return risk.lec(L, E, C, boundary=lec_boundary())


def ls(*, L: Any, S: Any) -> risk.LsAssessment:
    """风险矩阵法，分级方案按本地设置。"""
    return risk.ls(L, S, banding=ls_banding())


def credit_code(*, code: Any) -> gb32100.CreditCodeValidation:
    """GB 32100-2015：统一社会信用代码校验。"""
    return gb32100.validate(code)


def gb18218_tables() -> dict[str, list[dict[str, Any]]]:
    """Table 1 rows and Table 2 categories, JSON-ready, for clients that build a form."""
    return {
        "table1": [row.as_dict() for row in gb18218.table1_rows()],
        "table2": [entry.as_dict() for entry in gb18218.TABLE2.values()],
    }


def control_level(level: str) -> str:
    """管控层级 for a risk level (公司/车间/班组/岗位), per the local setting when there is one."""
    mapping = getattr(settings, "ANJIAN", {}).get("CONTROL_LEVELS") or risk.DEFAULT_CONTROL_LEVELS
    return risk.control_level(level, mapping=mapping).control_level
