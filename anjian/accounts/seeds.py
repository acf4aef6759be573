"""Demo organisations and accounts: one persona per role, fixed usernames reused by every test."""

from __future__ import annotations

from django.utils import timezone

from anjian.core.seed import SeedContext, demo_step, scale_step

from .choices import OrgKind
from .models import Organisation, Role, User, UserRole
from .roles import ensure_builtin_roles
from .services import enterprise_organisations_sync

# name, kind, region code, sector codes
DEMO_ORGANISATIONS = [
    ("示范市应急管理局", OrgKind.GOVERNMENT, "990100", []),
    ("示范市平台运维中心", OrgKind.PLATFORM, "990100", []),
    ("东湖区应急管理局", OrgKind.GOVERNMENT, "990102", []),
    ("西山区应急管理局", OrgKind.GOVERNMENT, "990103", []),
    ("东湖区住房和城乡建设局", OrgKind.GOVERNMENT, "990102", ["construction"]),
    ("城东街道安全生产监督站", OrgKind.STATION, "990102001", []),
    ("临江镇安全生产监督站", OrgKind.STATION, "990102002", []),
    ("西城街道安全生产监督站", OrgKind.STATION, "990103001", []),
]

# username, display name, role code, organisation (name or enterprise index), grid code
DEMO_ACCOUNTS = [
    ("city", "陈市安", "city_officer", "示范市应急管理局", None),
    ("district", "李区安", "district_officer", "东湖区应急管理局", None),
    ("district_b", "王区安", "district_officer", "西山区应急管理局", None),
    ("township", "赵镇安", "township_officer", "城东街道安全生产监督站", None),
    ("sector", "孙住建", "sector_officer", "东湖区住房和城乡建设局", None),
    ("grid", "周网格", "grid_officer", "城东街道安全生产监督站", "990102001G01"),
    ("ent_manager", "吴安全", "ent_safety_manager", 0, None),
    ("ent_principal", "郑负责", "ent_principal", 0, None),
    ("other_ent", "冯安全", "ent_safety_manager", 1, None),
    ("sysadmin", "系统管理员", "sysadmin", "示范市平台运维中心", None),
    ("secadmin", "安全管理员", "secadmin", "示范市平台运维中心", None),
    ("auditadmin", "审计管理员", "auditadmin", "示范市平台运维中心", None),
]
# Safety managers of three more enterprises (not personas): they keep their enterprises' risk
# registers, so every scope holds records of two or more enterprises.
DEMO_ENTERPRISE_STAFF = [
    ("ent_build", "何安全", "ent_safety_manager", 2, None),
    ("ent_bridge", "曹安全", "ent_safety_manager", 3, None),
    ("ent_labour", "韩安全", "ent_safety_manager", 6, None),
]
STAFFED_ENTERPRISES = [0, 1, *(row[3] for row in DEMO_ENTERPRISE_STAFF)]
# Not personas either: the district's second law-enforcement officer (inspections go in twos)
# and an expert, who sees only what they are assigned to.
DEMO_FIELD_STAFF = [
    ("inspector2", "钱执法", "district_officer", "东湖区应急管理局", None),
    ("expert", "孔专家", "expert", "东湖区应急管理局", None),
]


def _organisations(ctx: SeedContext) -> dict:
    regions, sectors = ctx.data["regions"], ctx.data["sectors"]
    orgs = {}
    for name, kind, region_code, sector_codes in DEMO_ORGANISATIONS:
        region = regions[region_code]
        org, created = Organisation.objects.get_or_create(
            name=name, region=region, defaults={"kind": kind, "region_code": region.code}
        )
        if created and sector_codes:
            org.sectors.set([sectors[c] for c in sector_codes])
        orgs[name] = org
    # every demo enterprise is an organisation its people can belong to, as a registered one is
    enterprise_organisations_sync(ctx.data["enterprises"])
    for index in STAFFED_ENTERPRISES:
        orgs[index] = Organisation.objects.get(enterprise=ctx.data["enterprises"][index])
    return orgs


@demo_step(30, "单位与演示账号")
def demo_accounts(ctx: SeedContext) -> None:
    ensure_builtin_roles()
    orgs = _organisations(ctx)
    roles = {r.code: r for r in Role.objects.all()}
    grids = ctx.data["grids"]
    users = {}
    for username, name, role_code, org_key, grid_code in (
        DEMO_ACCOUNTS + DEMO_ENTERPRISE_STAFF + DEMO_FIELD_STAFF
    ):
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            user = User(
                username=username,
                display_name=name,
                organisation=orgs[org_key],
                grid=grids[grid_code] if grid_code else None,
                password_changed_at=timezone.now(),
            )
            user.set_password(ctx.password)
            user.save()
            UserRole(user=user, role=roles[role_code]).save()
        users[username] = user
    ctx.data["users"] = users


@scale_step(10, "基准测试账号")
def scale_accounts(ctx: SeedContext) -> None:
    """A district officer over the first generated district (the benchmarks log in as them)."""
    from anjian.regions.models import Region

    ensure_builtin_roles()
    district = Region.objects.get(code="990120000000")
    org, _ = Organisation.objects.get_or_create(
        name="规模区1应急管理局",
        region=district,
        defaults={"kind": OrgKind.GOVERNMENT, "region_code": district.code},
    )
    user = User.objects.filter(username="bench_district").first()
    if user is None:
        user = User(
            username="bench_district",
            display_name="基准区级",
            organisation=org,
            password_changed_at=timezone.now(),
        )
        user.set_unusable_password()
        user.save()
        UserRole(user=user, role=Role.objects.get(code="district_officer")).save()
