"""Import of hazards found in a campaign (专项检查): every row checked first, then all or nothing.

Each row names its enterprise by credit code (in the importer's scope) and uses the labels of
the choices as they appear on the pages. Every hazard is then reported through
`services.hazard_report`, signed by the importer's account; a row that also gives the deadline,
the responsible person and the measures is confirmed at once through `hazard_transition` when
a regulator imports it. A refusal by the services is reported at its row like any other error,
and nothing is saved.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from anjian.core import audit, sheets
from anjian.core.errors import Forbidden, Invalid
from anjian.core.xlsx import HEADER_FILL, HEADER_FONT, XLSX_MIME, content_disposition
from anjian.enterprises.selectors import Enterprise
from anjian.standards import credit_code as credit_code_rule

from .choices import Category, Grade, Source
from .rules import is_regulator
from .services import _source_allowed, hazard_report, hazard_transition

MAX_REPORTED = 1000
TEMPLATE_NAME = "隐患批量导入模板.xlsx"
CONFIRM_FIELDS = ("deadline", "responsible_person", "measures")


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = False
    max_length: int = 0
    width: int = 14
    note: str = ""


COLUMNS = [
    Column(
        "企业统一社会信用代码",
        "credit_code",
        True,
        width=22,
        note="18 位；企业须已登记且在您的辖区内",
    ),
    Column("部位/设备", "location", True, 200, 18),
    Column("隐患描述", "description", True, 2000, 40),
    Column("大类", "category", note="基础管理／现场管理，留空为现场管理"),
    Column("等级", "grade", note="一般隐患／重大隐患，可留空（确认时定级）"),
    Column("来源", "source", note="监督检查／举报核查／网格巡查／其他，留空为监督检查"),
    Column("发现日期", "found_on", note="YYYY-MM-DD，留空为导入当天，不能晚于今天"),
    Column("整改期限", "deadline", note="YYYY-MM-DD，不早于今天"),
    Column("整改责任人", "responsible_person", max_length=30),
    Column(
        "整改措施",
        "measures",
        max_length=2000,
        width=30,
        note="整改期限、整改责任人、整改措施三项都填时，导入即确认为“整改中”（仅一般隐患）",
    ),
]
HEADERS = [c.header for c in COLUMNS]
BY_HEADER = {c.header: c for c in COLUMNS}
HEADER_OF = {c.field: c.header for c in COLUMNS} | {"enterprise": "企业统一社会信用代码"}
CHOICES = {"category": Category, "grade": Grade, "source": Source}


@dataclass
class Report:
    errors: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.total += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append({"row": row, "column": column, "message": message})


def _check_headers(headers: list[str]) -> None:
    missing = [c.header for c in COLUMNS if c.required and c.header not in headers]
    unknown = [h for h in headers if h and h not in BY_HEADER]
    if missing or unknown:
        parts = (["缺少列：" + "、".join(missing)] if missing else []) + (
            ["无法识别的列：" + "、".join(unknown)] if unknown else []
        )
        raise Invalid(
            "表头与模板不一致（" + "；".join(parts) + "）。请下载模板后填写。", field="file"
        )


def _choice(choices, text: str) -> str:
    by_label = {str(label): value for value, label in choices.choices}
    if text in by_label:
        return by_label[text]
    if text in choices.values:
        return text
    raise ValueError("应为：" + "、".join(by_label))


def _parse_cell(column: Column, value: Any) -> Any:
    if column.field in ("found_on", "deadline"):
        return sheets.as_date(value)
    text = "" if value is None else str(value).strip()
    if column.max_length and len(text) > column.max_length:
        raise ValueError(f"不能超过 {column.max_length} 个字")
    if column.field in CHOICES and text:
        return _choice(CHOICES[column.field], text)
    return text


def _parse_row(number: int, headers: list[str], values: list[Any], report: Report) -> dict:
    data: dict[str, Any] = {}
    for header, value in zip(headers, values, strict=False):
        column = BY_HEADER.get(header)
        if column is None:
            continue
        if column.required and value in (None, ""):
            report.add(number, header, "必填")
            continue
        try:
            data[column.field] = _parse_cell(column, value)
        except ValueError as exc:
            report.add(number, header, f"{exc}（填写的是“{value}”）")
    return data


def _check_row(number: int, data: dict, actor, enterprises: dict, report: Report) -> None:
    """Rules across cells: the enterprise in scope, the source for this role, dates, confirm."""
    code = data.get("credit_code")
    if code:
        normalized = credit_code_rule.validate(code).normalized
        data["enterprise"] = enterprises.get(normalized)
        if data["enterprise"] is None:
            report.add(number, HEADER_OF["credit_code"], "未找到该企业，或不在您的辖区内")
    data["source"] = data.get("source") or Source.INSPECTION
    if not _source_allowed(actor, data["source"]):
        report.add(number, "来源", "与您的身份不符：" + _allowed_sources(actor))
    today = timezone.localdate()
    if data.get("found_on") and data["found_on"] > today:
        report.add(number, "发现日期", "不能晚于今天")
    given = [name for name in CONFIRM_FIELDS if data.get(name)]
    if given and len(given) < len(CONFIRM_FIELDS):
        missing = [HEADER_OF[n] for n in CONFIRM_FIELDS if n not in given]
        report.add(
            number,
            HEADER_OF[given[0]],
            "整改期限、整改责任人和整改措施须同时填写（导入即确认）或同时留空；缺少："
            + "、".join(missing),
        )
    elif given:
        _check_confirm(number, data, actor, today, report)


def _check_confirm(number: int, data: dict, actor, today: date, report: Report) -> None:
    if not is_regulator(actor):
        report.add(number, "整改措施", "只有监管人员导入的隐患可以直接确认，请留空这三列")
    if data["deadline"] < today:
        report.add(number, "整改期限", "不能早于今天")
    if not data.get("grade"):
        report.add(number, "等级", "导入即确认的隐患须填写等级")
    elif data["grade"] == Grade.MAJOR:
        report.add(
            number,
            "等级",
            "重大隐患须在隐患页面填写六项治理方案后确认；"
            "请留空整改期限、整改责任人和整改措施，导入后再确认",
        )


def _allowed_sources(actor) -> str:
    return "可填 " + "、".join(
        str(label) for value, label in Source.choices if _source_allowed(actor, value)
    )


def _enterprises(actor) -> dict[str, Enterprise]:
    return {e.credit_code: e for e in Enterprise.objects.visible_to(actor).live()}


def _read(actor, upload) -> list[tuple[int, dict]]:
    sheet = sheets.read(upload)
    _check_headers(sheet.headers)
    enterprises, report, rows = _enterprises(actor), Report(), []
    for number, values in sheet.rows:
        data = _parse_row(number, sheet.headers, values, report)
        _check_row(number, data, actor, enterprises, report)
        rows.append((number, data))
    if not rows and not report.total:
        raise Invalid("文件中没有数据行。", field="file")
    _raise_if(report)
    return rows


def _raise_if(report: Report) -> None:
    if report.total:
        raise Invalid(
            f"导入未保存：共 {report.total} 处错误，请修改后重新导入。",
            errors=report.errors,
            error_count=report.total,
        )


def import_hazards(*, actor, upload) -> dict[str, int]:
    """Import a sheet; returns how many hazards were saved and how many of them confirmed."""
    if not actor.has_perm("hazards.import_hazard"):
        raise Forbidden("您无权批量导入隐患。")
    rows = _read(actor, upload)
    report, confirmed = Report(), 0
    with transaction.atomic():
        for number, data in rows:
            confirmed += _save(actor, number, data, report)
        _raise_if(report)  # a refusal by a service: roll back every row
        audit.record(
            "hazard.import",
            actor=actor,
            object_type="hazards.hazard",
            after={"saved": len(rows), "confirmed": confirmed},
        )
    return {"saved": len(rows), "confirmed": confirmed}


def _found_at(day: date | None) -> datetime:
    if day is None or day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime(day.year, day.month, day.day))


IMPORT_NO_PHOTO = "批量导入的检查记录，现场照片在隐患页面另行上传。"


def _save(actor, number: int, data: dict, report: Report) -> int:
    try:
        hazard = hazard_report(
            actor=actor,
            enterprise=data["enterprise"],
            description=data["description"],
            location=data["location"],
            source=data["source"],
            signature={"method": "account"},
            grade=data.get("grade") or "",
            category=data.get("category") or Category.SITE,
            found_at=_found_at(data.get("found_on")),
        )
        if not data.get("deadline"):
            return 0
        hazard_transition(
            actor=actor,
            hazard=hazard,
            action="confirm",
            grade=data["grade"],
            deadline=data["deadline"],
            measures=data["measures"],
            responsible_person=data["responsible_person"],
            no_photo_reason=IMPORT_NO_PHOTO,
        )
    except (Invalid, Forbidden) as exc:
        column = HEADER_OF.get(exc.details.get("field"), "整改措施")
        report.add(number, column, exc.message)
        return 0
    return 1


def template_bytes() -> bytes:
    """A workbook with the header row and a 填写说明 sheet explaining each column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "隐患清单"
    sheet.append(HEADERS)
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "说明"])
    for column in COLUMNS:
        notes.append([column.header, "必填" if column.required else "", column.note])
    notes.append([])
    notes.append(["签名", "", "每条隐患以导入人的账号确认签名上报。"])
    notes.append(["校验", "", "先校验全部行；任一行有误则一行也不保存，并列出行号、列名与原因。"])
    for letter, width in (("A", 22), ("B", 10), ("C", 70)):
        notes.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_response() -> HttpResponse:
    response = HttpResponse(template_bytes(), content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition(TEMPLATE_NAME)
    return response
