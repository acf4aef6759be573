"""Demo accounts: one persona per role, fixed usernames (the personas every test reuses)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from anjian.core.seed import SeedContext, demo_step

from .models import User

# username, display name, role (group) shown on the home page
DEMO_ACCOUNTS = [
    ("city", "陈市安", "市应急管理局"),
    ("district", "李区安", "区应急管理局"),
    ("district_b", "王区安", "区应急管理局"),
    ("township", "赵镇安", "乡镇安全站"),
    ("sector", "孙住建", "行业监管部门"),
    ("grid", "周网格", "网格员"),
    ("ent_manager", "吴安全", "企业安全管理员"),
    ("ent_principal", "郑负责", "企业主要负责人"),
    ("other_ent", "冯安全", "企业安全管理员"),
    ("sysadmin", "系统管理员", "系统管理员"),
    ("secadmin", "安全管理员", "安全管理员"),
    ("auditadmin", "审计管理员", "审计管理员"),
]
ROLE_PERMISSIONS = {"审计管理员": ["core.view_auditevent", "core.export_auditevent"]}


def _group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    for code in ROLE_PERMISSIONS.get(name, []):
        app_label, codename = code.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


@demo_step(10, "演示账号")
def demo_accounts(ctx: SeedContext) -> None:
    for username, name, role in DEMO_ACCOUNTS:
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            user = User(username=username, display_name=name)
            user.set_password(ctx.password)
            user.save()
        user.groups.add(_group(role))
        ctx.data.setdefault("users", {})[username] = user
