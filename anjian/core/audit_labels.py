"""How the audit log reads to a person: Chinese event names, objects and reasons.

Events are stored with stable codes (`hazard.accept`, `accounts.user`, `credentials`) because the
sealed chain must never change; this module turns them into what the audit administrator reads.
Workflow events (`<workflow>.<action>`) are named from the workflow's own table, so a new
transition is named without an entry here.
"""

from __future__ import annotations

import re
from functools import cache

from django.apps import apps

from .workflow import registered_workflows

EVENT_LABELS = {
    "auth.login": "登录",
    "auth.logout": "退出登录",
    "auth.login.failure": "登录失败",
    "auth.lockout": "账号锁定",
    "auth.unlock": "解除锁定",
    "auth.throttle": "登录限流",
    "auth.session.expired": "会话超时",
    "auth.session.revoke": "结束会话",
    "auth.otp.enrol": "启用双因素认证",
    "auth.otp.remove": "关闭双因素认证",
    "auth.otp.verify": "双因素认证通过",
    "auth.otp.failure": "双因素认证失败",
    "auth.token.issue": "签发接口令牌",
    "auth.token.refuse": "拒绝签发接口令牌",
    "auth.token.revoke": "吊销接口令牌",
    "authz.denied": "越权访问被拒绝",
    "authz.not_found": "访问不存在或辖区外的记录",
    "account.bootstrap": "命令行创建初始管理员",
    "account.create": "新建账号",
    "account.update": "修改账号",
    "account.roles": "分配角色",
    "account.enable": "启用账号",
    "account.disable": "停用账号",
    "account.disable.idle": "闲置账号停用",
    "account.password.change": "修改密码",
    "account.password.reset": "重置密码",
    "organisation.create": "新建单位",
    "organisation.update": "修改单位",
    "role.permissions": "修改角色权限",
    "settings.security_policy": "修改安全策略",
    "personal_data.view": "查看完整个人信息",
    "audit.export": "导出审计日志",
    "attachment.upload": "上传附件",
    "attachment.download": "下载附件",
    "attachment.purge": "清理未关联的附件",
    "record.void": "作废记录",
    "system.backup": "系统备份",
    "system.restore": "系统恢复",
    "region.create": "新建区划",
    "region.import": "导入区划",
    "region.boundaries_import": "导入区划与网格边界",
    "grid.create": "新建网格",
    "grid.update": "修改网格",
    "sector.create": "新建行业监管部门",
    "sector.update": "修改行业监管部门",
    "enterprise.create": "新建企业",
    "enterprise.update": "修改企业",
    "enterprise.move": "企业迁移辖区",
    "enterprise.import": "导入企业",
    "enterprise.export": "导出企业台帐",
    "enterprise.risk_grade": "调整企业风险等级",
    "licence.create": "新增证照",
    "licence.update": "修改证照",
    "person.create": "新增关键人员",
    "person.update": "修改关键人员",
    "hazard.import": "导入隐患",
    "hazard.export": "导出隐患",
    "hazard.stats_export": "导出隐患统计",
    "hazard.closeout": "出具隐患销号单",
    "hazard_plan.save": "保存隐患治理方案",
    # inspections (监督检查)
    "inspection.create": "安排监督检查",
    "inspection.cap_override": "批准超出年度上限的检查",
    "inspection.cap_refused": "超出年度检查次数上限，拒绝安排检查",
    "inspection.itemlist_create": "起草检查事项清单",
    "inspection.itemlist_update": "修改检查事项清单草稿",
    "inspection.itemlist_publish": "发布检查事项清单",
    "inspection.itemlist_supersede": "检查事项清单被新版本替代",
    "inspection.itemlist_new_version": "生成检查事项清单新版本",
    "inspection.item_add": "添加检查事项",
    "inspection.item_update": "修改检查事项",
    "inspection.item_import": "导入检查事项",
    "inspection.item_export": "导出检查事项清单",
    "inspection.classify": "评定企业监管类别（分类分级）",
    "inspectionplan.update": "修改年度监督检查计划",
    "inspector.profile_save": "登记或修改执法人员",
    "inspector.conflict_declare": "申报回避",
    "draw.commit": "发起双随机抽取（公布种子承诺）",
    "draw.reveal": "双随机抽取开奖并公开",
    "inspection.expert_assigned": "指派专家参与检查（可查看该检查及其企业、隐患）",
    "inspection.expert_unassigned": "撤销专家的检查指派",
    "inspection.stats_export": "导出监督检查统计",
    "inspection.signing": "检查人员与企业现场负责人签字，生成检查文书",
    "inspection.recheck": "整改复查，生成整改复查意见书",
    "inspection.document": "下载检查文书",
    "inspection.join": "并入联合检查",
    "inspection.finding": "记录现场检查结果",
    "account.enterprise_open": "为企业开通账号",
    "account.enterprise_membership_add": "账号加入任职企业",
    "account.enterprise_membership_end": "账号退出任职企业",
    "enterprise_claim.submit": "提交企业认领申请",
    "enterprise_claim.refused": "企业认领申请被拒收",
    "risk_point.create": "新建风险点",
    "risk_point.assess": "风险评估",
    "risk_point.notice_card": "出具风险告知卡",
    "mhs.create": "登记重大危险源",
    "mhs.update": "修改重大危险源",
    "mhs.export": "导出重大危险源登记册",
    "monitoring.point.create": "新建监测点",
    "monitoring.point.update": "修改监测点",
    "monitoring.alarm.acknowledge": "确认报警",
    "monitoring.gateway.issue": "签发数据网关令牌",
    "bench.write": "性能测试写入",
}

# How a record entered its workflow's first state (`Workflow.start(action=...)`).
START_LABELS = {"report": "上报", "create": "登记"}

# Reasons recorded as codes by the services, in Chinese.
REASON_LABELS = {
    "credentials": "用户名或密码错误",
    "throttled": "尝试过于频繁，已限流",
    "locked": "账号已锁定，拒绝登录",
    "idle": "长时间未操作",
    "absolute": "超过会话最长时间",
    "logout": "本人退出登录",
    "self": "本人吊销",
    "security_admin": "安全管理员吊销",
    "disable": "账号已停用",
    "activation": "首次分配角色，发放初始密码",
    "password_reset": "重置密码",
    "password_change": "修改密码",
    "password_change_required": "须先修改初始密码",
}
REASON_PREFIXES = {"username": "按账号限流", "address": "按地址限流"}

# Object types that are not models.
OBJECT_TYPES = {"auth.address": "来源地址", "bench.item": "测试数据"}


def _workflow_label(event_type: str) -> str:
    name, _, action = event_type.rpartition(".")
    flow = registered_workflows().get(name)
    if flow is None:
        return ""
    noun = flow.model._meta.verbose_name
    transition = flow.by_action.get(action)
    if transition is not None:
        return f"{noun}：{transition.label}"
    start = START_LABELS.get(action)
    return f"{noun}：{start}" if start else ""


# Verbs of events named from their parts when no entry above names them.
VERB_LABELS = {
    "create": "新建",
    "update": "修改",
    "import": "导入",
    "export": "导出",
    "submit": "提交",
    "approve": "批准",
    "reject": "驳回",
    "return": "退回",
    "issue": "签发",
    "revoke": "吊销",
    "view": "查看",
}


def _composed_label(event_type: str) -> str:
    """ "<group>.<verb>" named from its parts, e.g. a new `grid.import` as 导入网格."""
    head, _, verb = event_type.rpartition(".")
    noun = GROUP_LABELS.get(head.replace(".", "_")) or GROUP_LABELS.get(head)
    return f"{VERB_LABELS[verb]}{noun}" if noun and verb in VERB_LABELS else ""


def event_label(event_type: str) -> str:
    """The Chinese name of an event type, or "" when it has none."""
    return (
        EVENT_LABELS.get(event_type) or _workflow_label(event_type) or _composed_label(event_type)
    )


# The first part of an event code, as the groups of the picker.
GROUP_LABELS = {
    "auth": "登录与认证",
    "authz": "访问控制",
    "account": "账号",
    "organisation": "单位",
    "role": "角色权限",
    "settings": "安全策略",
    "personal_data": "个人信息",
    "audit": "审计日志",
    "attachment": "附件",
    "record": "记录作废",
    "system": "备份与恢复",
    "region": "区划",
    "grid": "网格",
    "sector": "行业监管部门",
    "enterprise": "企业",
    "licence": "证照",
    "person": "关键人员",
    "hazard": "隐患",
    "risk_point": "风险点",
    "mhs": "重大危险源",
    "monitoring": "在线监测",
}


def event_choices() -> list[tuple[str, str]]:
    """Every known event type with its name, for the picker of the audit log page."""
    codes = dict(EVENT_LABELS)
    for flow in registered_workflows().values():
        noun = flow.model._meta.verbose_name
        for action in START_LABELS:
            codes.setdefault(f"{flow.name}.{action}", f"{noun}：{START_LABELS[action]}")
        for transition in flow.by_action.values():
            codes[f"{flow.name}.{transition.action}"] = f"{noun}：{transition.label}"
    codes.pop("bench.write", None)
    return sorted(codes.items(), key=lambda item: item[0])


def event_groups() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The picker: (prefix, group name, [(event code, name)]) — a prefix selects the whole group."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in event_choices():
        groups.setdefault(code.split(".")[0], []).append((code, label))
    order = {head: index for index, head in enumerate(GROUP_LABELS)}
    heads = sorted(groups, key=lambda head: (order.get(head, len(order)), head))
    return [(f"{head}.", GROUP_LABELS.get(head, "其他"), groups[head]) for head in heads]


def object_type_label(object_type: str) -> str:
    if object_type in OBJECT_TYPES:
        return OBJECT_TYPES[object_type]
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return ""
    return str(model._meta.verbose_name)


def object_label(object_type: str, object_id: str, object_repr: str) -> str:
    """ "隐患 YH-2026-000007 储罐区防火堤破损…" rather than `hazards.hazard #7`."""
    if not object_type:
        return ""
    noun = object_type_label(object_type) or "对象"
    if object_repr:
        return f"{noun} {object_repr}"
    return f"{noun} 第 {object_id} 号" if object_id else noun


ACTION_LABELS = {"add": "新增", "change": "修改", "delete": "删除", "view": "查看"}
PERMISSION_CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")


@cache
def permission_names() -> dict[str, str]:
    """Every permission code ("hazards.view_hazard") with its Chinese name, from the models."""
    names = {}
    for model in apps.get_models():
        meta = model._meta
        for action in meta.default_permissions:
            label = f"{ACTION_LABELS.get(action, action)}{meta.verbose_name}"
            names[f"{meta.app_label}.{action}_{meta.model_name}"] = label
        for codename, name in meta.permissions:
            names[f"{meta.app_label}.{codename}"] = str(name)
    return names


def reason_label(reason: str) -> str:
    if reason in REASON_LABELS:
        return REASON_LABELS[reason]
    prefix, sep, rest = reason.partition(": ")
    if sep and prefix in REASON_PREFIXES:
        return f"{REASON_PREFIXES[prefix]}：{rest}"
    names = permission_names()  # "缺少权限 hazards.view_hazard" → "缺少权限 「查看隐患」"
    return PERMISSION_CODE.sub(
        lambda m: f"「{names[m.group()]}」" if m.group() in names else m.group(), reason
    )
