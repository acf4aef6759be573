"""Demo hazards in every state; at scale, ten hazards per enterprise for benchmarks."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from anjian.core.seed import SeedContext, batched, demo_step, scale_step

from .choices import Category, Grade, Source, Status
from .models import Hazard, SubCategory

SUBCATEGORIES = {
    Category.BASIC: [
        "资质证照",
        "安全生产管理机构及人员",
        "安全生产责任制",
        "安全生产管理制度",
        "安全操作规程",
        "教育培训",
        "安全生产管理档案",
        "安全生产投入",
        "应急管理",
        "特种设备基础管理",
        "职业卫生基础管理",
        "相关方基础管理",
        "其他基础管理",
    ],
    Category.SITE: [
        "特种设备现场管理",
        "生产设备设施及工艺",
        "场所环境",
        "从业人员操作行为",
        "消防安全",
        "用电安全",
        "职业卫生现场安全",
        "有限空间现场安全",
        "辅助动力系统",
        "相关方现场管理",
        "其他现场管理",
    ],
}
DESCRIPTIONS = [
    ("储罐区", "液位计显示异常，未及时校验", Grade.GENERAL),
    ("配电室", "配电箱门未上锁，警示标志缺失", Grade.GENERAL),
    ("仓库", "消防通道被货物堵塞", Grade.GENERAL),
    ("车间", "机械防护罩缺失", Grade.GENERAL),
    ("罐区", "可燃气体报警器未投用", Grade.MAJOR),
    ("作业现场", "动火作业未办理审批手续", Grade.GENERAL),
]


@demo_step(40, "隐患小类")
def demo_subcategories(ctx: SeedContext) -> None:
    for category, names in SUBCATEGORIES.items():
        for order, name in enumerate(names):
            SubCategory.objects.get_or_create(
                category=category, name=name, defaults={"order": order}
            )


@scale_step(40, "批量隐患")
def scale_hazards(ctx: SeedContext) -> None:
    """Ten hazards per enterprise across every state, grade and age; plain bulk inserts."""
    from anjian.accounts.models import User
    from anjian.enterprises.models import Enterprise

    demo_subcategories(ctx)
    reporter = User.objects.order_by("id").first()
    today = timezone.localdate()
    now = timezone.now()
    states = [
        Status.REPORTED,
        Status.RECTIFYING,
        Status.RECTIFYING,
        Status.PENDING_ACCEPTANCE,
        Status.CLOSED,
        Status.CLOSED,
        Status.CLOSED,
        Status.CLOSED,
        Status.CLOSED,
        Status.VOIDED,
    ]
    rng = ctx.rng
    year = today.year
    start = _next_number(year)

    def rows():
        n = start
        for e in (
            Enterprise.objects.filter(name__startswith="规模企业")
            .values("id", "region_code", "sector_id")
            .iterator()
        ):
            for k in range(10):
                status = states[k]
                place, text, grade = DESCRIPTIONS[rng.randrange(len(DESCRIPTIONS))]
                found = now - timedelta(days=rng.randrange(1, 365))
                deadline = (found + timedelta(days=rng.choice((7, 15, 30, 60)))).date()
                n += 1
                yield Hazard(
                    number=f"YH-{year}-{n:06d}",
                    enterprise_id=e["id"],
                    region_code=e["region_code"],
                    sector_id=e["sector_id"],
                    location=place,
                    description=text,
                    grade=grade,
                    source=rng.choice(Source.values),
                    status=status,
                    found_by=reporter,
                    found_at=found,
                    deadline=None if status == Status.REPORTED else deadline,
                    confirmed_at=None if status == Status.REPORTED else found,
                    submitted_at=found + timedelta(days=5)
                    if status in (Status.CLOSED, Status.PENDING_ACCEPTANCE)
                    else None,
                    closed_at=found + timedelta(days=8) if status == Status.CLOSED else None,
                    cost=rng.randrange(1, 500) / 100,
                    listed=grade == Grade.MAJOR and k == 1,
                    voided_at=now if status == Status.VOIDED else None,
                )
        _set_sequence(year, n)

    for chunk in batched(rows()):
        Hazard.objects.bulk_create(chunk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE hazards_hazard")


def _next_number(year: int) -> int:
    from anjian.core.models import NumberSequence

    seq = NumberSequence.objects.filter(kind="hazard", year=year).first()
    return seq.last if seq else 0


def _set_sequence(year: int, last: int) -> None:
    from anjian.core.models import NumberSequence

    NumberSequence.objects.update_or_create(kind="hazard", year=year, defaults={"last": last})


def _photo(actor, colour):
    import io

    from PIL import Image

    from anjian.core import attachments

    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, format="JPEG")
    return attachments.save(data=out.getvalue(), name="现场照片.jpg", actor=actor, kind="")


PLAN = {
    "goals": "一个月内完成可燃气体报警系统修复并投用，消除重大隐患。",
    "measures": "更换失效探头，联调报警联锁，建立每日巡检记录。",
    "funds_and_materials": "安排专项资金 12 万元，探头 8 套已采购。",
    "organisation_and_people": "成立以主要负责人为组长的治理小组，设备部负责实施。",
    "deadline_and_requirements": "30 日内完成，完成后申请验收。",
    "safety_and_emergency": "治理期间罐区加密人工检测，停止动火作业，修订泄漏应急处置方案。",
}


@demo_step(45, "隐患")
def demo_hazards(ctx: SeedContext) -> None:
    """A handful of hazards of the demo city, one in each state, through the real services."""
    from anjian.accounts.models import Organisation
    from anjian.core.attachments import attach
    from anjian.core.models import Attachment
    from anjian.enterprises.models import Enterprise

    from .services import hazard_report, hazard_transition, plan_save, plan_transition

    if Hazard.objects.filter(enterprise__name="东湖精细化工有限公司").exists():
        return  # idempotent
    users = ctx.data["users"]
    chem = Enterprise.objects.get(name="东湖精细化工有限公司")
    build = Enterprise.objects.get(name="城东建设工程有限公司")
    other = Enterprise.objects.get(name="西山新型建材有限公司")
    sign = {"method": "account"}
    today = timezone.localdate()

    def report(actor, enterprise, place, text, source, colour=(180, 60, 40)):
        photo = _photo(actor, colour)
        return hazard_report(
            actor=actor,
            enterprise=enterprise,
            description=text,
            location=place,
            source=source,
            signature=sign,
            attachment_ids=[photo.pk],
        )

    report(users["ent_manager"], chem, "原料仓库", "消防通道被包装物堵塞", Source.SELF_CHECK)
    report(users["grid"], build, "施工现场东侧", "脚手架连墙件缺失", Source.GRID)
    h = report(users["township"], chem, "装卸区", "装卸作业未设置静电接地报警", Source.INSPECTION)
    hazard_transition(
        actor=users["township"],
        hazard=h,
        action="confirm",
        grade="general",
        deadline=today + timedelta(days=10),
        responsible_person="吴安全",
        measures="加装静电接地报警器并培训装卸人员",
    )
    m = report(users["township"], chem, "罐区", "可燃气体报警器未投用", Source.INSPECTION)
    m = hazard_transition(
        actor=users["township"],
        hazard=m,
        action="confirm",
        grade="major",
        deadline=today + timedelta(days=30),
        responsible_person="郑负责",
        measures="修复报警系统",
        cost=12,
    )
    # the enterprise's principal draws up the plan (16号令 Art 15); the township approves it
    principal = users["ent_principal"]
    plan_save(actor=principal, hazard=m, parts=PLAN)
    scan = _photo(principal, (230, 230, 230))
    attach([scan], m)
    Attachment.objects.filter(pk=scan.pk).update(kind="plan")
    plan_transition(actor=principal, hazard=m, action="submit")
    plan_transition(actor=users["township"], hazard=m, action="approve", comment="同意实施")
    district_office = Organisation.objects.get(name="东湖区应急管理局")
    hazard_transition(
        actor=users["district"],
        hazard=m,
        action="list",
        level="district",
        office=district_office.pk,
        due=today + timedelta(days=30),
    )
    c = report(users["ent_manager"], chem, "配电室", "配电箱门未上锁", Source.SELF_CHECK)
    c = hazard_transition(
        actor=users["ent_manager"],
        hazard=c,
        action="confirm",
        grade="general",
        deadline=today + timedelta(days=3),
        responsible_person="吴安全",
        measures="加锁并张贴警示标志",
        cost=0.05,
    )
    after = _photo(users["ent_manager"], (40, 140, 60))
    c = hazard_transition(
        actor=users["ent_manager"],
        hazard=c,
        action="submit",
        note="已加锁，已张贴警示标志",
        attachments=[after.pk],
        signature=sign,
    )
    hazard_transition(
        actor=users["ent_principal"],
        hazard=c,
        action="accept",
        opinion="现场核查已整改",
        signature=sign,
    )
    report(users["other_ent"], other, "粉磨车间", "除尘系统未定期清灰", Source.SELF_CHECK)
    bridge = Enterprise.objects.get(name="临江路桥建设集团有限公司")
    labour = Enterprise.objects.get(name="西城建筑劳务有限公司")
    report(users["district"], bridge, "拌合站", "沥青罐区未设置围堰", Source.INSPECTION)
    report(users["district_b"], labour, "基坑东侧", "基坑临边防护栏杆缺失", Source.INSPECTION)
