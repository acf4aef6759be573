"""The item lists on the record layer: the list of lists (page), and one spreadsheet layout for
a list's import template, its import (into a draft, all or nothing) and its export."""

from __future__ import annotations

from dataclasses import dataclass, field

from anjian.core.errors import Problems
from anjian.core.records.exporting import SheetExport
from anjian.core.records.importing import Context, Row, SheetImport
from anjian.core.records.sheets import Column, Layout, integer, text
from anjian.core.records.tables import Col
from anjian.core.records.types import FilterField, PageAction, RecordType

from . import selectors_items, services_items
from .choices import ItemIndustry, ListStatus
from .filters_items import ItemListFilters
from .models import InspectionItem, ItemList
from .models.items import DescriptionGrade

LISTS = RecordType(
    name="itemlist",
    namespace="inspections",
    list_name="itemlists",
    detail_url="itemlist",
    title="检查事项清单",
    pretitle="监督检查",
    noun="清单",
    unit="份",
    filters=ItemListFilters,
    rows=selectors_items.lists_for,
    view_perm="inspections.view_itemlist",
    search_label="清单名称",
    sort_blank="按行业、新版本在前",
    filter_fields=[
        FilterField("industry", "行业", ItemIndustry),
        FilterField("status", "状态", ListStatus),
    ],
    columns=[
        Col("title", "清单名称", link=True, optional=False, sub="get_industry_display"),
        Col("version", "版本", value="version_label"),
        Col("status", "状态", badge=ListStatus),
        Col("published_at", "发布时间", show="md"),
        Col("note", "版本说明", show="lg"),
    ],
    actions=[
        PageAction(
            "起草清单",
            "inspections:itemlist-create",
            "plus",
            perm="inspections.add_itemlist",
            primary=True,
            testid="itemlist-add",
        ),
        PageAction("公开页面", "inspections:public-items", "world", testid="itemlist-public"),
    ],
)


def _all_major(item: InspectionItem) -> bool:
    grades = {d.grade for d in item.descriptions.all()}
    return grades == {DescriptionGrade.MAJOR}


def _descriptions(item: InspectionItem) -> str:
    """The descriptions as the import reads them: a major one among general ones is marked
    "重大：" (when all are major, the grade column says so)."""
    mark = not _all_major(item)
    return "\n".join(
        ("重大：" if mark and d.grade == DescriptionGrade.MAJOR else "") + d.text
        for d in item.descriptions.all()
    )


def _grade(item: InspectionItem) -> str:
    return "重大" if _all_major(item) else "一般"


def grade_cell(value) -> str:
    """The row's grade: 一般 or 重大 (blank is 一般)."""
    text = str(value or "").strip()
    if text and text not in services_items.GRADE_WORDS:
        raise ValueError("应为：一般、重大")
    return text


grade_cell.options = ["一般", "重大"]  # type: ignore[attr-defined]


LAYOUT = Layout(
    "检查事项",
    [
        Column("事项编号", "code", text(20), required=True, width=10, note="本清单内不重复"),
        Column("序号", "order", integer, width=6, note="排列顺序，整数；可空"),
        Column("检查内容", "title", text(300), required=True, width=40),
        Column("检查方法", "method", text(300), width=24, note="如：查阅资料、现场检查"),
        Column("法律依据", "basis_law", text(100), required=True, width=24, note="法律法规名称"),
        Column("条款", "basis_article", text(60), width=12, note="如：第四十一条"),
        Column(
            "对应重大事故隐患判定标准",
            "major_criterion",
            text(200),
            width=28,
            note="属于重大事故隐患判定标准的，写明标准及项次",
        ),
        Column(
            "隐患描述",
            "descriptions",
            text(6000),
            get=_descriptions,
            width=40,
            note="标准隐患描述，多条用换行或“；”分隔；某一条属于重大事故隐患的，在该条开头写“重大：”",
        ),
        Column(
            "隐患等级",
            "grades",
            grade_cell,
            get=_grade,
            width=10,
            note="下拉选择“一般”或“重大”，适用于本行全部描述；不填为一般",
        ),
    ],
    template_name="检查事项导入模板.xlsx",
    example={
        "code": "TY-01",
        "order": 1,
        "title": "是否建立健全全员安全生产责任制",
        "method": "查阅资料",
        "basis_law": "《中华人民共和国安全生产法》",
        "basis_article": "第四条",
        "descriptions": "未建立全员安全生产责任制；责任制未明确各岗位的责任人员、责任范围",
        "grades": "一般",
    },
)


@dataclass
class ListContext(Context):
    item_list: ItemList | None = None
    codes: set[str] = field(default_factory=set)


def _validate(context: ListContext, row: Row):
    """One row through the form's checks; every column's problem reported in one round."""
    data = row.data
    assert context.item_list is not None
    problems = Problems()
    clean: dict = {}
    descriptions: list = []
    with problems.check():
        clean = services_items.check_item(item_list=context.item_list, data=data)
    code = str(data.get("code") or "").strip()
    if code and code in context.codes:
        problems.add("code", f"事项编号“{code}”在表中重复。")
    context.codes.add(code)
    with problems.check():
        descriptions = services_items.parse_descriptions(
            data.get("descriptions") or "", data.get("grades") or ""
        )
    # a cell that did not parse is already reported at its column
    problems.errors = [e for e in problems.errors if e["field"] not in row.refused]
    problems.raise_if_any()
    return clean, descriptions


def item_import(item_list: ItemList) -> SheetImport:
    """The import into one draft list."""

    def prepare(actor, mode: str) -> ListContext:
        return ListContext(actor, mode, item_list=item_list)

    def write(context: ListContext, rows: list) -> int:
        return services_items.items_write(actor=context.actor, item_list=item_list, rows=rows)

    return SheetImport(
        LAYOUT,
        permission="inspections.change_itemlist",
        denied="您无权修改检查事项清单。",
        validate=_validate,
        write=write,
        prepare=prepare,
        done=lambda count, mode: f"导入完成：已添加 {count} 个检查事项。",
        max_rows=2000,
        partial_rows=True,
    )


def _export_rows(user, filters):
    item_list = selectors_items.list_for(user, filters["item_list"])
    return selectors_items.items_of(item_list)


EXPORT = SheetExport(
    LAYOUT,
    permission="inspections.view_itemlist",
    denied="您无权导出检查事项清单。",
    rows=_export_rows,
    event="inspection.item_export",
    filename="检查事项清单.xlsx",
)
