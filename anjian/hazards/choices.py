from django.db import models

from anjian.core.choices import ColouredChoices


class Status(ColouredChoices):
    REPORTED = "reported", "待确认"
    RECTIFYING = "rectifying", "整改中"
    PENDING_ACCEPTANCE = "pending_acceptance", "待验收"
    CLOSED = "closed", "已销号"
    VOIDED = "voided", "已作废"

    __colours__ = {
        "reported": "azure",
        "rectifying": "orange",
        "pending_acceptance": "purple",
        "closed": "green",
        "voided": "secondary",
    }


OPEN_STATES = (Status.REPORTED, Status.RECTIFYING, Status.PENDING_ACCEPTANCE)


class Grade(ColouredChoices):
    """16号令 Art 3: 一般事故隐患 / 重大事故隐患."""

    GENERAL = "general", "一般隐患"
    MAJOR = "major", "重大隐患"

    __colours__ = {"general": "yellow", "major": "red"}


class Source(models.TextChoices):
    SELF_CHECK = "self_check", "企业自查"
    INSPECTION = "inspection", "监督检查"
    GRID = "grid", "网格巡查"
    COMPLAINT = "complaint", "举报核查"
    OTHER = "other", "其他"


class Category(models.TextChoices):
    BASIC = "basic", "基础管理"
    SITE = "site", "现场管理"


class ListingLevel(models.TextChoices):
    CITY = "city", "市级"
    DISTRICT = "district", "区（县）级"
    TOWNSHIP = "township", "乡镇（街道）级"


# township < district < city: a user lists at his own level or below
LEVEL_RANK: dict[str, int] = {
    ListingLevel.TOWNSHIP: 0,
    ListingLevel.DISTRICT: 1,
    ListingLevel.CITY: 2,
}


class PlanStatus(ColouredChoices):
    DRAFT = "draft", "草拟中"
    SUBMITTED = "submitted", "待审查"
    APPROVED = "approved", "已同意"
    RETURNED = "returned", "已退回修改"

    __colours__ = {
        "draft": "secondary",
        "submitted": "purple",
        "approved": "green",
        "returned": "orange",
    }


PLAN_PARTS = (
    ("goals", "治理的目标和任务"),
    ("measures", "采取的方法和措施"),
    ("funds_and_materials", "经费和物资的落实"),
    ("organisation_and_people", "负责治理的机构和人员"),
    ("deadline_and_requirements", "治理的时限和要求"),
    ("safety_and_emergency", "安全措施和应急预案"),
)  # 16号令 Art 15
