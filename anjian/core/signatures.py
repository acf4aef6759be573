"""Signatures: an account sign-off, or a handwritten image drawn on a canvas pad."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

from django.utils import timezone

from . import attachments
from .errors import Invalid
from .models import Signature

DATA_URL = re.compile(r"^data:image/(png|jpeg);base64,(?P<data>[A-Za-z0-9+/=\s]+)$")
MAX_SIGNATURE_BYTES = 512 * 1024


def decode_data_url(value: str) -> bytes:
    match = DATA_URL.match(value or "")
    if not match:
        raise Invalid("手写签名图片格式不正确（应为 PNG 或 JPEG 的 data URL）。", field="signature")
    try:
        data = base64.b64decode(match.group("data"), validate=False)
    except (binascii.Error, ValueError) as exc:
        raise Invalid("手写签名图片无法解码。", field="signature") from exc
    if len(data) > MAX_SIGNATURE_BYTES:
        raise Invalid("手写签名图片过大。", field="signature")
    return data


def sign(
    *,
    actor,
    statement: str,
    method: str = Signature.Method.ACCOUNT,
    image: str = "",
    role: str = "",
    signer_name: str = "",
) -> Signature:
    """Create a signature record; the digest binds signer, time, statement and image bytes.

    `signer_name` names a signer without an account (an enterprise's representative signing on
    an officer's device): the record's `signer` is then the actor who captured the signature.
    """
    if method not in Signature.Method.values:
        raise Invalid("签名方式只能是账号确认签名或手写签名。", field="signature")
    picture = None
    image_hash = ""
    if method == Signature.Method.HANDWRITTEN:
        data = decode_data_url(image)
        picture = attachments.save(
            data=data,
            name="手写签名.png",
            actor=actor,
            kind="signature",
            allowed={"image/png", "image/jpeg"},
        )
        image_hash = picture.sha256
    signed_at = timezone.now()
    name = signer_name.strip() or actor.get_full_name() or actor.get_username()
    source = "|".join([str(actor.pk), name, signed_at.isoformat(), statement, method, image_hash])
    return Signature.objects.create(
        signer=actor,
        signer_name=name[:150],
        role=role[:100],
        signed_at=signed_at,
        method=method,
        image=picture,
        statement=statement[:300],
        digest=hashlib.sha256(source.encode("utf-8")).hexdigest(),
    )


def from_payload(payload: dict | None, *, actor, statement: str, role: str = "") -> Signature:
    """Build a signature from the API/page shape {"method": ..., "image": <data URL>}."""
    if not payload or not isinstance(payload, dict):
        raise Invalid("此操作需要签名。", field="signature")
    return sign(
        actor=actor,
        statement=statement,
        method=payload.get("method", ""),
        image=payload.get("image", ""),
        role=role,
    )
