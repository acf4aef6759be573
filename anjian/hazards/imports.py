"""Import of hazards found in a campaign (专项检查): every row checked first, then all or nothing.

Each row names its enterprise by credit code (in the importer's scope) and uses the labels of
the choices as they appear on the pages. Every hazard is then reported through
`services.hazard_report`, signed by the importer's account; a row that also gives the deadline,
the responsible person and the measures is confirmed at once through `hazard_transition` when
a regulator of the hazard's responsible office imports it. A refusal by the services is reported at its row like any other error,
and nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from anjian.core import audit
from anjian.core.errors import Forbidden, Invalid
from anjian.core.records.importing import Context, Report, Row, SheetImport
from anjian.core.records.sheets import Column, Layout, choice, day, text
from anjian.enterprises.selectors import Enterprise
from anjian.standards import credit_code as credit_code_rule

from .choices import Category, Grade, Source
from .forms import source_choices
from .rules import is_regulator
from .services import _source_allowed, hazard_report, hazard_transition

CONFIRM_FIELDS = ("deadline", "responsible_person", "measures")
CREDIT_CODE = "企业统一社会信用代码"

COLUMNS = [
    Column(
        CREDIT_CODE,
        "credit_code",
        required=True,
        width=22,
        note="18 位；企业须已登记且在您的辖区内",
    ),
    Column("部位/设备", "location", text(200), required=True, width=18),
    Column("隐患描述", "description", text(2000), required=True, width=40),
    Column("大类", "category", choice(Category), note="基础管理／现场管理，留空为现场管理"),
    Column("等级", "grade", choice(Grade), note="一般隐患／重大隐患，可留空（确认时定级）"),
    Column(
        "来源",
        "source",
        choice(Source),
        note="监督检查／举报核查／网格巡查／其他，留空为监督检查",
    ),
    Column("发现日期", "found_on", day, note="YYYY-MM-DD，留空为导入当天，不能晚于今天"),
    Column("整改期限", "deadline", day, note="YYYY-MM-DD，不早于今天"),
    Column("整改责任人", "responsible_person", text(30)),
    Column(
        "整改措施",
        "measures",
        text(2000),
        width=30,
        note="整改期限、整改责任人、整改措施三项都填时，导入即确认为“整改中”（仅一般隐患）",
    ),
]
# Every row is numbered, signed and started in the workflow through the services, inside the
# import's one transaction (about 4 ms a row, 7 ms when confirmed at once): 250 rows keep the
# write lock, which every other user's write waits for on SQLite, under 2 s.
ROW_CAP = 250
LAYOUT = Layout(
    "隐患清单",
    COLUMNS,
    template_name="隐患批量导入模板.xlsx",
    example={
        "credit_code": "91990102MA0000001D",
        "location": "2号储罐区",
        "description": "防火堤伸缩缝破损，未及时封堵",
        "found_on": "2026-06-01",
    },
    notes=[
        ("签名", "每条隐患以导入人的账号确认签名上报。"),
        ("行数", f"每个文件最多 {ROW_CAP} 条隐患；更多的隐患请分成几个文件依次导入。"),
    ],
)
HEADERS = LAYOUT.headers


@dataclass
class Campaign(Context):
    enterprises: dict[str, Enterprise] = field(default_factory=dict)  # visible, by credit code


def prepare(actor, mode: str) -> Campaign:
    visible = Enterprise.objects.visible_to(actor).live()
    return Campaign(actor, mode, {e.credit_code: e for e in visible})


def validate(ctx: Campaign, row: Row) -> Row:
    """Rules across cells: the enterprise in scope, the source for this role, dates, confirm."""
    data, actor = row.data, ctx.actor
    normalized = credit_code_rule.validate(data["credit_code"]).normalized
    data["enterprise"] = ctx.enterprises.get(normalized)
    if data["enterprise"] is None:
        row.error("credit_code", "未找到该企业，或不在您的辖区内")
    data["source"] = data.get("source") or Source.INSPECTION
    if not _source_allowed(actor, data["source"]):
        allowed = "、".join(str(label) for _, label in source_choices(actor))
        row.error("source", f"与您的身份不符：可填 {allowed}")
    today = timezone.localdate()
    if data.get("found_on") and data["found_on"] > today:
        row.error("found_on", "不能晚于今天")
    given = [name for name in CONFIRM_FIELDS if data.get(name)]
    if given and len(given) < len(CONFIRM_FIELDS):
        missing = [LAYOUT.header_of(n) for n in CONFIRM_FIELDS if n not in given]
        row.error(
            given[0],
            "整改期限、整改责任人和整改措施须同时填写（导入即确认）或同时留空；缺少："
            + "、".join(missing),
        )
    elif given:
        _check_confirm(row, actor, today)
    return row


def _check_confirm(row: Row, actor, today: date) -> None:
    data = row.data
    if not is_regulator(actor):
        row.error("measures", "只有监管人员导入的隐患可以直接确认，请留空这三列")
    if data["deadline"] < today:
        row.error("deadline", "不能早于今天")
    if not data.get("grade"):
        row.error("grade", "导入即确认的隐患须填写等级")
    elif data["grade"] == Grade.MAJOR:
        row.error(
            "grade",
            "重大隐患须在隐患页面确认，治理方案由企业制定并报审；"
            "请留空整改期限、整改责任人和整改措施，导入后再确认",
        )


def write(ctx: Campaign, rows: list[Row]) -> dict[str, int]:
    """Report every hazard through the services; a refusal rolls every row back."""
    report, confirmed = Report(LAYOUT, default_column="整改措施"), 0
    for row in rows:
        try:
            confirmed += _save(ctx.actor, row.data)
        except (Invalid, Forbidden) as exc:
            name = exc.details.get("field")
            report.add(row.number, "credit_code" if name == "enterprise" else name, exc.message)
    report.raise_if_any()
    audit.record(
        "hazard.import",
        actor=ctx.actor,
        object_type="hazards.hazard",
        after={"saved": len(rows), "confirmed": confirmed},
    )
    return {"saved": len(rows), "confirmed": confirmed}


def _found_at(day: date | None) -> datetime:
    if day is None or day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime(day.year, day.month, day.day))


IMPORT_NO_PHOTO = "批量导入的检查记录，现场照片在隐患页面另行上传。"


def _save(actor, data: dict) -> int:
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
        no_photo_reason=IMPORT_NO_PHOTO,
        **{name: data[name] for name in ("grade", *CONFIRM_FIELDS)},
    )
    return 1


SHEET = SheetImport(
    LAYOUT,
    permission="hazards.import_hazard",
    denied="您无权批量导入隐患。",
    prepare=prepare,
    validate=validate,
    write=write,
    done=lambda result, mode: (
        f"导入完成：已保存 {result['saved']} 条隐患，其中 {result['confirmed']} 条已确认进入整改。"
    ),
    default_column="整改措施",
    file_label="隐患清单",
    max_rows=ROW_CAP,
)
