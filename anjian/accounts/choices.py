from django.db import models

from anjian.core.choices import ColouredChoices


class OrgKind(models.TextChoices):
    GOVERNMENT = "government", "政府部门"
    STATION = "station", "乡镇（街道）安全站"
    ENTERPRISE = "enterprise", "生产经营单位"
    EXPERT = "expert", "专家与技术服务机构"
    PLATFORM = "platform", "平台运维"


class AdminKind(models.TextChoices):
    SYSTEM = "system", "系统管理员"
    SECURITY = "security", "安全管理员"
    AUDIT = "audit", "审计管理员"


class ScopeKind(models.TextChoices):
    TERRITORIAL = "territorial", "属地（辖区全部行业）"
    SECTOR = "sector", "行业（辖区内所管行业）"
    GRID = "grid", "网格"
    ENTERPRISE = "enterprise", "本企业"
    EXPERT = "expert", "专家（仅指派事项）"
    ADMIN = "admin", "管理员（不含业务数据）"
    NONE = "none", "无"


class EnterpriseRoleCode(models.TextChoices):
    """The roles a regulator may open for an enterprise's people (never a government role)."""

    SAFETY_MANAGER = "safety_manager", "企业安全管理员"
    PRINCIPAL = "principal", "企业主要负责人"


ENTERPRISE_ROLE_CODES = {
    EnterpriseRoleCode.SAFETY_MANAGER: "ent_safety_manager",
    EnterpriseRoleCode.PRINCIPAL: "ent_principal",
}


class ClaimStatus(ColouredChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已驳回"

    __colours__ = {"pending": "orange", "approved": "green", "rejected": "secondary"}
