import io
import os
import struct
import time
import zlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from anjian.core import attachments
from anjian.core.errors import Invalid, TooLarge
from anjian.core.models import Attachment, AuditEvent, Signature
from tests.testapp.models import Ticket


def png_bytes(w=40, h=30, colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (w, h), colour).save(out, format="PNG")
    return out.getvalue()


def huge_png_header(w=50000, h=50000) -> bytes:
    """A PNG whose header claims w×h pixels, with a tiny (invalid) body: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_it_rejects_a_script_renamed_to_jpg(personas):
    upload = SimpleUploadedFile("photo.jpg", b"#!/bin/sh\nrm -rf /\n", content_type="image/jpeg")
    with pytest.raises(Invalid, match="不支持的文件类型"):
        attachments.store_upload(upload, actor=personas["grid"])


@override_settings(
    ANJIAN={"UPLOAD_MAX_BYTES": 1000, "IMAGE_MAX_PIXELS": 10**7, "IMAGE_MAX_SIDE": 4096}
)
def test_it_rejects_an_oversize_file(personas):
    upload = SimpleUploadedFile("big.png", png_bytes(400, 400) + b"0" * 2000)
    with pytest.raises(TooLarge, match="大小上限"):
        attachments.store_upload(upload, actor=personas["grid"])


def test_it_rejects_a_fifty_thousand_pixel_square_png_header(personas):
    upload = SimpleUploadedFile("bomb.png", huge_png_header())
    with pytest.raises(Invalid, match="图片尺寸超过上限"):
        attachments.store_upload(upload, actor=personas["grid"])


def test_it_reencodes_images_and_stores_under_a_generated_name(personas):
    upload = SimpleUploadedFile("../../etc/现场.png", png_bytes())
    item = attachments.store_upload(upload, actor=personas["grid"], kind="before")
    assert item.mime == "image/png" and (item.width, item.height) == (40, 30)
    assert item.original_name == "现场.png"
    assert ".." not in item.stored_name and item.stored_name.endswith(".png")
    assert attachments.path_of(item).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def pdf_bytes(*, script: str | None = None, embed: bool = False, password: str = "") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if script:
        writer.add_open_action(JavaScript(script))
    if embed:
        writer.add_attachment("payload.exe", b"MZ...")
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_it_accepts_a_pdf_by_content(personas):
    upload = SimpleUploadedFile("x.bin", pdf_bytes())
    assert attachments.store_upload(upload, actor=personas["grid"]).mime == "application/pdf"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (lambda: pdf_bytes(script="app.alert('x');"), "含有脚本"),
        (lambda: pdf_bytes(embed=True), "含有嵌入文件"),
        (lambda: pdf_bytes(password="secret"), "已加密"),
        (lambda: b"%PDF-1.7\n" + b"\x00garbage" * 50, "已损坏"),
    ],
)
def test_an_active_encrypted_or_broken_pdf_is_refused(personas, data, words):
    before = Attachment.objects.count()
    with pytest.raises(Invalid) as refused:
        attachments.store_upload(SimpleUploadedFile("a.pdf", data()), actor=personas["grid"])
    assert words in refused.value.message and refused.value.details["field"] == "file"
    assert Attachment.objects.count() == before


def test_a_script_hidden_behind_a_hex_escaped_name_is_found(personas):
    data = pdf_bytes(script="app.alert('x');")
    data = data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS", b"/#4AS")
    assert b"/JavaScript" not in data and b"/JS" not in data
    with pytest.raises(Invalid, match="含有脚本"):
        attachments.check(data)


def test_the_upload_api_refuses_a_pdf_with_a_script_in_the_error_shape(client, personas):
    client.force_login(personas["grid"])
    upload = SimpleUploadedFile("a.pdf", pdf_bytes(script="this.submitForm('http://x');"))
    response = client.post("/api/v1/attachments", {"file": upload, "kind": "before"})
    assert response.status_code == 422 and "出于安全考虑不予接收" in response.json()["message"]


def test_download_is_an_attachment_with_nosniff_for_the_uploader(client, personas):
    item = attachments.store_upload(
        SimpleUploadedFile("a.png", png_bytes()), actor=personas["grid"]
    )
    client.force_login(personas["grid"])
    response = client.get(f"/files/{item.uuid}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_follows_the_owning_record_scope_and_hides_the_rest(client, personas):
    ticket = Ticket.objects.create(title="t", created_by=personas["township"])
    item = attachments.save(data=png_bytes(), name="a.png", actor=personas["grid"], owner=ticket)
    client.force_login(personas["township"])  # sees the ticket through visible_to
    assert client.get(f"/files/{item.uuid}/").status_code == 200
    client.force_login(personas["other_ent"])
    assert client.get(f"/files/{item.uuid}/").status_code == 404


def test_the_upload_api_reports_a_bad_type_in_the_error_shape(client, personas):
    client.force_login(personas["grid"])
    upload = SimpleUploadedFile("photo.jpg", b"<?php system($_GET['c']); ?>")
    response = client.post("/api/v1/attachments", {"file": upload, "kind": "before"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and "不支持的文件类型" in body["message"]


@override_settings(
    ANJIAN={"UPLOAD_MAX_BYTES": 1000, "IMAGE_MAX_PIXELS": 10**7, "IMAGE_MAX_SIDE": 4096}
)
def test_the_upload_api_answers_413_for_an_oversize_file(client, personas):
    client.force_login(personas["grid"])
    response = client.post(
        "/api/v1/attachments", {"file": SimpleUploadedFile("a.pdf", b"%PDF" + b"0" * 5000)}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def _age(item: Attachment, hours: int) -> None:
    when = timezone.now() - timedelta(hours=hours)
    Attachment.objects.filter(pk=item.pk).update(uploaded_at=when)
    os.utime(attachments.path_of(item), (when.timestamp(), when.timestamp()))


def test_purge_removes_abandoned_uploads_and_unknown_files_and_keeps_the_rest(personas):
    grid = personas["grid"]
    abandoned = attachments.save(data=png_bytes(), name="a.png", actor=grid)
    fresh = attachments.save(data=png_bytes(), name="b.png", actor=grid)
    ticket = Ticket.objects.create(title="t", created_by=personas["township"])
    bound = attachments.save(data=png_bytes(), name="c.png", actor=grid, owner=ticket)
    signed = attachments.save(data=png_bytes(), name="sig.png", actor=grid)
    Signature.objects.create(
        signer=grid,
        signer_name="网格员",
        signed_at=timezone.now(),
        method=Signature.Method.HANDWRITTEN,
        image=signed,
        statement="确认",
        digest="0" * 64,
    )
    for item in (abandoned, bound, signed):
        _age(item, 30)
    stray = attachments.path_of(fresh).parent / "stray.png"
    stray.write_bytes(b"x")
    os.utime(stray, (time.time() - 90000, time.time() - 90000))
    young_stray = attachments.path_of(fresh).parent / "young.png"
    young_stray.write_bytes(b"y")

    assert attachments.purge_orphans() == {"staged": 1, "files": 1}

    assert set(Attachment.objects.values_list("pk", flat=True)) >= {fresh.pk, bound.pk, signed.pk}
    assert not Attachment.objects.filter(pk=abandoned.pk).exists()
    assert not attachments.path_of(abandoned).exists() and not stray.exists()
    assert young_stray.exists() and all(
        attachments.path_of(item).exists() for item in (fresh, bound, signed)
    )
    event = AuditEvent.objects.filter(event_type="attachment.purge").latest("id")
    assert event.after == {"staged": 1, "files": 1}
    assert attachments.purge_orphans() == {"staged": 0, "files": 0}
    assert AuditEvent.objects.filter(event_type="attachment.purge").count() == 1


def test_an_integration_downloads_with_its_bearer_token(client, personas):
    from anjian.accounts.tests.test_api import token_for

    item = attachments.save(data=png_bytes(), name="a.png", actor=personas["grid"])
    token = token_for(client, "grid")
    fresh = Client()
    response = fresh.get(f"/files/{item.uuid}/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    other = token_for(client, "other_ent")
    refused = fresh.get(f"/files/{item.uuid}/", headers={"Authorization": f"Bearer {other}"})
    assert refused.status_code == 404
    bad = fresh.get(f"/files/{item.uuid}/", headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401
    assert fresh.get(f"/files/{item.uuid}/").status_code == 302
