"""The parts an official document (文书) is made of, independent of the output format.

An app describes a document as a `Document` holding a list of blocks; the PDF and DOCX renderers
each know how to draw every kind of block, so a new document is only the function that fills
the blocks from a record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from ..models import Attachment, Signature
from . import images

EMPTY = "—"


def when(value: date | datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A date or time as printed on documents (local time); "" when there is none."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(pattern)


@dataclass
class Heading:
    """A section title (加粗小标题) kept with what follows it."""

    text: str
    kind = "heading"


@dataclass
class Paragraph:
    """Running text; `muted` for notes in small grey type; `right` set flush right (the
    issuing office and date at the foot of an official document)."""

    text: str
    muted: bool = False
    right: bool = False
    kind = "paragraph"


@dataclass
class Field:
    """One label and its value in a field table.

    `value` is text (line breaks kept) or a list of short terms shown as tags. An empty value
    prints as "—". `emphasis` is "" or "alert" (boxed in red) or "large" (big bold type);
    `note` is a small grey line under the value.
    """

    label: str
    value: str | list[str] | None = ""
    emphasis: str = ""
    note: str = ""

    @property
    def text(self) -> str:
        """The value as one string, the way it reads in both outputs."""
        if isinstance(self.value, list):
            return "、".join(self.value) or EMPTY
        text = str(self.value).strip() if self.value is not None else ""
        return text or EMPTY

    @property
    def tags(self) -> list[str]:
        return self.value if isinstance(self.value, list) else []


@dataclass
class Fields:
    """A bordered table of label/value pairs, one or two pairs per row.

    A row holding one field spans the whole width. `tone` is "" or "alert" (pale red labels,
    for emergency information).
    """

    rows: list[list[Field]]
    tone: str = ""
    kind = "fields"

    @property
    def pairs(self) -> int:
        return max((len(row) for row in self.rows), default=1)

    def cells(self) -> list[list[tuple[Field, int]]]:
        """Each row's fields with the number of value columns each spans."""
        return [
            [
                (item, 1 + 2 * (self.pairs - len(row)) if i == len(row) - 1 else 1)
                for i, item in enumerate(row)
            ]
            for row in self.rows
        ]


@dataclass
class Banner:
    """A coloured band across the page: a big word on the left, a detail on the right."""

    text: str
    detail: str = ""
    background: str = "#066fd1"
    foreground: str = "#ffffff"
    kind = "banner"


@dataclass
class PhotoColumn:
    label: str
    photos: list[Attachment]


@dataclass
class Photos:
    """Side-by-side columns of photos (e.g. 整改前 / 整改后), cropped to 4:3; "无" when none."""

    columns: list[PhotoColumn]
    kind = "photos"

    def pictures(self) -> list[tuple[str, list[bytes]]]:
        return [
            (column.label, [p for p in map(images.photo, column.photos) if p])
            for column in self.columns
        ]


@dataclass
class SignatureBox:
    """Who had to sign (the role) and the signature given, if any (未签 otherwise)."""

    role: str
    signature: Signature | None = None
    seal: bool = False  # a box left blank for the unit's seal (盖章处)
    absent: str = ""  # printed instead of 未签, e.g. 拒绝签字 with the reason

    @property
    def name_line(self) -> str:
        s = self.signature
        if s is None:
            return self.absent or ("（盖章）" if self.seal else "未签")
        how = "手写签名" if s.method == Signature.Method.HANDWRITTEN else "账号确认"
        return f"{s.signer_name}（{how}）"

    @property
    def when(self) -> str:
        return when(self.signature.signed_at) if self.signature else ""

    def picture(self) -> bytes | None:
        s = self.signature
        if s is None or s.method != Signature.Method.HANDWRITTEN or s.image is None:
            return None
        return images.signature(s.image)


@dataclass
class Signatures:
    """A row of signature boxes, one per role."""

    boxes: list[SignatureBox]
    kind = "signatures"


@dataclass
class Table:
    """A plain table with a header row; `widths` are percentages of the page width."""

    headers: list[str]
    rows: list[list[str]]
    widths: list[int] = field(default_factory=list)
    kind = "table"

    def header_cells(self) -> list[tuple[str, int | None]]:
        widths: list[int | None] = list(self.widths) or [None] * len(self.headers)
        return list(zip(self.headers, widths, strict=True))


@dataclass
class Picture:
    """A small PNG picture with a caption under it, set to the right of the page (e.g. the QR
    code of a record's public page); `width_mm` is its printed width."""

    data: bytes
    caption: str = ""
    width_mm: int = 26
    kind = "picture"


Block = Heading | Paragraph | Fields | Banner | Photos | Signatures | Table | Picture


@dataclass
class Document:
    """An official document: title, number, blocks, and how its pages and file are named.

    `subtitle` is printed under the title next to the number; `footer` replaces the page
    numbers at the bottom of each page when given; `large` sets a poster size for notices
    posted on a wall; `filename` is the download name without its extension.
    """

    title: str
    blocks: list[Block]
    filename: str
    number: str = ""
    subtitle: str = ""
    footer: str = ""
    large: bool = False
    watermark: str = ""  # a word across every page, e.g. 未销号 on a sheet not yet valid
    number_right: bool = False  # an official 文号 alone at the top right (执法文书式样)

    @property
    def subline(self) -> str:
        if self.number_right:
            return self.number
        parts = [f"编号：{self.number}" if self.number else "", self.subtitle]
        return "　　".join(p for p in parts if p)
