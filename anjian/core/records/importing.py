"""Bulk import of a record type from a spreadsheet: every row checked first, then all or nothing.

An app declares a `SheetImport`: its layout, the permission, and three hooks. `prepare` loads
once what the rows refer to (regions by code, enterprises by credit code…); `validate` turns one
parsed row into the record to write, through the same validators and services as the edit form,
and refuses it with `Invalid(field=…)`, a Django `ValidationError` or `row.error(…)`; `write`
saves the records in one short transaction, audited as the app's services do. Every problem is
reported with its sheet row and column (the count is exact, the list is capped), and any
problem means nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from anjian.core import sheets
from anjian.core.errors import Conflict, DomainError, Forbidden, Invalid

from .sheets import Layout

MAX_REPORTED = 1000
CLASH = "导入未保存：其间有人登记了相同的记录（如同一统一社会信用代码），请核对后重新导入。"
SUMMARY = "导入未保存：共 {count} 处错误，请修改后重新导入。"


@dataclass(frozen=True)
class Mode:
    value: str
    label: str  # 新增
    help: str = ""  # 每行登记一家新企业


@dataclass
class Context:
    """What every hook sees: the importer and the mode; `prepare` may return a subclass."""

    actor: Any
    mode: str


@dataclass
class Row:
    number: int  # the sheet row (the header is row 1)
    data: dict[str, Any]
    errors: list[tuple[str | None, str]] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # fields whose cells did not parse

    def error(self, name: str | None, message: str) -> None:
        """A problem at the column filling field (or headed) `name`; several may be added."""
        self.errors.append((name, message))


@dataclass
class Report:
    layout: Layout
    default_column: str = ""
    errors: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0

    def add(self, row: int, name: str | None, message: str) -> None:
        self.total += 1
        if len(self.errors) < MAX_REPORTED:
            column = self.layout.header_of(name) or self.default_column or self.layout.headers[0]
            self.errors.append({"row": row, "column": column, "message": message})

    def add_refusal(self, row: int, exc: DomainError | ValidationError) -> None:
        """A domain error or a model validation error, at the columns of its fields."""
        if isinstance(exc, ValidationError):
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for name, messages in by_field.items():
                for message in messages:
                    self.add(row, None if name == NON_FIELD_ERRORS else name, message)
        elif exc.details.get("errors"):  # several fields refused at once (`Problems`)
            for error in exc.details["errors"]:
                self.add(row, error.get("field"), error.get("message") or exc.message)
        else:
            self.add(row, exc.details.get("field"), exc.message)

    def raise_if_any(self, summary: str = SUMMARY) -> None:
        if self.total:
            raise Invalid(
                summary.format(count=self.total), errors=self.errors, error_count=self.total
            )


def _no_context(actor, mode: str) -> Context:
    return Context(actor, mode)


@dataclass(frozen=True)
class SheetImport:
    layout: Layout
    permission: str
    denied: str  # the 403 message
    validate: Callable[[Any, Row], Any]  # (context, row) → the record to write
    write: Callable[[Any, list[Any]], Any]  # (context, records) → the result; in a transaction
    # (context, records) → a write to run in the transaction, prepared outside it (bulk.py): the
    # write lock is then held only while the prepared statements run. Used instead of `write`.
    stage: Callable[[Any, list[Any]], Callable[[], Any]] | None = None
    prepare: Callable[[Any, str], Any] = _no_context  # (actor, mode) → context
    modes: Sequence[Mode] = ()
    done: Callable[[Any, str], str] = lambda result, mode: f"导入完成：已保存 {result} 条。"
    summary: str = SUMMARY
    unknown_columns: bool = False  # accept (and ignore) columns the layout does not know
    default_column: str = ""  # where a refusal naming no column is reported
    # A lower row cap than the setting, for an import whose rows go one by one through the
    # services inside the write transaction (so that it never holds the lock for long).
    max_rows: int | None = None
    # Rows with a refused cell still go to `validate` (without those fields, named in
    # `row.refused`), so the report lists every problem of a row in one round; `validate` must
    # then read the row's data with `.get`.
    partial_rows: bool = False
    file_label: str = "导入表"
    file_help: str = "按模板填写的 Excel（.xlsx）或 CSV 文件。"

    def mode_of(self, mode: str | None) -> str:
        if not self.modes:
            return ""
        values = [m.value for m in self.modes]
        if mode in (None, ""):
            return values[0]
        if mode not in values:
            named = "或".join(f"{m.value}（{m.label}）" for m in self.modes)
            raise Invalid(f"导入方式 mode 只能是 {named}。", field="mode")
        return mode


def check_headers(spec: SheetImport, headers: list[str]) -> None:
    known = set(spec.layout.headers)
    missing = [c.header for c in spec.layout.columns if c.required and c.header not in headers]
    unknown = [] if spec.unknown_columns else [h for h in headers if h and h not in known]
    if not missing and not unknown:
        return
    parts = (["缺少列：" + "、".join(missing)] if missing else []) + (
        ["无法识别的列：" + "、".join(unknown)] if unknown else []
    )
    errors = [{"row": 1, "column": h, "message": f"表头缺少“{h}”列。"} for h in missing]
    errors += [{"row": 1, "column": h, "message": f"无法识别的列“{h}”。"} for h in unknown]
    raise Invalid(
        "表头与模板不一致（" + "；".join(parts) + "）。请按导入模板的表头填写。",
        field="file",
        errors=errors,
    )


def _parse(spec: SheetImport, number: int, headers: list[str], values: list[Any], report: Report):
    """The row, its values by field; None when a cell is refused (each refusal reported),
    unless the import judges partial rows."""
    row = Row(number, {})
    for index, header in enumerate(headers):
        column = spec.layout.column(header)
        if column is None or not column.imported:  # unknown, or shown for reading only
            continue
        value = values[index] if index < len(values) else None
        if column.required and value in (None, ""):
            report.add(number, header, "必填")
            row.refused.add(column.field)
            continue
        try:
            row.data[column.field] = column.parse(value)
        except ValueError as exc:
            report.add(number, header, f"{exc}（填写的是“{value}”）")
            row.refused.add(column.field)
    return row if spec.partial_rows or not row.refused else None


def _validate(spec: SheetImport, context, row: Row, report: Report):
    try:
        record = spec.validate(context, row)
    except (Invalid, ValidationError) as exc:
        for name, message in row.errors:
            report.add(row.number, name, message)
        report.add_refusal(row.number, exc)
        return None
    for name, message in row.errors:
        report.add(row.number, name, message)
    return None if row.errors or row.refused else record


def run_import(spec: SheetImport, *, actor, upload, mode: str | None = None) -> Any:
    """Check the permission, read, check every row, then write all rows in one transaction."""
    if not actor.has_perm(spec.permission):
        raise Forbidden(spec.denied)
    mode = spec.mode_of(mode)
    sheet = sheets.read(upload, own_cap=spec.max_rows)
    check_headers(spec, sheet.headers)
    context = spec.prepare(actor, mode)
    report = Report(spec.layout, spec.default_column)
    records, seen = [], 0
    for number, values in sheet.rows:
        seen += 1
        row = _parse(spec, number, sheet.headers, values, report)
        if row is not None:
            record = _validate(spec, context, row, report)
            if record is not None:
                records.append(record)
    if not seen:
        raise Invalid("文件中没有数据行。", field="file")
    report.raise_if_any(spec.summary)
    write = spec.stage(context, records) if spec.stage else partial(spec.write, context, records)
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as exc:  # someone saved the same record after the rows were checked
        raise Conflict(CLASH) from exc
