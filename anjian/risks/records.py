"""Risk points and major hazard sources declared on the record layer: their list pages come from
these declarations, with the four-colour or register counts above the list."""

from __future__ import annotations

from django.utils import timezone

from anjian.core.choices import RiskGrade
from anjian.core.pagination import query_without
from anjian.core.records.tables import Col
from anjian.core.records.types import FilterField, PageAction, RecordType
from anjian.enterprises.selectors import Enterprise

from . import exports, selectors
from .choices import GRADE_COLOURS, SourceStatus
from .filters import RiskPointFilters, SourceFilters

CELLS = "risks/cells/"
COLOUR_NAMES = {"red": "红", "orange": "橙", "yellow": "黄", "blue": "蓝"}
GRADES = tuple(GRADE_COLOURS)


def level_cards(counts: dict[str, int], link: str) -> list[dict]:
    """The four colours as cards: level, its count and a link filtering by it (`link` ends in
    the filter parameter, `…&level=`)."""
    return [
        {
            "level": RiskGrade(level),
            "count": counts.get(level, 0),
            "colour": COLOUR_NAMES[RiskGrade(level).colour],
            "url": f"{link}{level}",
        }
        for level in RiskGrade.values
    ]


def filter_link(request, param: str) -> str:
    """This page's query without its page and `param`, ready for a new value of `param`."""
    base = query_without(request, "page", param)
    return f"?{base}&{param}=" if base else f"?{param}="


def _mark_review(rows, user) -> None:
    today = timezone.localdate()
    for point in rows:
        point.review_overdue = point.review_on is not None and point.review_on < today


def _point_extras(request, filters) -> dict:
    user = request.user
    enterprise = Enterprise.objects.visible_to(user).filter(pk=filters.enterprise).first()
    return {
        "cards": level_cards(
            selectors.four_colour(user, enterprise), filter_link(request, "level")
        ),
        "level": filters.level,
        "regulator": user.scope.is_government,
    }


POINTS = RecordType(
    name="point",
    namespace="risks",
    list_name="points",
    detail_url="point",
    title="风险点清单",
    pretitle="双重预防机制",
    noun="风险点",
    filters=RiskPointFilters,
    rows=selectors.risk_points_for,
    view_perm="risks.view_riskpoint",
    sort_blank="按企业、风险值",
    filter_fields=[
        FilterField("enterprise", "企业", kind="picker", picker="enterprise"),
        FilterField("level", "风险等级", RiskGrade),
    ],
    columns=[
        Col("name", "风险点", template=CELLS + "point_name.html", optional=False),
        Col("enterprise", "企业", value="enterprise.name", show="lg"),
        Col("level", "风险等级", badge=RiskGrade, template=CELLS + "point_level.html"),
        Col("score", "评价", template=CELLS + "point_score.html", show="md"),
        Col("control_level", "管控层级 / 责任人", sub="responsible_person", show="md"),
        Col("review_on", "下次评审", template=CELLS + "point_review.html", show="xl"),
    ],
    actions=[
        PageAction(
            "新增风险点",
            "risks:point-create",
            "plus",
            perm="risks.add_riskpoint",
            primary=True,
            testid="point-add",
        ),
    ],
    prepare=_mark_review,
    row_attrs=lambda point: {"class": f"level-{point.level}"},
    context=_point_extras,
    list_template="risks/points.html",
    styles=("risks/risks.css",),
)


def _register_extras(request, filters) -> dict:
    """Regulators see the register's counts by grade and the queue of units to review."""
    user = request.user
    if not user.scope.is_government:
        return {"regulator": False}
    counts = selectors.register_counts(user)
    queue = selectors.sources_for(user, SourceFilters(status=SourceStatus.SUBMITTED))[:50]
    return {
        "regulator": True,
        "cards": [{"grade": g, "colour": GRADE_COLOURS[g], "count": counts[g]} for g in GRADES],
        "pending": counts["pending"],
        "queue": queue,
    }


SOURCES = RecordType(
    name="source",
    namespace="risks",
    list_name="sources",
    detail_url="source",
    title="重大危险源",
    pretitle="GB 18218-2018 辨识与分级 · 备案",
    noun="重大危险源",
    filters=SourceFilters,
    rows=selectors.sources_for,
    view_perm="risks.view_majorhazardsource",
    filter_fields=[
        FilterField("enterprise", "企业", kind="picker", picker="enterprise"),
        FilterField("status", "备案状态", SourceStatus),
        FilterField("grade", "等级", [(g, g) for g in GRADES]),
    ],
    columns=[
        Col("name", "单元", template=CELLS + "source_name.html", optional=False),
        Col("enterprise", "企业", value="enterprise.name", show="lg"),
        Col("grade", "等级", template=CELLS + "source_grade.html", optional=False),
        Col("figures", "计算", template=CELLS + "source_figures.html", show="md"),
        Col("status", "状态", badge=SourceStatus),
        Col("filed_on", "备案 / 复评", template=CELLS + "source_filed.html", show="lg"),
    ],
    actions=[
        PageAction(
            "导出 Excel",
            "risks:source-export",
            "download",
            perm=exports.PERMISSION,
            keep_query=True,
            testid="source-export",
        ),
        PageAction(
            "新增单元",
            "risks:source-create",
            "plus",
            perm="risks.add_majorhazardsource",
            primary=True,
            testid="source-add",
        ),
    ],
    context=_register_extras,
    list_template="risks/sources.html",
    styles=("risks/risks.css",),
)
