from django.db import models


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
