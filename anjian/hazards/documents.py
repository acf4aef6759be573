"""The 隐患整改销号单 (A4 PDF or DOCX): the hazard, its photos, the three signatures and the
units' seal boxes. Only a closed hazard's sheet is valid; any other prints marked 未销号."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import Truncator

from anjian.core import documents
from anjian.core.documents import (
    Document,
    Field,
    Fields,
    Heading,
    Paragraph,
    PhotoColumn,
    Photos,
    SignatureBox,
    Signatures,
    Table,
    when,
)

from .choices import PLAN_PARTS, Status
from .workflow import HAZARD_FLOW, hazard_photos

TITLE = "隐患整改销号单"
LABELS = {"report": "上报", **{a: t.label for a, t in HAZARD_FLOW.by_action.items()}}
SIGNERS = (("report", "检查（上报）人"), ("submit", "整改负责人"), ("accept", "验收人"))
NOT_CLOSED = "未销号"
PHOTOS_PER_COLUMN = 4


def _signature(history, action: str):
    return next((r.signature for r in history if r.action == action and r.signature_id), None)


def _role(hazard, action: str, role: str) -> str:
    """The rectification box names the 整改责任人 recorded at confirmation."""
    if action == "submit" and hazard.responsible_person:
        return f"整改责任人：{hazard.responsible_person}"
    return role


def _grade(hazard) -> Field:
    if hazard.grade == "major":
        return Field("隐患等级", "重大隐患", emphasis="alert")
    return Field("隐患等级", hazard.get_grade_display() or "未定级")


def _facts(hazard) -> Fields:
    rows = [
        [Field("企业名称", hazard.enterprise.name)],
        [Field("统一社会信用代码", hazard.enterprise.credit_code), _grade(hazard)],
        [Field("部位/设备", hazard.location), Field("隐患来源", hazard.get_source_display())],
        [Field("隐患描述", hazard.description)],
        [
            Field("发现时间", when(hazard.found_at)),
            Field("整改期限", when(hazard.deadline, "%Y-%m-%d")),
        ],
        [
            Field("整改责任人", hazard.responsible_person),
            Field("整改资金", f"{hazard.cost} 万元" if hazard.cost is not None else ""),
        ],
        [Field("整改措施", hazard.measures)],
        [Field("整改情况", hazard.rectification_note)],
        [
            Field(
                "验收意见",
                hazard.acceptance_opinion,
                note=f"无整改后照片的原因：{hazard.no_photo_reason}"
                if hazard.no_photo_reason
                else "",
            )
        ],
    ]
    if hazard.listing_level:
        office = f"（{hazard.listing_office}）" if hazard.listing_office else ""
        due = when(hazard.listing_due, "%Y-%m-%d")
        text = f"{hazard.get_listing_level_display()}督办{office}，期限 {due}"
        rows.append([Field("挂牌督办", text)])
    return Fields(rows)


def _plan(hazard) -> list:
    plan = getattr(hazard, "plan", None) if hazard.grade == "major" else None
    if plan is None:
        return []
    return [
        Heading("重大事故隐患治理方案（16号令第十五条）"),
        Fields([[Field(label, getattr(plan, key))] for key, label in PLAN_PARTS]),
    ]


def closeout_document(hazard, history) -> Document:
    history = list(history)
    now = timezone.localtime()
    rows = [
        [
            when(r.at),
            LABELS.get(r.action, r.action),
            r.actor.get_full_name(),
            Truncator(r.comment).chars(80),
        ]
        for r in history
    ]
    return Document(
        title=TITLE,
        number=hazard.number,
        subtitle=f"打印时间：{now.year}年{now.month}月{now.day}日 {now:%H:%M}",
        filename=f"{hazard.number}-{TITLE}",
        watermark="" if hazard.status == Status.CLOSED else NOT_CLOSED,
        blocks=[
            _facts(hazard),
            *_plan(hazard),
            Heading("现场照片"),
            Photos(
                [
                    PhotoColumn(label, list(hazard_photos(hazard, kind)[:PHOTOS_PER_COLUMN]))
                    for kind, label in (("before", "整改前"), ("after", "整改后"))
                ]
            ),
            Heading("签名（谁检查谁签名，谁治理谁签名，谁验收谁签名）"),
            Signatures(
                [
                    SignatureBox(_role(hazard, a, role), _signature(history, a))
                    for a, role in SIGNERS
                ]
            ),
            Signatures(
                [
                    SignatureBox("整改单位（盖章）", seal=True),
                    SignatureBox("验收单位（盖章）", seal=True),
                ]
            ),
            Heading("流转记录"),
            Table(["时间", "操作", "操作人", "说明"], rows, widths=[24, 14, 14, 48]),
            Paragraph("本销号单由安监平台生成，签名与流转记录已记入防篡改审计日志。", muted=True),
        ],
    )


def closeout_response(user, hazard, fmt: str = "pdf"):
    """The sheet as a PDF or DOCX download; printing it is recorded like any export."""
    document = closeout_document(hazard, HAZARD_FLOW.history(hazard))
    return documents.response(user, document, fmt, event="hazard.closeout", obj=hazard)
