"""The signing page on one phone, the documents page and its downloads, the re-check page and
the papers API (422 in Chinese, scoped 404s, bearer downloads)."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document as open_docx
from pypdf import PdfReader

from anjian.accounts.models import User
from anjian.accounts.tests.test_api import assert_error_shape, token_for
from anjian.inspections.choices import DocumentKind, Status
from anjian.inspections.models import Inspection, Recheck, VisitDocument
from anjian.inspections.seeds_papers import sign_for_team, signature_data_url

from . import test_papers
from .test_papers import visit

pytestmark = pytest.mark.django_db
chem = test_papers.chem  # the demo chemical plant
team = test_papers.team  # the district's two officers


def _walk_the_pad(client, inspection):
    url = f"/inspections/{inspection.pk}/sign/"
    first = client.get(url)
    assert first.status_code == 200
    assert "检查人员 李区安 签名" in first.content.decode()
    for entry in sign_for_team(inspection):
        page = client.post(
            url, {"step": "member", "user": entry["user"], "signature_image": entry["image"]}
        )
        assert page.status_code == 302, page.content.decode()
    refused = client.post(url, {"step": "representative", "representative_name": "周厂长"})
    assert (
        refused.status_code == 422 and "请填写企业现场负责人姓名并签名" in refused.content.decode()
    )
    done = client.post(
        url,
        {
            "step": "representative",
            "representative_name": "周厂长",
            "signature_image": signature_data_url("周厂长"),
        },
    )
    assert done.status_code == 302
    confirm = client.get(url).content.decode()
    assert "核对签名" in confirm and "确认签字，生成文书" in confirm
    return url


def test_the_lead_signs_everyone_on_one_phone_and_the_documents_download(
    client, personas, chem, team
):
    inspection = visit(personas, chem, team)
    client.force_login(personas["district"])
    url = _walk_the_pad(client, inspection)
    response = client.post(url, {"step": "confirm"})
    assert response.status_code == 302 and response["Location"].endswith("/papers/")
    inspection.refresh_from_db()
    assert inspection.status == Status.RECHECKING
    page = client.get(f"/inspections/{inspection.pk}/papers/").content.decode()
    docs = VisitDocument.objects.filter(inspection=inspection).order_by("pk")
    for doc in docs:
        assert doc.number in page
        pdf = client.get(f"/inspections/{inspection.pk}/papers/{doc.pk}.pdf")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert doc.number in text
        word = client.get(f"/inspections/{inspection.pk}/papers/{doc.pk}.docx")
        assert doc.number in "\n".join(
            p.text for p in open_docx(io.BytesIO(word.content)).paragraphs
        )
    assert client.get(f"/inspections/{inspection.pk}/papers/{docs[0].pk}.txt").status_code == 404
    pictures = re.findall(r'src="(/files/[^"]+)"', page)
    assert len(pictures) == 3  # both officers and the representative, each readable here
    assert all(client.get(src).status_code == 200 for src in pictures)
    assert client.get(url).status_code == 302  # signed: no second signing


def test_an_error_at_the_confirmation_keeps_what_was_drawn(client, personas, chem, team):
    # the hazard is only reported (no deadline yet): the order's deadline is asked at signing
    inspection = visit(personas, chem, team, hazard_deadline=False)
    client.force_login(personas["district"])
    url = _walk_the_pad(client, inspection)
    assert 'name="deadline"' in client.get(url).content.decode()
    refused = client.post(url, {"step": "confirm"})
    assert refused.status_code == 422 and "请填写责令限期整改的期限" in refused.content.decode()
    assert "核对签名" in refused.content.decode()  # the drawn signatures are still there
    ok = client.post(url, {"step": "confirm", "deadline": "2099-01-31"})
    assert ok.status_code == 302
    order = VisitDocument.objects.get(inspection=inspection, kind=DocumentKind.RECTIFICATION_ORDER)
    assert str(order.deadline) == "2099-01-31"


def test_only_the_team_opens_the_signing_page(client, personas, chem, team):
    inspection = visit(personas, chem, team)
    client.force_login(personas["city"])
    assert client.get(f"/inspections/{inspection.pk}/sign/").status_code == 403
    client.force_login(personas["district_b"])
    assert client.get(f"/inspections/{inspection.pk}/sign/").status_code == 404


def _sign_by_api(client, inspection, **extra):
    body = {
        "signatures": sign_for_team(inspection),
        "representative_name": "周厂长",
        "representative_signature": signature_data_url("周厂长"),
        **extra,
    }
    return client.post(
        f"/api/v1/inspections/{inspection.pk}/signing", body, content_type="application/json"
    )


def test_the_api_signs_lists_and_downloads_with_a_bearer_token(client, personas, chem, team):
    inspection = visit(personas, chem, team)
    client.force_login(personas["district"])
    bad = _sign_by_api(client, inspection, signatures=sign_for_team(inspection)[:1])
    assert_error_shape(bad, 422, "invalid")
    signed = _sign_by_api(client, inspection)
    assert signed.status_code == 201, signed.content
    body = signed.json()
    assert body["status"] == "rechecking"
    assert [d["label"] for d in body["documents"]] == ["现场检查记录", "责令限期整改指令书"]
    token = token_for(Client(), "ent_manager")
    listed = Client().get(
        f"/api/v1/inspections/{inspection.pk}/documents",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert listed.status_code == 200 and listed.json() == body["documents"]
    pdf = Client().get(
        body["documents"][1]["urls"]["pdf"], headers={"Authorization": f"Bearer {token}"}
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = token_for(Client(), "other_ent")
    hidden = Client().get(
        f"/api/v1/inspections/{inspection.pk}/documents",
        headers={"Authorization": f"Bearer {other}"},
    )
    assert hidden.status_code == 404


def test_the_api_records_a_recheck(client, personas, chem, team):
    inspection = visit(personas, chem, team)
    client.force_login(personas["district"])
    assert _sign_by_api(client, inspection).status_code == 201
    url = f"/api/v1/inspections/{inspection.pk}/rechecks"
    body = {"result": "passed", "opinion": "已整改", "signature": "not a picture"}
    assert_error_shape(client.post(url, body, content_type="application/json"), 422, "invalid")
    body["signature"] = signature_data_url("李区安")
    done = client.post(url, body, content_type="application/json")
    assert done.status_code == 201, done.content
    assert done.json()["document"]["label"] == "整改复查意见书"
    assert Inspection.objects.get(pk=inspection.pk).status == Status.CLOSED


def test_the_recheck_page_records_a_failure(client, personas, chem, team):
    inspection = visit(personas, chem, team)
    client.force_login(personas["district"])
    assert _sign_by_api(client, inspection).status_code == 201
    client.force_login(User.objects.get(username="inspector2"))
    url = f"/inspections/{inspection.pk}/recheck/"
    assert "复查期限" in client.get(url).content.decode()
    missing = client.post(url, {"result": "failed", "opinion": "未整改"})
    assert missing.status_code == 422 and "未整改" in missing.content.decode()
    done = client.post(
        url,
        {"result": "failed", "opinion": "未整改", "signature_image": signature_data_url("qian")},
    )
    assert done.status_code == 302
    page = client.get(f"/inspections/{inspection.pk}/papers/").content.decode()
    assert "整改不合格" in page and "立案查处" in page
    assert Inspection.objects.get(pk=inspection.pk).status == Status.RECHECKING


def test_an_overdue_recheck_shows_red_on_the_panel(client, personas, chem, team):
    inspection = visit(personas, chem, team)
    client.force_login(personas["district"])
    assert _sign_by_api(client, inspection).status_code == 201
    url = f"/inspections/{inspection.pk}/papers/"
    assert "已逾期" not in client.get(url).content.decode()
    Recheck.objects.filter(inspection=inspection).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    page = client.get(url).content.decode()
    assert 'data-testid="recheck-overdue"' in page and "text-red" in page


def test_the_inspection_page_gets_the_papers_panel(client, personas, chem, team):
    from anjian.core.records import panels
    from anjian.inspections import urls_papers  # noqa: F401  (mounted with the app's routes)

    inspection = visit(personas, chem, team)
    client.force_login(personas["district"])
    assert _sign_by_api(client, inspection).status_code == 201
    shown = dict(
        (p.key, data)
        for p, data in panels.for_record("inspection", inspection, personas["ent_manager"])
    )
    assert [d.number for d, _ in shown["papers"]["documents"]] == list(
        VisitDocument.objects.filter(inspection=inspection).values_list("number", flat=True)
    )
    assert not shown["papers"]["may_recheck"]  # the enterprise reads; the team re-checks
