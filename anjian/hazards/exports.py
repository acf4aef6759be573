"""Excel layouts of hazards: the filtered list and the quarterly statistics report."""

from __future__ import annotations

import io

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from anjian.core import audit
from anjian.core.errors import Forbidden
from anjian.core.records.exporting import SheetExport
from anjian.core.records.sheets import Column, Layout, yes_no_label
from anjian.core.xlsx import XLSX_MIME, content_disposition, dated, safe_cell
from anjian.regions.selectors import Region

from . import selectors
from .filters import HazardFilters

LIST = Layout(
    "隐患清单",
    [
        Column("隐患编号", "number", width=18),
        Column("企业名称", "enterprise", get=lambda h: h.enterprise.name, width=28),
        Column("统一社会信用代码", "credit_code", get=lambda h: h.enterprise.credit_code, width=22),
        Column("区划代码", "region_code"),
        Column("所在乡镇（街道）", "region_name", get=lambda h: h.enterprise.region.name),
        Column("监管行业", "sector", get=lambda h: h.sector.name, width=12),
        Column("部位/设备", "location", width=18),
        Column("隐患描述", "description", width=40),
        Column("大类", "category", get=lambda h: h.get_category_display(), width=12),
        Column("等级", "grade", get=lambda h: h.get_grade_display() or "未定级", width=12),
        Column("来源", "source", get=lambda h: h.get_source_display(), width=12),
        Column("状态", "status", get=lambda h: h.get_status_display(), width=12),
        Column("发现时间", "found_at", width=12),
        Column("整改期限", "deadline", width=12),
        Column("是否逾期", "overdue", get=lambda h: h.is_overdue, render=yes_no_label, width=12),
        Column(
            "挂牌督办",
            "listed",
            get=lambda h: h.get_listing_level_display() if h.listed else "",
            width=12,
        ),
        Column("整改责任人", "responsible_person", width=12),
        Column("整改资金（万元）", "cost", width=12),
        Column("销号时间", "closed_at", width=12),
    ],
)
EXPORT = SheetExport(
    LIST,
    permission="hazards.export_hazard",
    denied="您无权导出隐患数据。",
    rows=lambda user, filters: selectors.hazards_for(user, filters).select_related(
        "enterprise__region"
    ),
    event="hazard.export",
    filename="隐患清单.xlsx",
)


REPORT_COLUMNS = [
    ("region", "区域"),
    ("general", "一般隐患（项）"),
    ("general_closed", "其中已整改"),
    ("general_rate", "整改率（%）"),
    ("major", "重大隐患（项）"),
    ("major_closed", "其中已整改"),
    ("major_rate", "整改率（%）"),
    ("major_planned", "列入治理计划"),
    ("listed", "挂牌督办"),
    ("overdue", "逾期未整改"),
    ("funds", "整改资金（万元）"),
]


def stats_basis(user, filters: HazardFilters, today) -> list[str]:
    """统计口径: what the table counts, so a reader of the sheet alone can check each figure."""
    area = _area_name(user, filters)
    return [
        "统计口径",
        f"1. 范围：{area}内、发现日期在统计期内的隐患，按所在区域分行，末行为合计；已作废的隐患不计。",
        "2. 一般隐患、重大隐患：按确认的隐患等级计数；尚未定级的隐患不计入这两类。",
        "3. 其中已整改：已验收销号的隐患。",
        "4. 整改率（%）= 已整改 ÷ 已确认 × 100，未确认的隐患不计入分母；保留一位小数；没有已确认的隐患时留空。",
        "5. 列入治理计划：已制定治理方案的重大隐患。",
        "6. 挂牌督办：制表时仍在挂牌督办中、尚未销号的隐患。",
        f"7. 逾期未整改：制表当日（{today:%Y-%m-%d}）已过整改期限仍未销号的隐患。",
        "8. 整改资金（万元）：各隐患登记的整改资金之和。",
        "依据：《安全生产事故隐患排查治理暂行规定》（国家安全生产监督管理总局令第16号）第十四条。",
    ]


def _area_name(user, filters: HazardFilters) -> str:
    """The region the figures cover: the one chosen on the page, else the user's jurisdiction."""
    regions = Region.objects.order_by("code")
    prefix = user.scope.region_prefix
    if filters.region:
        region = regions.filter(code__startswith=filters.region).first()
    else:
        region = regions.filter(prefix=prefix).first() if prefix else None
    if region is not None:
        return f"{region.name}（{region.code}）"
    return "您可查看的范围"


def stats_report_bytes(user, filters: HazardFilters) -> bytes:
    """事故隐患排查治理情况统计表 (16号令 Art 14): by subordinate region, with a total row."""
    table = selectors.report_table(user, filters)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "隐患排查治理统计"
    width = len(REPORT_COLUMNS)
    period = f"{filters.found_from or '—'} 至 {filters.found_to or '—'}"
    sheet.append(["生产经营单位事故隐患排查治理情况统计表"])
    sheet.append([f"统计期：{period}　　制表时间：{timezone.localtime():%Y-%m-%d %H:%M}"])
    sheet.append([title for _, title in REPORT_COLUMNS])
    for row in table:
        sheet.append([safe_cell(row.get(key)) for key, _ in REPORT_COLUMNS])
    last_row = sheet.max_row
    sheet.append([])
    for line in stats_basis(user, filters, timezone.localdate()):
        sheet.append([line])
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width
        )
    sheet.cell(row=last_row + 2, column=1).font = Font(bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    thin = Side(style="thin")
    for cells in sheet.iter_rows(min_row=3, max_row=last_row, max_col=width):
        for cell in cells:
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if cell.row == 3 or cell.row == last_row:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 18
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def stats_report_response(user, filters: HazardFilters) -> HttpResponse:
    if not user.has_perm(EXPORT.permission):
        raise Forbidden(EXPORT.denied)
    with transaction.atomic():
        audit.record(
            "hazard.stats_export",
            actor=user,
            object_type="hazards.hazard",
            after={"filters": filters.dict(exclude_none=True)},
        )
    response = HttpResponse(stats_report_bytes(user, filters), content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition(dated("隐患排查治理统计表.xlsx"))
    return response
