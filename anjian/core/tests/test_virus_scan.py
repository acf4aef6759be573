"""Uploads are scanned by clamd when one is configured: a fake daemon speaks its INSTREAM protocol."""

import socketserver
import struct
import tempfile
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from anjian.core import attachments
from anjian.core.models import Attachment
from anjian.core.tests.test_attachments import pdf_bytes
from anjian.core.virus_scan import ScanUnavailable

EICAR_MARK = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


class FakeClamd(socketserver.StreamRequestHandler):
    def handle(self):
        assert self.rfile.read(10) == b"zINSTREAM\0"
        data = b""
        while size := struct.unpack(">I", self.rfile.read(4))[0]:
            data += self.rfile.read(size)
        self.server.scanned.append(len(data))
        verdict = b"Eicar-Signature FOUND" if EICAR_MARK in data else b"OK"
        self.wfile.write(b"stream: " + verdict + b"\0")


@pytest.fixture
def clamd():
    folder = tempfile.mkdtemp(prefix="clamd-")
    path = str(Path(folder) / "clamd.sock")
    server = socketserver.ThreadingUnixStreamServer(path, FakeClamd)
    server.scanned = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with override_settings(ANJIAN={**_anjian(), "CLAMD": f"unix://{path}"}):
        yield server
    server.shutdown()
    server.server_close()


def _anjian():
    from django.conf import settings

    return dict(settings.ANJIAN)


def test_a_clean_file_is_scanned_and_stored(personas, clamd):
    data = pdf_bytes()
    item = attachments.store_upload(SimpleUploadedFile("a.pdf", data), actor=personas["grid"])
    assert item.mime == "application/pdf" and clamd.scanned == [len(data)]


def test_an_infected_file_is_refused_with_the_virus_named(client, personas, clamd):
    client.force_login(personas["grid"])
    before = Attachment.objects.count()
    data = pdf_bytes(script=None) + b"\n%" + EICAR_MARK + b"\n"
    response = client.post("/api/v1/attachments", {"file": SimpleUploadedFile("a.pdf", data)})
    assert response.status_code == 422, response.content
    assert "检出：Eicar-Signature" in response.json()["message"]
    assert Attachment.objects.count() == before


def test_a_configured_daemon_that_is_down_refuses_the_upload_with_503(client, personas):
    client.force_login(personas["grid"])
    down = {**_anjian(), "CLAMD": "unix:///nonexistent/clamd.sock"}
    with override_settings(ANJIAN=down):
        with pytest.raises(ScanUnavailable):
            attachments.save(data=pdf_bytes(), name="a.pdf", actor=personas["grid"])
        response = client.post(
            "/api/v1/attachments", {"file": SimpleUploadedFile("a.pdf", pdf_bytes())}
        )
    assert response.status_code == 503 and "病毒扫描服务暂时不可用" in response.json()["message"]
