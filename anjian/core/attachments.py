"""Uploads: size limit, type sniffed from the content, images re-encoded, generated names.

The client's file name and declared type are never trusted: the type comes from the bytes, the
stored name is a random UUID, and an image is decoded and written again (dropping metadata and
anything smuggled after the pixels) only after its header shows a pixel count under the cap.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from . import audit, virus_scan
from .errors import Invalid, TooLarge
from .models import Attachment, Signature, TransitionRecord
from .pdf_guard import check_pdf

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
TYPE_NAMES = "JPEG、PNG、WebP 图片，PDF，Excel（xlsx）或 Word（docx）文档"


@dataclass(frozen=True)
class Checked:
    data: bytes
    mime: str
    ext: str
    width: int | None = None
    height: int | None = None


def _limits() -> tuple[int, int, int]:
    conf = settings.ANJIAN
    return conf["UPLOAD_MAX_BYTES"], conf["IMAGE_MAX_PIXELS"], conf["IMAGE_MAX_SIDE"]


def read_limited(upload: UploadedFile) -> bytes:
    max_bytes, _, _ = _limits()
    if upload.size is not None and upload.size > max_bytes:
        raise TooLarge(_too_large_message(max_bytes), limit=max_bytes, size=upload.size)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(_too_large_message(max_bytes), limit=max_bytes)
    if not data:
        raise Invalid("上传的文件是空的。", field="file")
    return data


def _too_large_message(max_bytes: int) -> str:
    return f"文件超过大小上限 {max_bytes // (1024 * 1024)} MB，请压缩后重新上传。"


def sniff(data: bytes) -> str:
    kind = filetype.guess(data[:8192])
    mime = kind.mime if kind else ""
    if mime == "application/zip" or (mime in DOCUMENT_TYPES and mime != "application/pdf"):
        return _office_type(data)
    return mime


def _office_type(data: bytes) -> str:
    """An OOXML file is a zip; tell xlsx from docx by its parts without extracting anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return ""
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return ""


def check_image(data: bytes, mime: str) -> Checked:
    _, max_pixels, max_side = _limits()
    too_big = f"图片尺寸超过上限（{max_pixels // 1_000_000} 百万像素），请缩小后重新上传。"
    try:
        with Image.open(io.BytesIO(data)) as probe:  # reads the header only
            width, height = probe.size
    except Image.DecompressionBombError as exc:
        raise Invalid(too_big, field="file") from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise Invalid("图片已损坏或格式无法识别。", field="file") from exc
    if width * height > max_pixels:
        raise Invalid(f"{too_big[:-1]}（{width}×{height}）。", field="file")
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((max_side, max_side))
            return _reencode(image, mime)
    except (OSError, Image.DecompressionBombError, ValueError) as exc:
        raise Invalid("图片无法解码，请换一张图片。", field="file") from exc


def _reencode(image: Image.Image, mime: str) -> Checked:
    out = io.BytesIO()
    if mime == "image/png" or image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA") if image.mode in ("P", "LA") else image
        image.save(out, format="PNG", optimize=True)
        mime = "image/png"
    else:
        image.convert("RGB").save(out, format="JPEG", quality=85)
        mime = "image/jpeg"
    return Checked(out.getvalue(), mime, IMAGE_TYPES[mime], image.width, image.height)


def check(data: bytes, *, allowed: set[str] | None = None) -> Checked:
    """Validate content; `allowed` narrows the accepted MIME types (default: images + documents)."""
    allowed = allowed or set(IMAGE_TYPES) | set(DOCUMENT_TYPES)
    mime = sniff(data)
    if mime not in allowed:
        found = f"（检测到的类型：{mime}）" if mime else "（无法识别文件内容）"
        raise Invalid(f"不支持的文件类型{found}。请上传 {_allowed_names(allowed)}。", field="file")
    if mime in IMAGE_TYPES:
        return check_image(data, mime)
    if mime == "application/pdf":
        check_pdf(data)
    return Checked(data, mime, DOCUMENT_TYPES[mime])


def _allowed_names(allowed: set[str]) -> str:
    if allowed <= set(IMAGE_TYPES):
        return "JPEG、PNG 或 WebP 图片"
    return TYPE_NAMES


def _clean_name(name: str) -> str:
    base = Path(name or "file").name.replace("\x00", "")
    return base[-200:] or "file"


def save(
    *,
    data: bytes,
    name: str,
    actor,
    kind: str = "",
    owner: models.Model | None = None,
    allowed: set[str] | None = None,
) -> Attachment:
    """Check and store bytes as an attachment (caller handles the transaction)."""
    checked = check(data, allowed=allowed)
    virus_scan.check(data)
    stored_name = f"{uuid.uuid4().hex}.{checked.ext}"
    subdir = stored_name[:2]
    target = Path(settings.MEDIA_ROOT) / "attachments" / subdir
    target.mkdir(parents=True, exist_ok=True)
    (target / stored_name).write_bytes(checked.data)
    attachment = Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(type(owner)) if owner else None,
        object_id=str(owner.pk) if owner else "",
        kind=kind[:30],
        original_name=_clean_name(name),
        stored_name=f"{subdir}/{stored_name}",
        mime=checked.mime,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        width=checked.width,
        height=checked.height,
        uploaded_by=actor,
    )
    audit.record("attachment.upload", actor=actor, obj=attachment, after={"mime": checked.mime})
    return attachment


def store_upload(upload: UploadedFile, *, actor, kind: str = "", owner=None, allowed=None):
    return save(
        data=read_limited(upload),
        name=upload.name or "",
        actor=actor,
        kind=kind,
        owner=owner,
        allowed=allowed,
    )


def path_of(attachment: Attachment) -> Path:
    return Path(settings.MEDIA_ROOT) / "attachments" / attachment.stored_name


def attach(attachments, owner: models.Model) -> None:
    """Bind staged attachments (uploaded before their record existed) to their record."""
    ids = [a.pk for a in attachments]
    Attachment.objects.filter(pk__in=ids, content_type__isnull=True).update(
        content_type=ContentType.objects.get_for_model(type(owner)), object_id=str(owner.pk)
    )


def can_download(user, attachment: Attachment) -> bool:
    """The uploader, or anyone who may see the record it belongs to (through its scoping door)."""
    if not user.is_authenticated:
        return False
    if attachment.uploaded_by_id == user.pk:
        return True
    if attachment.content_type is None:
        return False
    model = attachment.content_type.model_class()
    manager = model._default_manager if model else None
    visible_to = getattr(manager, "visible_to", None)
    if visible_to is None:
        return False
    return visible_to(user).filter(pk=attachment.object_id).exists()


def staged_for(user, ids: list[int]) -> list[Attachment]:
    """The uploads among `ids` that this user stored and nothing holds yet (kept across a
    refused form), in upload order; any other id is ignored."""
    if not ids or not user.is_authenticated:
        return []
    rows = Attachment.objects.filter(pk__in=ids, uploaded_by=user, content_type__isnull=True)
    return list(_unheld(rows).order_by("uploaded_at", "id"))


def _unheld(rows):
    """Those of `rows` that no signature and no transition holds (checked in the database)."""
    signed = Signature.objects.filter(image__isnull=False).values("image_id")
    bound = TransitionRecord.attachments.through.objects.values("attachment_id")
    return rows.exclude(pk__in=signed).exclude(pk__in=bound)


STAGED_TTL = timedelta(hours=24)  # an upload not bound to a record within a day is abandoned


def purge_orphans(bucket: int | None = None) -> dict[str, int]:
    """Remove abandoned uploads and stored files no attachment knows; one audit event if any.

    Rows: staged attachments (no record) older than a day that no signature or transition holds.
    Files: in one of the 256 two-hex-digit folders (`bucket`, all when None), files older than a
    day without a row, so a file being written by an upload right now is never touched.
    """
    cutoff = timezone.now() - STAGED_TTL
    staged = Attachment.objects.filter(content_type__isnull=True, uploaded_at__lt=cutoff)
    abandoned = list(_unheld(staged).only("id", "stored_name"))
    Attachment.objects.filter(pk__in=[a.pk for a in abandoned]).delete()
    for item in abandoned:
        path_of(item).unlink(missing_ok=True)
    files = _purge_unknown_files(cutoff, None if bucket is None else f"{bucket % 256:02x}")
    counts = {"staged": len(abandoned), "files": files}
    if any(counts.values()):
        audit.record("attachment.purge", object_type="core.attachment", after=counts)
    return counts


def _purge_unknown_files(cutoff, folder: str | None) -> int:
    root = Path(settings.MEDIA_ROOT) / "attachments"
    folders = [root / folder] if folder else [p for p in root.glob("??") if p.is_dir()]
    removed = 0
    for directory in folders:
        if not directory.is_dir():
            continue
        old = {
            f"{directory.name}/{p.name}": p
            for p in directory.iterdir()
            if p.is_file() and p.stat().st_mtime < cutoff.timestamp()
        }
        known = set(
            Attachment.objects.filter(stored_name__in=list(old)).values_list(
                "stored_name", flat=True
            )
        )
        for name in old.keys() - known:
            old[name].unlink(missing_ok=True)
            removed += 1
    return removed


def for_objects(objects, kind: str | None = None) -> dict[str, list[Attachment]]:
    """Attachments of several records of one model, by record id, in one query."""
    from collections import defaultdict

    grouped: dict[str, list[Attachment]] = defaultdict(list)
    objects = list(objects)
    if not objects:
        return grouped
    found = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(type(objects[0])),
        object_id__in=[str(o.pk) for o in objects],
    )
    if kind is not None:
        found = found.filter(kind=kind)
    for item in found.order_by("uploaded_at", "id"):
        grouped[item.object_id].append(item)
    return grouped
