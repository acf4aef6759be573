"""Pictures for documents: read from the attachment store, turned upright, made small.

Both renderers embed the same bytes. Photos are cropped to 4:3 and re-encoded as JPEG, so a
phone's 5 MB picture does not make a 50 MB document and a WebP upload still shows in Word;
signatures stay PNG to keep their transparent background.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps

from .. import attachments
from ..models import Attachment

PHOTO_SIZE = (800, 600)
SIGNATURE_BOX = (600, 200)


def _open(attachment: Attachment) -> Image.Image | None:
    path = attachments.path_of(attachment)
    if not path.exists():
        return None
    try:
        image = Image.open(path)
        image.load()
    except (OSError, Image.DecompressionBombError):
        return None
    return ImageOps.exif_transpose(image)


def photo(attachment: Attachment) -> bytes | None:
    """A 4:3 JPEG of the photo, or None when the file is missing or not a picture."""
    image = _open(attachment)
    if image is None:
        return None
    out = io.BytesIO()
    fitted = ImageOps.fit(image.convert("RGB"), PHOTO_SIZE)
    fitted.save(out, format="JPEG", quality=85)
    return out.getvalue()


def signature(attachment: Attachment) -> bytes | None:
    """The handwritten signature as a PNG no larger than needed, or None when unreadable."""
    image = _open(attachment)
    if image is None:
        return None
    image = image.convert("RGBA")
    image.thumbnail(SIGNATURE_BOX)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
