"""PDF uploads that could act when opened: scripts, launch actions, embedded files, forms that post.

A PDF is parsed with pypdf (object streams and hex-escaped names included) and its object graph,
from the trailer down, is searched for the names that make a document active. Such a file is
refused with a message telling the user how to get a plain PDF; nothing is rewritten.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

from .errors import Invalid

logger = logging.getLogger(__name__)

# The PDF names (ISO 32000) that run code, start programs, carry files or send data.
ACTIVE = {
    "/JavaScript": "脚本",
    "/JS": "脚本",
    "/Launch": "启动外部程序的动作",
    "/EmbeddedFile": "嵌入文件",
    "/EmbeddedFiles": "嵌入文件",
    "/RichMedia": "多媒体插件",
    "/XFA": "XFA 动态表单",
    "/SubmitForm": "向外提交数据的表单",
    "/ImportData": "导入外部数据的动作",
}
MAX_OBJECTS = 200_000
PLAIN_HINT = "请用“打印为 PDF”另存为普通 PDF 后重新上传。"


def check_pdf(data: bytes) -> None:
    """Raise `Invalid` when the PDF cannot be read, is encrypted or holds active content."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Invalid(f"PDF 已加密，无法检查其内容。{PLAIN_HINT}", field="file")
        found = active_content(reader)
    except Invalid:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError, OSError) as exc:
        logger.info("unreadable PDF refused: %s", exc)
        raise Invalid("PDF 文件已损坏或无法读取，请检查后重新上传。", field="file") from exc
    if found:
        what = "、".join(dict.fromkeys(ACTIVE[name] for name in found))
        raise Invalid(f"PDF 含有{what}，出于安全考虑不予接收。{PLAIN_HINT}", field="file")


def active_content(reader: PdfReader) -> list[str]:
    """The active names found in the document, in the order met (empty for a plain PDF)."""
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    stack: list[PdfObject | None] = [reader.trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen:
                continue
            seen.add(ref)
            item = item.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            raise Invalid(f"PDF 结构过于复杂，无法检查。{PLAIN_HINT}", field="file")
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                found.extend(name for name in (key, value) if _is_active(name))
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return found


def _is_active(value: object) -> bool:
    return isinstance(value, NameObject) and value in ACTIVE
