"""API of the inspections app's papers part: the one signing, the visit's documents and
their downloads, the re-check. Thin: the services decide; out of scope is a 404."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Router, Schema, Status
from pydantic import Field

from anjian.core.schemas import ERRORS, ErrorOut

from . import documents_visits, services_papers
from . import selectors_papers as papers
from .choices import MeasureKind, RecheckResult

router = Router(tags=["监督检查"])
WRITE_ERRORS = {**ERRORS, 409: ErrorOut, 412: ErrorOut}


class MemberSignatureIn(Schema):
    user: int = Field(..., description="检查组成员的用户 id")
    image: str = Field(..., max_length=800_000, description="手写签名：PNG/JPEG 的 data URL")


class MeasureIn(Schema):
    finding: int | None = Field(None, description="针对的不符合项（检查结果 id）")
    kind: MeasureKind
    note: str = Field("", max_length=300)


class SigningIn(Schema):
    signatures: list[MemberSignatureIn] = Field(..., max_length=20)
    representative_name: str = Field("", max_length=30, description="企业现场负责人姓名")
    representative_signature: str = Field(
        "", max_length=800_000, description="企业现场负责人手写签名（data URL）"
    )
    refused_reason: str = Field("", max_length=300, description="拒绝签字的原因（拒签时填写）")
    measures: list[MeasureIn] = Field([], max_length=50)
    deadline: date | None = Field(None, description="整改期限（无隐患期限时必填）")


class DocumentOut(Schema):
    id: int
    kind: str
    label: str
    number: str
    issued_at: datetime
    deadline: date | None
    urls: dict[str, str]


class SigningOut(Schema):
    status: str
    documents: list[DocumentOut]


class RecheckIn(Schema):
    result: RecheckResult
    opinion: str = Field(..., min_length=1, max_length=2000)
    signature: str = Field(..., max_length=800_000, description="复查人员手写签名（data URL）")


class RecheckOut(Schema):
    id: int
    due_on: date
    done_at: datetime | None
    result: str
    opinion: str
    document: DocumentOut | None


def _document(inspection, doc) -> dict:
    api_base = f"/api/v1/inspections/{inspection.pk}/documents/{doc.pk}"
    return {
        "id": doc.pk,
        "kind": doc.kind,
        "label": doc.get_kind_display(),
        "number": doc.number,
        "issued_at": doc.issued_at,
        "deadline": doc.deadline,
        "urls": {fmt: f"{api_base}.{fmt}" for fmt in papers.FORMATS},
    }


def _documents(inspection) -> list[dict]:
    return [_document(inspection, d) for d in papers.documents_of(inspection)]


@router.post("/inspections/{inspection_id}/signing", response={201: SigningOut, **WRITE_ERRORS})
def inspection_signing(request, inspection_id: int, payload: SigningIn):
    """现场签字：检查组每名检查人员和企业现场负责人各签一次（或记录拒签原因），生成并编号全部文书。"""
    inspection = papers.inspection_for(request.user, inspection_id)
    services_papers.inspection_sign(
        actor=request.user,
        inspection=inspection,
        signatures=[s.dict() for s in payload.signatures],
        representative_name=payload.representative_name,
        representative_signature=payload.representative_signature,
        refused_reason=payload.refused_reason,
        measures=[m.dict() for m in payload.measures],
        deadline=payload.deadline,
    )
    inspection.refresh_from_db()
    return Status(201, {"status": inspection.status, "documents": _documents(inspection)})


@router.get("/inspections/{inspection_id}/documents", response={200: list[DocumentOut], **ERRORS})
def inspection_documents(request, inspection_id: int):
    """本次检查的文书：种类、名称、文号、制作时间和下载地址（PDF、DOCX）。"""
    return _documents(papers.inspection_for(request.user, inspection_id))


def _download(request, inspection_id: int, doc_id: int, fmt: str):
    inspection = papers.inspection_for(request.user, inspection_id)
    return documents_visits.response(
        request, inspection, papers.document_of(inspection, doc_id), fmt
    )


@router.get("/inspections/{inspection_id}/documents/{doc_id}.pdf", response={200: None, **ERRORS})
def inspection_document_pdf(request, inspection_id: int, doc_id: int):
    """一份文书（A4 PDF，含签名和检查码）。"""
    return _download(request, inspection_id, doc_id, "pdf")


@router.get("/inspections/{inspection_id}/documents/{doc_id}.docx", response={200: None, **ERRORS})
def inspection_document_docx(request, inspection_id: int, doc_id: int):
    """一份文书（Word 文档，内容与 PDF 相同）。"""
    return _download(request, inspection_id, doc_id, "docx")


@router.post("/inspections/{inspection_id}/rechecks", response={201: RecheckOut, **WRITE_ERRORS})
def inspection_recheck(request, inspection_id: int, payload: RecheckIn):
    """整改复查：结论（passed/failed）、意见和复查人员签名；生成并编号整改复查意见书。"""
    inspection = papers.inspection_for(request.user, inspection_id)
    recheck = services_papers.recheck_record(
        actor=request.user,
        inspection=inspection,
        result=payload.result,
        opinion=payload.opinion,
        signature=payload.signature,
    )
    doc = papers.documents_of(inspection).filter(recheck=recheck).first()
    return Status(
        201,
        {
            "id": recheck.pk,
            "due_on": recheck.due_on,
            "done_at": recheck.done_at,
            "result": recheck.result,
            "opinion": recheck.opinion,
            "document": _document(inspection, doc) if doc else None,
        },
    )
