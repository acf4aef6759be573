"""The administration lists of accounts and organisations, declared on the record layer."""

from __future__ import annotations

from anjian.core.permissions import admin_page, permission_required_audited
from anjian.core.records.pages import DetailPage
from anjian.core.records.tables import Col
from anjian.core.records.types import FilterField, PageAction, RecordType
from anjian.core.records.workflow import Screen
from anjian.regions.selectors import Region

from . import selectors, services_onboarding
from .choices import ClaimStatus, OrgKind
from .filters import ClaimFilters, OrganisationFilters, UserFilters
from .workflow import CLAIM_FLOW

ACTIVE = "includes/cells/active.html"


def organisation_options(user, filters) -> list[tuple[int, str]]:
    """The departments and stations (not every enterprise), and the one chosen if another."""
    orgs = selectors.organisations_for(user).exclude(kind=OrgKind.ENTERPRISE)
    if filters.organisation:
        orgs = orgs | selectors.organisations_for(user).filter(pk=filters.organisation)
    return list(orgs.order_by("region_code", "name").values_list("pk", "name"))


def region_options(user, filters) -> list[tuple[str, str]]:
    regions = Region.objects.visible_to(user).filter(
        is_active=True, level__in=["province", "city", "county"]
    )
    return list(regions.values_list("code", "name"))


def _mark_locked(rows, user) -> None:
    locked = selectors.locked_usernames([u.username for u in rows])
    for account in rows:
        account.locked = account.username.lower() in locked


def _mark_editable(rows, user) -> None:
    editable = user.has_perm("accounts.change_organisation")
    for organisation in rows:
        organisation.editable = editable


USERS = RecordType(
    name="user",
    namespace="accounts",
    list_name="admin-users",
    detail_url="admin-user-edit",
    title="用户管理",
    pretitle="系统管理",
    noun="用户",
    unit="个账号",
    filters=UserFilters,
    rows=selectors.users_for,
    view_perm="accounts.view_user",
    guard=admin_page("accounts.user"),
    search_label="用户名或姓名",
    filter_fields=[FilterField("organisation", "单位", organisation_options, blank="全部单位")],
    columns=[
        Col("user", "用户", template="accounts/cells/user.html", optional=False),
        Col("organisation", "单位", value="organisation.name", show="md"),
        Col("roles", "角色", template="accounts/cells/roles.html", show="md"),
        Col("status", "状态", template="accounts/cells/user_status.html", optional=False),
    ],
    actions=[
        PageAction(
            "新增用户",
            "accounts:admin-user-create",
            "plus",
            perm="accounts.add_user",
            primary=True,
            testid="user-create",
        )
    ],
    prepare=_mark_locked,
)

# The same accounts for the security administrator, who gives them roles and passwords.
SECURITY_USERS = RecordType(
    name="user",
    namespace="accounts:security",
    list_name="users",
    detail_url="user",
    title="账号角色",
    pretitle="安全管理",
    noun="用户",
    unit="个账号",
    filters=UserFilters,
    rows=selectors.users_for,
    view_perm="accounts.assign_role",
    guard=permission_required_audited("accounts.assign_role"),
    search_label="用户名或姓名",
    filter_fields=[FilterField("organisation", "单位", organisation_options, blank="全部单位")],
    columns=USERS.columns,
    prepare=_mark_locked,
)

ORGANISATIONS = RecordType(
    name="organisation",
    namespace="accounts",
    list_name="admin-organisations",
    detail_url="admin-organisation-edit",
    title="单位管理",
    pretitle="系统管理",
    noun="单位",
    unit="个单位",
    filters=OrganisationFilters,
    rows=lambda user, f: selectors.organisations_for(user, f).order_by(*f.ordering(), "id"),
    view_perm="accounts.view_organisation",
    guard=admin_page("accounts.organisation"),
    search_label="单位名称",
    filter_fields=[
        FilterField("kind", "类型", OrgKind, blank="全部类型"),
        FilterField("region", "区划", region_options, blank="全部区划"),
    ],
    columns=[
        Col("name", "名称", template="accounts/cells/organisation.html", optional=False),
        Col("kind", "类型", value="get_kind_display", show="md"),
        Col("region", "所在区划", value="region.name"),
        Col("sectors", "监管行业", template="accounts/cells/sectors.html", show="md"),
        Col("status", "状态", template=ACTIVE),
    ],
    actions=[
        PageAction(
            "新增单位",
            "accounts:admin-organisation-create",
            "plus",
            perm="accounts.add_organisation",
            primary=True,
            testid="organisation-create",
        )
    ],
    prepare=_mark_editable,
)


CLAIMS = RecordType(
    name="enterprise_claim",
    namespace="accounts:claims",
    title="企业认领申请",
    pretitle="企业账号",
    noun="认领申请",
    unit="份申请",
    filters=ClaimFilters,
    rows=selectors.claims_for,
    view_perm="accounts.view_enterpriseclaim",
    search_label="单位名称或信用代码",
    filter_fields=[FilterField("status", "状态", ClaimStatus, blank="全部状态")],
    actions=[
        PageAction(
            "批量开通企业账号",
            "accounts:enterprise-accounts-import",
            "file-upload",
            perm="accounts.open_enterprise_account",
            testid="enterprise-accounts-import",
        )
    ],
    columns=[
        Col("enterprise_name", "单位名称", link=True, optional=False),
        Col("credit_code", "统一社会信用代码", show="md"),
        Col("applicant_name", "申请人"),
        Col("role", "申请角色", value="get_role_display", show="md"),
        Col("account", "登录名", value="account.username", show="lg"),
        Col("status", "状态", badge=ClaimStatus),
        Col("created_at", "申请时间", show="md"),
    ],
)
CLAIM_SCREEN = Screen(
    workflow=CLAIM_FLOW,
    namespace="accounts:claims",
    get=selectors.claim_for,
    apply=lambda user, obj, action, version, payload: (
        services_onboarding.enterprise_claim_transition(
            actor=user, claim=obj, action=action, version=version, **payload
        )
    ),
    title=lambda claim: claim.enterprise_name,
    hints={
        "approve": "请先电话核实申请人确为该企业人员；通过后账号启用，获得所申请的企业角色。",
        "reject": "驳回后该账号保持停用，请写明原因。",
    },
)
CLAIM_DETAIL = DetailPage(
    name="enterprise_claim",
    get=selectors.claim_for,
    fields=[*CLAIMS.columns, Col("mobile", "手机号", value="masked_mobile")],
    title=lambda claim: f"{claim.enterprise_name} 的认领申请",
    pretitle="企业认领申请",
    screen=CLAIM_SCREEN,
)
