"""One signing at the end of a visit: every document the findings need, numbered per office,
type and year, with the same signatures; the re-check that follows; its reminders."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from docx import Document as open_docx
from pypdf import PdfReader

from anjian.accounts.models import User
from anjian.core import documents
from anjian.core.errors import Conflict, Forbidden, Invalid
from anjian.core.models import AuditEvent, Notification, Signature
from anjian.enterprises.models import Enterprise
from anjian.hazards import services as hazard_services
from anjian.inspections import (
    documents_visits,
    services_papers,
    services_visits,
    tick_hooks,
)
from anjian.inspections.choices import DocumentKind, Result, Status
from anjian.inspections.models import (
    Finding,
    Inspection,
    InspectionItem,
    ItemList,
    Recheck,
    Violation,
    VisitDocument,
)
from anjian.inspections.numbering_papers import document_number, office_short_name
from anjian.inspections.seeds_papers import sign_for_team, signature_data_url
from anjian.inspections.workflow import INSPECTION_FLOW

pytestmark = pytest.mark.django_db
PLANT = "东湖精细化工有限公司"


@pytest.fixture
def chem(personas):
    return Enterprise.objects.get(name=PLANT)


@pytest.fixture
def team(personas):
    return [personas["district"], User.objects.get(username="inspector2")]


def _items(n: int) -> list[InspectionItem]:
    lst, _ = ItemList.objects.get_or_create(
        industry="general", version=99, defaults={"title": "通用检查事项（测试）"}
    )
    start = lst.items.count()
    return [
        InspectionItem.objects.create(
            item_list=lst,
            code=f"T-{i}",
            order=i,
            title=f"检查内容 {i}",
            basis_law="中华人民共和国安全生产法",
            basis_article=f"第{20 + i % 20}条",
        )
        for i in range(start + 1, start + n + 1)
    ]


def visit(
    personas, chem, team, *, hazard=True, violation=True, conform=3, hazard_deadline=True
) -> Inspection:
    """An in-progress visit: some items 符合 and, as asked, one 不符合 that became a hazard
    (deadline in 10 days) and one that became a violation."""
    lead = personas["district"]
    inspection = services_visits.inspection_create(
        actor=lead, enterprise=chem, planned_on=timezone.localdate(), team=team
    )
    inspection = INSPECTION_FLOW.apply(inspection, "start", lead)
    items = _items(conform + 2)
    now = timezone.now()
    for item in items[:conform]:
        Finding.objects.create(
            inspection=inspection, item=item, result=Result.CONFORM, checked_by=lead, checked_at=now
        )
    if hazard:
        found = hazard_services.hazard_report(
            actor=lead,
            enterprise=chem,
            description="储罐区可燃气体报警器失效",
            location="储罐区",
            source="inspection",
            signature={"method": "account"},
        )
        if hazard_deadline:  # as once the enterprise has confirmed it
            found.__class__.objects.filter(pk=found.pk).update(
                deadline=timezone.localdate() + timedelta(days=10)
            )
        Finding.objects.create(
            inspection=inspection,
            item=items[conform],
            result=Result.NONCONFORM,
            note="报警器不报警",
            becomes="hazard",
            hazard=found,
            checked_by=lead,
            checked_at=now,
        )
    if violation:
        finding = Finding.objects.create(
            inspection=inspection,
            item=items[conform + 1],
            result=Result.NONCONFORM,
            note="特种作业人员未持证上岗",
            becomes="violation",
            checked_by=lead,
            checked_at=now,
        )
        Violation.objects.create(
            finding=finding, inspection=inspection, enterprise=chem, facts="未持证上岗"
        )
    return inspection


def sign(personas, inspection, **kw):
    kw.setdefault("representative_name", "周厂长")
    if "refused_reason" not in kw:
        kw.setdefault("representative_signature", signature_data_url("周厂长"))
    return services_papers.inspection_sign(
        actor=personas["district"],
        inspection=inspection,
        signatures=sign_for_team(inspection),
        **kw,
    )


def test_the_office_short_name_comes_from_its_name():
    assert office_short_name("东湖区应急管理局") == "东湖"
    assert office_short_name("江城市应急管理局") == "江城"
    assert office_short_name("某某县安全生产监督管理局") == "某某"
    assert office_short_name("应急管理局") == "应急管理局"


def issued(kind: str) -> int:
    """How many documents of this kind the district office has issued (the sequence is
    gap-free, so the next number is one more)."""
    return VisitDocument.objects.filter(kind=kind, number__startswith="（东湖）").count()


def test_one_signing_makes_the_record_and_the_order_with_the_same_signatures(personas, chem, team):
    inspection = visit(personas, chem, team)
    before = issued(DocumentKind.RECORD), issued(DocumentKind.RECTIFICATION_ORDER)
    signing = sign(personas, inspection)
    inspection.refresh_from_db()
    docs = list(VisitDocument.objects.filter(inspection=inspection).order_by("pk"))
    assert [d.kind for d in docs] == [DocumentKind.RECORD, DocumentKind.RECTIFICATION_ORDER]
    year = timezone.localdate().year
    assert docs[0].number == f"（东湖）应急现记〔{year}〕{before[0] + 1}号"
    assert docs[1].number == f"（东湖）应急责改〔{year}〕{before[1] + 1}号"
    due = timezone.localdate() + timedelta(days=10)
    assert docs[1].deadline == due
    assert inspection.status == Status.RECHECKING
    assert Recheck.objects.get(inspection=inspection).due_on == due
    assert signing.representative_signature.signer_name == "周厂长"
    assert signing.representative_signature.signer == personas["district"]
    names = set(
        Signature.objects.filter(role__in=["主办检查人员", "检查人员"]).values_list(
            "signer_name", flat=True
        )
    )
    assert names == {"李区安", "钱执法"}
    for doc in docs:
        built = documents_visits.build(inspection, doc)
        boxes = [b for blk in built.blocks if blk.kind == "signatures" for b in blk.boxes]
        signers = {b.signature.signer_name for b in boxes if b.signature}
        assert signers == {"李区安", "钱执法", "周厂长"}
    assert AuditEvent.objects.filter(
        event_type="inspection.signing", object_id=str(inspection.pk)
    ).exists()


def test_numbers_run_per_office_type_and_year_and_are_never_reused(personas, chem, team):
    first = visit(personas, chem, team, violation=False)
    records = issued(DocumentKind.RECORD)
    sign(personas, first)
    clean = visit(personas, chem, team, hazard=False, violation=False)
    with pytest.raises(Invalid):  # a refused signing gives its numbers back
        sign(personas, clean, representative_name="", representative_signature="")
    sign(personas, clean)
    clean.refresh_from_db()
    year = timezone.localdate().year
    assert clean.status == Status.CLOSED
    numbers = list(VisitDocument.objects.filter(inspection=clean).values_list("number", flat=True))
    assert numbers == [f"（东湖）应急现记〔{year}〕{records + 2}号"]
    # another office has its own sequence; another year starts again at 1
    other = User.objects.get(username="district_b").organisation
    with transaction.atomic():
        theirs = document_number(other, DocumentKind.RECORD)
        next_year = document_number(personas["district"].organisation, "record", year=year + 1)
    assert theirs.endswith(f"应急现记〔{year}〕1号") and not theirs.startswith("（东湖）")
    assert next_year == f"（东湖）应急现记〔{year + 1}〕1号"


def test_the_representative_may_refuse_and_the_documents_print_it(personas, chem, team):
    inspection = visit(personas, chem, team)
    signing = sign(personas, inspection, refused_reason="称需请示总经理")
    assert signing.representative_signature is None
    doc = VisitDocument.objects.get(inspection=inspection, kind=DocumentKind.RECORD)
    pdf = documents.render(documents_visits.build(inspection, doc), "pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = text.replace("\n", "")
    assert "拒绝签字" in text and "称需请示总经理" in text
    word = open_docx(io.BytesIO(documents.render(documents_visits.build(inspection, doc), "docx")))
    cells = "".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "拒绝签字（安全生产法第六十八条），原因：称需请示总经理" in cells


def test_only_team_members_sign(personas, chem, team):
    inspection = visit(personas, chem, team)
    stranger = [{"user": personas["city"].pk, "image": signature_data_url("city")}]
    with pytest.raises(Invalid, match="检查组成员"):
        services_papers.inspection_sign(
            actor=personas["district"],
            inspection=inspection,
            signatures=sign_for_team(inspection) + stranger,
            refused_reason="拒签",
        )
    with pytest.raises(Invalid, match="钱执法 尚未签名"):
        services_papers.inspection_sign(
            actor=personas["district"],
            inspection=inspection,
            signatures=sign_for_team(inspection)[:1],
            refused_reason="拒签",
        )
    with pytest.raises(Forbidden):
        services_papers.inspection_sign(
            actor=personas["city"],
            inspection=inspection,
            signatures=sign_for_team(inspection),
            refused_reason="拒签",
        )
    sign(personas, inspection)
    with pytest.raises(Conflict):
        sign(personas, inspection)


def test_the_pdf_and_docx_carry_the_number_and_the_signature_images(personas, chem, team):
    inspection = visit(personas, chem, team)
    sign(personas, inspection)
    for doc in VisitDocument.objects.filter(inspection=inspection):
        built = documents_visits.build(inspection, doc, "https://anjian.example.org/")
        pdf = PdfReader(io.BytesIO(documents.render(built, "pdf")))
        text = "".join(page.extract_text() for page in pdf.pages)
        assert doc.number in text and PLANT in text
        assert sum(len(page.images) for page in pdf.pages) >= 4  # 3 signatures and the QR code
        word = open_docx(io.BytesIO(documents.render(built, "docx")))
        body = "\n".join(p.text for p in word.paragraphs)
        cells = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
        assert doc.number in body and "李区安" in cells and "周厂长" in cells
        assert len(word.inline_shapes) >= 4


def test_a_measure_decided_on_site_adds_its_decision(personas, chem, team):
    inspection = visit(personas, chem, team)
    finding = Finding.objects.get(inspection=inspection, becomes="hazard")
    sign(personas, inspection, measures=[{"finding": finding.pk, "kind": "stop_equipment"}])
    kinds = list(VisitDocument.objects.filter(inspection=inspection).values_list("kind", flat=True))
    assert DocumentKind.ONSITE_MEASURES in kinds
    with pytest.raises(Invalid):
        other = visit(personas, chem, team)
        sign(personas, other, measures=[{"finding": finding.pk, "kind": "stop_equipment"}])


def _recheck(personas, inspection, result, **kw):
    return services_papers.recheck_record(
        actor=User.objects.get(username="inspector2"),
        inspection=inspection,
        result=result,
        opinion=kw.pop("opinion", "报警器已更换并经检测合格"),
        signature=signature_data_url("inspector2"),
        **kw,
    )


def test_a_passed_recheck_closes_the_visit_with_its_opinion(personas, chem, team):
    inspection = visit(personas, chem, team)
    sign(personas, inspection)
    recheck = _recheck(personas, inspection, "passed")
    inspection.refresh_from_db()
    assert inspection.status == Status.CLOSED
    doc = VisitDocument.objects.get(recheck=recheck)
    assert doc.number == f"（东湖）应急复查〔{timezone.localdate().year}〕1号"  # the first re-check
    text = documents.render(documents_visits.build(inspection, doc), "pdf")
    page = "".join(p.extract_text() for p in PdfReader(io.BytesIO(text)).pages)
    assert "整改合格" in page and "报警器已更换" in page


def test_a_failed_recheck_keeps_the_visit_in_recheck(personas, chem, team):
    inspection = visit(personas, chem, team)
    sign(personas, inspection)
    with pytest.raises(Forbidden):
        services_papers.recheck_record(
            actor=personas["city"],
            inspection=inspection,
            result="failed",
            opinion="未整改",
            signature=signature_data_url("city"),
        )
    _recheck(personas, inspection, "failed", opinion="报警器仍未更换")
    inspection.refresh_from_db()
    assert inspection.status == Status.RECHECKING
    with pytest.raises(Conflict):  # the one scheduled re-check is done
        _recheck(personas, inspection, "passed")


def test_reminders_go_to_the_team_once_the_day_before_and_on_the_day(
    personas, chem, team, django_capture_on_commit_callbacks
):
    inspection = visit(personas, chem, team)
    sign(personas, inspection)
    recheck = Recheck.objects.get(inspection=inspection)
    today = timezone.localdate()
    Recheck.objects.filter(pk=recheck.pk).update(due_on=today + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tick_hooks.recheck_reminders() == 1
        assert tick_hooks.recheck_reminders() == 0
        Recheck.objects.filter(pk=recheck.pk).update(due_on=today)
        assert tick_hooks.recheck_reminders() == 1
        assert tick_hooks.recheck_reminders() == 0
    for member in team:
        titles = Notification.objects.filter(recipient=member, title__contains="复查")
        assert titles.count() == 2
    assert not Notification.objects.filter(recipient=personas["city"], title__contains="复查")
