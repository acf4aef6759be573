"""Statuses and categories of the inspections app."""

from __future__ import annotations

from django.db import models

from anjian.core.choices import ColouredChoices


class ItemIndustry(models.TextChoices):
    HAZCHEM = "hazchem", "危险化学品"
    DUST = "dust", "工贸（粉尘涉爆）"
    CONFINED = "confined", "工贸（有限空间）"
    INDUSTRY_TRADE = "industry_trade", "工贸（其他）"
    CONSTRUCTION = "construction", "建筑施工"
    FIREWORKS = "fireworks", "烟花爆竹"
    NONCOAL_MINE = "noncoal_mine", "非煤矿山"
    CROWDED_FIRE = "crowded_fire", "消防（人员密集场所）"
    GENERAL = "general", "通用"


class ListStatus(ColouredChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被新版本替代"

    __colours__ = {"draft": "secondary", "published": "green", "superseded": "muted"}


class PlanStatus(ColouredChoices):
    DRAFT = "draft", "编制中"
    SUBMITTED = "submitted", "待审批"
    APPROVED = "approved", "已审批"
    PUBLISHED = "published", "已公开"

    __colours__ = {
        "draft": "secondary",
        "submitted": "orange",
        "approved": "blue",
        "published": "green",
    }


class DrawStatus(ColouredChoices):
    COMMITTED = "committed", "已公布种子承诺"
    REVEALED = "revealed", "已开奖并公开"

    __colours__ = {"committed": "orange", "revealed": "green"}


class Origin(models.TextChoices):
    DRAW = "draw", "双随机抽查"
    PLAN = "plan", "计划检查（重点检查）"
    COMPLAINT = "complaint", "举报核查"
    ACCIDENT = "accident", "事故调查"
    AD_HOC = "ad_hoc", "其他（临时检查）"


class Kind(models.TextChoices):
    ROUTINE = "routine", "日常检查"
    SPECIAL = "special", "专项检查"
    HIGHER_SPECIAL = "higher_special", "上级部署的专项检查"
    CASE = "case", "案件办理检查"
    SUPERVISORY = "supervisory", "督导检查"


class Status(ColouredChoices):
    PLANNED = "planned", "待检查"
    IN_PROGRESS = "in_progress", "检查中"
    SIGNED = "signed", "已签字"
    RECHECKING = "rechecking", "待复查"
    CLOSED = "closed", "已办结"
    CANCELLED = "cancelled", "已取消"

    __colours__ = {
        "planned": "secondary",
        "in_progress": "blue",
        "signed": "cyan",
        "rechecking": "orange",
        "closed": "green",
        "cancelled": "muted",
    }


class MemberRole(models.TextChoices):
    LEAD = "lead", "主办检查人员"
    MEMBER = "member", "检查人员"
    EXPERT = "expert", "专家"


class Result(ColouredChoices):
    CONFORM = "conform", "符合"
    NONCONFORM = "nonconform", "不符合"
    NOT_APPLICABLE = "na", "不涉及"

    __colours__ = {"conform": "green", "nonconform": "red", "na": "muted"}


class Becomes(models.TextChoices):
    HAZARD = "hazard", "转为隐患（限期整改）"
    VIOLATION = "violation", "转为违法行为（立案查处）"


class DocumentKind(models.TextChoices):
    RECORD = "record", "现场检查记录"
    RECTIFICATION_ORDER = "rectification_order", "责令限期整改指令书"
    ONSITE_MEASURES = "onsite_measures", "现场处理措施决定书"
    RECHECK_OPINION = "recheck_opinion", "整改复查意见书"


class MeasureKind(models.TextChoices):
    """现场处理措施 (安全生产法第六十五条第一款第三项)."""

    WITHDRAW = "withdraw", "撤出作业人员"
    SUSPEND = "suspend", "暂时停产停业"
    STOP_EQUIPMENT = "stop_equipment", "停止使用相关设施、设备"


class RecheckResult(ColouredChoices):
    PASSED = "passed", "整改合格"
    FAILED = "failed", "整改不合格"

    __colours__ = {"passed": "green", "failed": "red"}


class ViolationStatus(ColouredChoices):
    PENDING = "pending", "待立案"
    CASE_OPENED = "case_opened", "已立案"
    DROPPED = "dropped", "不予立案"

    __colours__ = {"pending": "orange", "case_opened": "blue", "dropped": "muted"}
