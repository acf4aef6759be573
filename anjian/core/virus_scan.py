"""Virus scan of uploads by a ClamAV daemon (clamd), when one is configured (`ANJIAN["CLAMD"]`).

The file is streamed with clamd's INSTREAM command (chunks each preceded by its length as four
big-endian bytes, then a zero length) and clamd answers `stream: OK` or `stream: <name> FOUND`.
The scan fails closed: when a daemon is configured but cannot answer, the upload is refused with
a 503 and the user is asked to try again, rather than stored unscanned.
"""

from __future__ import annotations

import logging
import socket
import struct
from urllib.parse import urlsplit

from django.conf import settings

from .errors import DomainError, Invalid

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024
TIMEOUT_SECONDS = 30


class ScanUnavailable(DomainError):
    status = 503
    code = "scan_unavailable"
    default_message = "病毒扫描服务暂时不可用，文件未保存，请稍后重试。"


def check(data: bytes) -> None:
    """Raise `Invalid` for an infected file, `ScanUnavailable` when the daemon cannot answer."""
    address = settings.ANJIAN.get("CLAMD", "")
    if not address:
        return
    try:
        answer = _instream(address, data)
    except OSError as exc:
        logger.error("clamd at %s did not answer: %s", address, exc)
        raise ScanUnavailable() from exc
    if answer.endswith("FOUND"):
        name = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        logger.warning("upload refused, clamd found %s", name)
        raise Invalid(f"文件未通过病毒扫描（检出：{name}），已拒绝保存。", field="file")
    if not answer.endswith("OK"):
        logger.error("clamd at %s answered %r", address, answer)
        raise ScanUnavailable()


def _connect(address: str) -> socket.socket:
    parts = urlsplit(address)
    if parts.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(TIMEOUT_SECONDS)
        sock.connect(parts.path)
        return sock
    if parts.scheme == "tcp" and parts.hostname:
        return socket.create_connection((parts.hostname, parts.port or 3310), TIMEOUT_SECONDS)
    raise OSError(f"unsupported clamd address {address!r}")


def _instream(address: str, data: bytes) -> str:
    with _connect(address) as sock:
        sock.sendall(b"zINSTREAM\0")
        for start in range(0, len(data), CHUNK):
            chunk = data[start : start + CHUNK]
            sock.sendall(struct.pack(">I", len(chunk)) + chunk)
        sock.sendall(struct.pack(">I", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            part = sock.recv(4096)
            if not part:
                break
            reply += part
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()
