"""Excel layouts of the registry: the import template and the export of a filtered list."""

from __future__ import annotations

import io

from django.db import transaction
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from anjian.core import audit
from anjian.core.errors import Forbidden
from anjian.core.xlsx import XLSX_MIME, content_disposition, stream_workbook

from . import selectors
from .columns import COLUMNS, HEADERS, export_row
from .filters import EnterpriseFilters

TEMPLATE_NAME = "企业台帐导入模板.xlsx"


def export_response(user, filters: EnterpriseFilters):
    """The filtered list as the template's columns, streamed; the export itself is audited."""
    if not user.has_perm("enterprises.export_enterprise"):
        raise Forbidden("您无权导出企业台帐。")
    qs = selectors.enterprises_for(user, filters)
    with transaction.atomic():
        audit.record(
            "enterprise.export",
            actor=user,
            object_type="enterprises.enterprise",
            after={"filters": filters.dict(exclude_none=True), "count": qs.count()},
        )
    rows = (export_row(e) for e in qs.iterator(chunk_size=2000))
    return stream_workbook(
        "企业台帐.xlsx", HEADERS, rows, sheet_title="企业台帐", widths=[c.width for c in COLUMNS]
    )


def template_bytes() -> bytes:
    """A workbook with the header row and a 填写说明 sheet explaining each column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "企业台帐"
    sheet.append(HEADERS)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF7")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "说明"])
    for column in COLUMNS:
        notes.append([column.header, "必填" if column.required else "", column.note])
    notes.append([])
    notes.append(
        ["导入方式", "", "新增：每行登记一家新企业；更新：按统一社会信用代码更新已登记企业。"]
    )
    notes.append(["校验", "", "先校验全部行；任一行有误则一行也不保存，并列出行号、列名与原因。"])
    for letter, width in (("A", 22), ("B", 10), ("C", 60)):
        notes.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_response() -> HttpResponse:
    response = HttpResponse(template_bytes(), content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition(TEMPLATE_NAME)
    return response
