"""岗位风险告知卡 (A4 PDF or DOCX) for posting at the risk point."""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.utils import timezone

from anjian.core import documents
from anjian.core.documents import Banner, Document, Field, Fields, Paragraph, when

TITLE = "岗位风险告知卡"
# The four colours of 安委办〔2016〕11号 as printed: background and text colour of the band.
BANDS = {
    "major": ("#d63939", "#ffffff"),
    "larger": ("#f76707", "#ffffff"),
    "general": ("#f59f00", "#1d273b"),
    "low": ("#066fd1", "#ffffff"),
}
DEFAULT_EMERGENCY = "立即停止作业，撤离至安全区域，报告班组长和企业安全管理人员。"
BASIS = (
    "风险等级按《国务院安委会办公室关于实施遏制重特大事故工作指南构建安全风险分级管控和"
    "隐患排查治理双重预防机制的意见》（安委办〔2016〕11号）以红、橙、黄、蓝四色标示。"
    "本卡由安监平台生成，请张贴于风险点醒目位置。"
)


def _score(point) -> str:
    score = floatformat(point.score, "-2")
    if point.method == "lec":
        return f"LEC：D = {score}（{point.risk_class}）"
    return f"LS：R = {score}"


def notice_card_document(point) -> Document:
    background, foreground = BANDS.get(point.level, BANDS["low"])
    location = f"{point.location or '—'}（{point.get_kind_display()}）"
    review = point.review_on
    return Document(
        title=TITLE,
        subtitle=point.enterprise.name,
        filename=f"{point.name}-{TITLE}",
        footer=f"打印日期 {when(timezone.localdate(), '%Y-%m-%d')}",
        large=True,
        blocks=[
            Banner(point.get_level_display(), _score(point), background, foreground),
            Fields(
                [
                    [Field("风险点名称", point.name)],
                    [Field("位置", location)],
                    [Field("危险有害因素", point.hazard_factors)],
                    [Field("可能导致的事故", point.accident_names())],
                    # all but the emergency measures, which stand out in the block below
                    *([Field(name, text)] for name, text in point.measures()[:-1]),
                ]
            ),
            Fields(
                [
                    [Field("应急处置措施", point.emergency_measures or DEFAULT_EMERGENCY)],
                    [Field("应急电话", "火警 119　急救 120", emphasis="large")],
                ],
                tone="alert",
            ),
            Fields(
                [
                    [Field("管控层级", point.control_level)],
                    [Field("管控责任人", point.responsible_person)],
                    [
                        Field(
                            "下次评审日期",
                            f"{review.year}年{review.month}月{review.day}日" if review else "",
                        )
                    ],
                ]
            ),
            Paragraph(BASIS, muted=True),
        ],
    )


def notice_card_response(user, point, fmt: str = "pdf"):
    """The card as a PDF or DOCX download; printing it is recorded."""
    document = notice_card_document(point)
    return documents.response(user, document, fmt, event="risk_point.notice_card", obj=point)
