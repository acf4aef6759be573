"""The documents of a visit, in the layout of the ministry's 安全生产执法文书式样: 现场检查记录,
责令限期整改指令书, 现场处理措施决定书 and 整改复查意见书. Each is one definition of core
document blocks, downloaded as an A4 PDF or a DOCX. Every document of a visit carries the same
signatures (the one signing) and the QR code of the visit's public code page."""

from __future__ import annotations

import io

import segno
from django.urls import reverse

from anjian.core import documents
from anjian.core.documents import (
    Document,
    Field,
    Fields,
    Heading,
    Paragraph,
    Picture,
    SignatureBox,
    Signatures,
    Table,
    when,
)

from . import selectors_papers as papers
from .choices import DocumentKind, MeasureKind, RecheckResult, Result

DATE = "%Y年%m月%d日"
TIME = "%Y年%m月%d日%H时%M分"
LAW = "《中华人民共和国安全生产法》"
REMEDY = (
    "如不服本决定，可以依法在六十日内向{gov}或者上一级应急管理部门申请行政复议，或者在六个月内"
    "依法向人民法院提起行政诉讼，但本决定不停止执行，法律另有规定的除外。"
)
REFUSED = "拒绝签字（安全生产法第六十八条），原因：{reason}"


def code_url(inspection, base_url: str = "") -> str:
    path = f"/inspections/code/{inspection.visit_code}/"
    return base_url.rstrip("/") + path if base_url else path


def qr_png(text: str) -> bytes:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def _qr(inspection, base_url: str) -> Picture:
    caption = f"检查码 {inspection.visit_code}（扫码查验、评价）"
    return Picture(qr_png(code_url(inspection, base_url)), caption=caption, width_mm=18)


def _officer_line(member) -> str:
    name = member.user.get_full_name() or member.user.get_username()
    profile = getattr(member.user, "inspector_profile", None)
    number = profile.certificate_number if profile else "—"
    return f"{name}（执法证号：{number}）"


def _signatures(inspection, officers, signing, issued) -> list:
    boxes = [SignatureBox(m.get_role_display(), m.signature) for m in officers]
    rep = SignatureBox("被检查单位现场负责人", None)
    if signing is not None:
        rep = SignatureBox(
            "被检查单位现场负责人",
            signing.representative_signature,
            absent=REFUSED.format(reason=signing.refused_reason) if signing.refused_reason else "",
        )
    blocks: list = [Signatures([*boxes, rep, _seal_box(inspection, issued)])]
    return blocks


def _seal_box(inspection, issued) -> SignatureBox:
    """Where the issuing office's seal goes, with the date of issue."""
    return SignatureBox(
        f"{inspection.office.name}（印章）", seal=True, absent=f"（盖章）　{when(issued, DATE)}"
    )


def _basis(finding) -> str:
    item = finding.item
    if item is None:
        return "—"
    return f"《{item.basis_law.strip('《》')}》{item.basis_article}".strip()


def _problem(finding) -> str:
    parts = [finding.description.text if finding.description_id else finding.text]
    if hasattr(finding, "violation") and finding.violation.facts not in parts:
        parts.append(f"违法事实：{finding.violation.facts}")
    parts.append(finding.note)
    return "；".join(p for p in parts if p) or (finding.item.title if finding.item else "—")


def _handling(finding) -> str:
    if finding.hazard_id:
        deadline = when(finding.hazard.deadline or finding.deadline, "%Y-%m-%d") or "—"
        return f"列为隐患 {finding.hazard.number}，限期 {deadline} 前整改"
    if hasattr(finding, "violation"):
        return "涉嫌违法，另行立案查处"
    return "当场整改" if finding.becomes == "" else finding.get_becomes_display()


def _heading_fields(inspection) -> Fields:
    ent = inspection.enterprise
    start = when(inspection.started_at, TIME) or when(inspection.planned_on, DATE)
    end = when(inspection.finished_at, TIME) or "—"
    return Fields(
        [
            [Field("被检查单位", ent.name)],
            [Field("地址", ent.address)],
            [
                Field("法定代表人", ent.legal_representative),
                Field("主要负责人", ent.principal_name),
            ],
            [Field("检查场所", f"{ent.name}生产经营场所")],
            [Field("检查时间", f"{start} 至 {end}")],
            [
                Field(
                    "检查人员及执法证号",
                    "\n".join(_officer_line(m) for m in papers.officers_of(inspection)),
                )
            ],
            [
                Field("检查单位", inspection.office.name),
                Field("任务来源", inspection.get_origin_display()),
            ],
        ]
    )


def _nonconform_table(findings) -> Table:
    rows = [
        [str(i), f.item.title if f.item else "—", _problem(f), _basis(f), _handling(f)]
        for i, f in enumerate(findings, 1)
    ]
    return Table(["序号", "检查内容", "发现的问题", "依据", "处理"], rows, [8, 22, 28, 20, 22])


def record_document(inspection, doc, base_url: str = "") -> Document:
    """现场检查记录."""
    findings = papers.findings_of(inspection)
    count = papers.tally(findings)
    bad = [f for f in findings if f.result == Result.NONCONFORM]
    blocks: list = [_qr(inspection, base_url), _heading_fields(inspection), Heading("检查情况")]
    blocks.append(
        Paragraph(
            f"依据检查事项清单共检查 {len(findings)} 项：符合 {count.conform} 项，"
            f"不符合 {count.nonconform} 项，不涉及 {count.not_applicable} 项。"
            + ("发现的问题如下：" if bad else "未发现问题。")
        )
    )
    if bad:
        blocks.append(_nonconform_table(bad))
    blocks.append(Heading("处理意见"))
    blocks.append(Paragraph(_opinion(inspection, bad)))
    blocks += _signatures(
        inspection, papers.officers_of(inspection), papers.signing_of(inspection), doc.issued_at
    )
    return _document("现场检查记录", doc.number, inspection, blocks)


def _opinion(inspection, bad) -> str:
    if not bad:
        return "本次检查未发现问题。"
    kinds = {d.kind: d.number for d in papers.documents_of(inspection)}
    parts = []
    if DocumentKind.RECTIFICATION_ORDER in kinds:
        parts.append(
            f"对发现的问题责令限期整改（{kinds[DocumentKind.RECTIFICATION_ORDER]}），"
            f"整改期限至 {when(inspection.rectification_deadline, DATE)}，期满复查"
        )
    if DocumentKind.ONSITE_MEASURES in kinds:
        parts.append(f"作出现场处理措施决定（{kinds[DocumentKind.ONSITE_MEASURES]}）")
    if any(hasattr(f, "violation") for f in bad):
        parts.append("涉嫌违法行为另行立案查处")
    return "；".join(parts) + "。" if parts else "发现的问题已当场整改。"


def _document(title: str, number: str, inspection, blocks: list) -> Document:
    return Document(
        title=title,
        number=number,
        number_right=True,
        blocks=blocks,
        filename=f"{number}-{title}",
        footer=f"{inspection.office.name}　检查编号 {inspection.number}",
    )


def order_document(inspection, doc, base_url: str = "") -> Document:
    """责令限期整改指令书: the problems, the deadline and the legal basis."""
    ent = inspection.enterprise
    bad = [f for f in papers.findings_of(inspection) if f.result == Result.NONCONFORM and f.becomes]
    checked = when(inspection.finished_at or inspection.started_at, DATE)
    blocks: list = [
        _qr(inspection, base_url),
        Paragraph(f"{ent.name}："),
        Paragraph(f"经查，你单位存在下列问题（{checked}现场检查发现）："),
        _nonconform_table(bad),
        Paragraph(
            f"依据{LAW}第六十五条第一款第（二）项的规定，现责令你单位对上述问题于"
            f"{when(doc.deadline, DATE)}前整改完毕，达到有关法律法规规章和标准规定的要求。"
            "由此造成事故的，依法追究有关人员的责任。"
        ),
        Paragraph(
            "整改期间，你单位应当采取措施，确保安全生产。对安全生产违法行为，将依法予以行政处罚。"
        ),
        Paragraph(REMEDY.format(gov=_government(inspection))),
    ]
    blocks += _signatures(
        inspection, papers.officers_of(inspection), papers.signing_of(inspection), doc.issued_at
    )
    return _document("责令限期整改指令书", doc.number, inspection, blocks)


def _government(inspection) -> str:
    name = inspection.office.name
    return name.replace("应急管理局", "人民政府") if "应急管理局" in name else "本级人民政府"


def measures_document(inspection, doc, base_url: str = "") -> Document:
    """现场处理措施决定书 (安全生产法第六十五条第一款第（三）项)."""
    ent = inspection.enterprise
    rows = [
        [
            str(i),
            m.finding.item.title if m.finding and m.finding.item else "—",
            MeasureKind(m.kind).label,
            m.note or "—",
        ]
        for i, m in enumerate(papers.measures_of(inspection), 1)
    ]
    blocks: list = [
        _qr(inspection, base_url),
        Paragraph(f"{ent.name}："),
        Paragraph(
            "经查，你单位存在重大事故隐患或者在作业中存在危及人身安全的情形，详见现场检查记录。"
        ),
        Paragraph(f"依据{LAW}第六十五条第一款第（三）项的规定，现作出如下现场处理决定："),
        Table(["序号", "涉及的检查内容", "处理措施", "说明"], rows, [8, 42, 24, 26]),
        Paragraph("重大事故隐患排除后，经审查同意，方可恢复生产经营和使用。"),
        Paragraph(REMEDY.format(gov=_government(inspection))),
    ]
    blocks += _signatures(
        inspection, papers.officers_of(inspection), papers.signing_of(inspection), doc.issued_at
    )
    return _document("现场处理措施决定书", doc.number, inspection, blocks)


def recheck_document(inspection, doc, base_url: str = "") -> Document:
    """整改复查意见书: the re-check's opinion and conclusion, signed by the checking officer."""
    ent = inspection.enterprise
    recheck = doc.recheck
    order = papers.documents_of(inspection).filter(kind=DocumentKind.RECTIFICATION_ORDER).first()
    passed = recheck.result == RecheckResult.PASSED
    blocks: list = [
        _qr(inspection, base_url),
        Paragraph(f"{ent.name}："),
        Paragraph(
            f"本机关于{when(order.issued_at if order else None, DATE)}作出了责令限期整改指令书"
            f"（{order.number if order else '—'}），经{when(recheck.done_at, DATE)}"
            "对你单位整改情况进行复查，提出如下意见："
        ),
        Fields(
            [
                [Field("复查意见", recheck.opinion)],
                [
                    Field(
                        "复查结论",
                        RecheckResult(recheck.result).label,
                        emphasis="" if passed else "alert",
                    )
                ],
            ]
        ),
    ]
    if not passed:
        blocks.append(Paragraph("对逾期未整改的违法行为，本机关将依法立案查处。"))
    blocks.append(
        Signatures(
            [
                SignatureBox("复查人员", recheck.signature),
                SignatureBox("被复查单位负责人", absent="（现场签名）"),
                _seal_box(inspection, doc.issued_at),
            ]
        )
    )
    return _document("整改复查意见书", doc.number, inspection, blocks)


BUILDERS = {
    DocumentKind.RECORD: record_document,
    DocumentKind.RECTIFICATION_ORDER: order_document,
    DocumentKind.ONSITE_MEASURES: measures_document,
    DocumentKind.RECHECK_OPINION: recheck_document,
}


def build(inspection, doc, base_url: str = "") -> Document:
    return BUILDERS[doc.kind](inspection, doc, base_url)


def response(request, inspection, doc, fmt: str):
    """The document as a download; every download is audited."""
    base_url = request.build_absolute_uri("/")
    document = build(inspection, doc, base_url)
    return documents.response(
        request.user, document, fmt, event="inspection.document", obj=inspection
    )


def urls(inspection, doc) -> dict[str, str]:
    return {
        fmt: reverse("inspections:paper_download", args=[inspection.pk, doc.pk, fmt])
        for fmt in papers.FORMATS
    }
