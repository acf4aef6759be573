"""The built-in roles and their default permission codes.

Roles are data: after they are created (on migrate) the security administrator edits their
permissions; re-running migrate never overwrites those edits, it only adds missing roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.db import transaction

from .choices import AdminKind

VIEW_BUSINESS = [
    "enterprises.view_enterprise",
    "enterprises.view_licence",
    "regions.view_region",
    "regions.view_grid",
    "accounts.view_organisation",
    "hazards.view_hazard",
    "risks.view_riskpoint",
    "risks.view_majorhazardsource",
    "monitoring.view_monitoringpoint",
    "monitoring.view_alarm",
    "inspections.view_itemlist",
    "inspections.view_inspectionitem",
    "inspections.view_inspection",
]
GRID = [*VIEW_BUSINESS, "hazards.report_hazard"]
REGULATOR = [
    *VIEW_BUSINESS,
    "enterprises.add_enterprise",
    "enterprises.change_enterprise",
    "enterprises.change_regulated_fields",
    "enterprises.import_enterprise",
    "enterprises.export_enterprise",
    "enterprises.view_licence",
    "enterprises.view_keyperson",
    "hazards.report_hazard",
    "hazards.confirm_hazard",
    "hazards.accept_hazard",
    "hazards.list_hazard",
    "hazards.export_hazard",
    "hazards.import_hazard",
    "risks.file_majorhazardsource",
    "risks.export_majorhazardsource",
    "monitoring.acknowledge_alarm",
    "accounts.open_enterprise_account",
    "accounts.view_enterpriseclaim",
    "accounts.review_enterpriseclaim",
    "inspections.view_inspectionplan",
    "inspections.view_enterpriseclass",
    "inspections.view_draw",
    "inspections.add_draw",
    "inspections.view_inspectorprofile",
    "inspections.add_inspectorconflict",
    "inspections.add_inspection",
    "inspections.change_inspection",
    "inspections.conduct_inspection",
    "inspections.view_violation",
    "inspections.view_inspection_statistics",
]
SENIOR_REGULATOR = [
    *REGULATOR,
    "enterprises.view_personal_data",
    "inspections.add_itemlist",
    "inspections.change_itemlist",
    "inspections.publish_itemlist",
    "inspections.add_inspectionplan",
    "inspections.change_inspectionplan",
    "inspections.approve_inspectionplan",
    "inspections.classify_enterprise",
    "inspections.change_inspectorprofile",
]
# The city bureau is the named higher authority that may let a check through above the cap.
CITY_REGULATOR = [*SENIOR_REGULATOR, "inspections.override_cap"]
ENTERPRISE = [
    *VIEW_BUSINESS,
    "enterprises.change_enterprise",
    "enterprises.view_licence",
    "enterprises.view_keyperson",
    "enterprises.export_enterprise",
    "hazards.report_hazard",
    "hazards.confirm_hazard",
    "hazards.rectify_hazard",
    "hazards.accept_hazard",
    "hazards.export_hazard",
    "risks.add_riskpoint",
    "risks.change_riskpoint",
    "risks.add_majorhazardsource",
    "risks.change_majorhazardsource",
    "monitoring.add_monitoringpoint",
    "monitoring.change_monitoringpoint",
    "monitoring.add_reading",
    "monitoring.acknowledge_alarm",
    "monitoring.add_gatewaytoken",
]

SYSADMIN = [
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_organisation",
    "accounts.add_organisation",
    "accounts.change_organisation",
    "accounts.view_role",
    "regions.view_region",
    "regions.add_region",
    "regions.change_region",
    "regions.view_grid",
    "regions.add_grid",
    "regions.change_grid",
    "regions.view_sector",
    "regions.add_sector",
    "regions.change_sector",
]
SECADMIN = [
    "accounts.view_user",
    "accounts.view_role",
    "accounts.change_role",
    "accounts.change_securitypolicy",
    "accounts.unlock_user",
    "accounts.assign_admin_role",
    "accounts.assign_role",
    "accounts.revoke_token",
]
AUDITADMIN = ["core.view_auditevent", "core.export_auditevent"]


@dataclass(frozen=True)
class BuiltinRole:
    code: str
    name: str
    description: str
    permissions: list[str]
    admin_kind: str | None = None
    is_expert: bool = False


BUILTIN_ROLES = [
    BuiltinRole("city_officer", "市级监管人员", "市应急管理局等市级部门工作人员", CITY_REGULATOR),
    BuiltinRole(
        "district_officer", "区县监管人员", "区县应急管理局等部门工作人员", SENIOR_REGULATOR
    ),
    BuiltinRole(
        "township_officer", "乡镇安全站人员", "乡镇（街道）安全生产监督站工作人员", REGULATOR
    ),
    BuiltinRole(
        "sector_officer", "行业部门监管人员", "住建、交通等行业主管部门工作人员", REGULATOR
    ),
    BuiltinRole("grid_officer", "网格员", "网格巡查人员", GRID),
    BuiltinRole("ent_safety_manager", "企业安全管理员", "企业安全管理人员", ENTERPRISE),
    BuiltinRole("ent_principal", "企业主要负责人", "企业主要负责人", ENTERPRISE),
    BuiltinRole(
        "expert",
        "专家",
        "仅查看和处理被指派的事项",
        [*VIEW_BUSINESS, "inspections.conduct_inspection"],
        is_expert=True,
    ),
    BuiltinRole(
        "sysadmin",
        "系统管理员",
        "用户、单位、区划与系统设置；不能查看审计日志",
        SYSADMIN,
        AdminKind.SYSTEM,
    ),
    BuiltinRole(
        "secadmin",
        "安全管理员",
        "角色权限、密码与锁定策略、解锁、分配管理员角色；不含业务数据",
        SECADMIN,
        AdminKind.SECURITY,
    ),
    BuiltinRole("auditadmin", "审计管理员", "只能查看和导出审计日志", AUDITADMIN, AdminKind.AUDIT),
]


def _permissions(codes: list[str]) -> list[Permission]:
    found = []
    for code in codes:
        app_label, codename = code.split(".")
        perm = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm is not None:
            found.append(perm)
    return found


def ensure_builtin_roles(using: str = "default", **kwargs) -> None:
    """Create missing built-in roles with their default permissions (post_migrate)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from .models import Role

    for app_config in apps.get_app_configs():  # permissions of apps migrated after this one
        create_permissions(app_config, verbosity=0, using=using)
    with transaction.atomic():
        for spec in BUILTIN_ROLES:
            role, created = Role.objects.get_or_create(
                code=spec.code,
                defaults={
                    "name": spec.name,
                    "description": spec.description,
                    "admin_kind": spec.admin_kind,
                    "is_expert": spec.is_expert,
                },
            )
            if created:
                role.permissions.set(_permissions(spec.permissions))
