"""An existing installation's built-in roles get the inspections permissions their defaults now
list (a new database gets them when the roles are created after migrate)."""

from django.db import migrations

VIEW = ["view_itemlist", "view_inspectionitem", "view_inspection"]
REGULATOR = [
    *VIEW,
    "view_inspectionplan",
    "view_enterpriseclass",
    "view_draw",
    "add_draw",
    "view_inspectorprofile",
    "add_inspectorconflict",
    "add_inspection",
    "change_inspection",
    "conduct_inspection",
    "view_violation",
    "view_inspection_statistics",
]
SENIOR = [
    *REGULATOR,
    "add_itemlist",
    "change_itemlist",
    "publish_itemlist",
    "add_inspectionplan",
    "change_inspectionplan",
    "approve_inspectionplan",
    "classify_enterprise",
    "change_inspectorprofile",
]
GRANTS = {
    "city_officer": [*SENIOR, "override_cap"],
    "district_officer": SENIOR,
    "township_officer": REGULATOR,
    "sector_officer": REGULATOR,
    "grid_officer": VIEW,
    "ent_safety_manager": VIEW,
    "ent_principal": VIEW,
    "expert": [*VIEW, "conduct_inspection"],
}
# codename -> the model that carries it (default permissions) and its name
CARRIERS = {
    "itemlist": "检查事项清单",
    "inspectionitem": "检查事项",
    "inspection": "监督检查",
    "inspectionplan": "年度监督检查计划",
    "enterpriseclass": "企业监管类别",
    "draw": "双随机抽查",
    "inspectorprofile": "执法人员",
    "inspectorconflict": "回避申报",
    "violation": "违法行为线索",
}
CUSTOM = {
    "conduct_inspection": ("inspection", "可实施现场检查"),
    "view_inspection_statistics": ("inspection", "可查看监督检查统计"),
    "publish_itemlist": ("itemlist", "可发布检查事项清单"),
    "approve_inspectionplan": ("inspectionplan", "可审批年度监督检查计划"),
    "classify_enterprise": ("enterpriseclass", "可评定企业监管类别"),
    "override_cap": ("capoverride", "可批准超出年度检查次数上限的检查"),
}


def _carrier(codename: str) -> tuple[str, str]:
    if codename in CUSTOM:
        return CUSTOM[codename]
    action, _, model = codename.partition("_")
    verbs = {"view": "Can view", "add": "Can add", "change": "Can change"}
    return model, f"{verbs[action]} {CARRIERS[model]}"


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    roles = {r.code: r for r in Role.objects.filter(code__in=GRANTS)}
    if not roles:  # a new database: the built-in roles are created after migrate
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for code, codenames in GRANTS.items():
        role = roles.get(code)
        if role is None:
            continue
        for codename in codenames:
            model, name = _carrier(codename)
            content_type, _ = ContentType.objects.get_or_create(
                app_label="inspections", model=model
            )
            perm, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name[:255]}
            )
            role.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_initial"),
        ("accounts", "0006_enterprise_claims_and_onboarding"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
