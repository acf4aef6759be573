"""The role matrix as one table: every page URL pattern and every API operation, and what each
of the 13 personas gets from it. `test_role_matrix.py` checks that the table lists every route
and walks it; `route_matrix.py` is the machinery, `route_objects.py` picks the objects.

How to read a row
    Route(key, ok=WHO, obj=KIND, ...)
    key      a page URL name ("hazards:detail") or an API operation ("POST /api/v1/hazards")
    ok       the personas whose permission passes: 2xx, a redirect (not to the login page), or
             a refusal of the request content: 400, 409, 412, 422 (each after the permission)
    deny     what every other signed-in persona gets (default 403); the public gets 401 from
             the API and the login page from pages
    obj      the kind of object whose id goes into the URL; each persona asks for one in their
             scope ("mine") and, where the permission passes, one outside it ("theirs"), which
             gives `out` (default 404, as for a missing object). A persona with no such object
             in scope (the administrators, for business records) asks only for one outside it.
    methods  pages: GET and/or POST (a form or an HTMX dialog is both); POSTs send `body`
    body     the fields of a write that the walk sends; `Mine("enterprise")` is the asking
             persona's own enterprise. An API write starts from the operation's required fields.
    query    query parameters of a GET
    odd      {persona: answer} where one persona differs from the rule of the row
    args     fixed URL arguments (an action, a field name)
    known    a known defect, said in words: its differences are reported as warnings and do
             not fail the test (prefer fixing the app)

Adding a route: add one row in its app's list below, in URL order.
"""

from __future__ import annotations

from tests.route_matrix import LOGIN, OK, Mine, Route

# Personas, in groups ------------------------------------------------------------------------
SENIOR = ("city", "district", "district_b")  # may see personal data in full
REGULATORS = (*SENIOR, "township", "sector")
GOV = (*REGULATORS, "grid")
ENT = ("ent_manager", "ent_principal", "other_ent")
BUSINESS = (*GOV, *ENT)
ADMINS = ("sysadmin", "secadmin", "auditadmin")
SIGNED_IN = (*BUSINESS, *ADMINS)
EVERYONE = (*SIGNED_IN, "public")

FORM = ("GET", "POST")
POST = ("POST",)
# API lists and details go through the scoping door only: an administrator gets an empty list
# and 404 for any business record, as for a missing one.
EMPTY_FOR_ADMINS = dict.fromkeys(ADMINS, OK)
NONE_FOR_ADMINS = dict.fromkeys(ADMINS, 404)
# Pages that check the permission before looking the record up refuse an administrator (who
# has no business record in scope) with 403 rather than 404.
REFUSED_ADMINS = dict.fromkeys(ADMINS, 403)
# A new record names its enterprise: the persona's own. An administrator has none in scope and
# names one outside it, which is looked up first: 404, as for a missing enterprise.
OWN_ENTERPRISE = {"enterprise": Mine("enterprise")}

CORE = [
    Route("api-docs", ok=EVERYONE, note="the API's documentation page, public"),
    Route("api:openapi-json", ok=EVERYONE),
    Route("api:openapi-view", ok=EVERYONE),
    Route(
        "api:api-root",
        odd=dict.fromkeys(EVERYONE, 404),
        note="the API's mount point; no operation answers at /api/v1/ itself",
    ),
    Route("core:download", ok=BUSINESS, obj="attachment", deny=404),
    Route("core:notifications", ok=SIGNED_IN),
    Route("core:notification-menu", ok=SIGNED_IN),
    Route("core:notification-read", ok=SIGNED_IN, obj="notification", methods=POST),
    Route("core:notification-read-all", ok=SIGNED_IN, methods=POST),
    Route("core:pick", ok=SIGNED_IN, args={"kind": "enterprise"}, query={"q": "有限公司"}),
    Route("core:audit:list", ok=("auditadmin",)),
    Route("core:audit:export", ok=("auditadmin",)),
    Route("GET /api/v1/audit/events", ok=("auditadmin",)),
    Route("GET /api/v1/notifications", ok=SIGNED_IN),
    Route("POST /api/v1/notifications/{notification_id}/read", ok=SIGNED_IN, obj="notification"),
    Route("POST /api/v1/attachments", ok=SIGNED_IN),
    Route("dashboard:home", ok=SIGNED_IN),
    Route("calculator:index", ok=SIGNED_IN),
    Route("calculator:calculate", ok=SIGNED_IN, methods=POST, args={"rule": "lec"}),
    Route("POST /api/v1/standards/accident-grade", ok=SIGNED_IN),
    Route("POST /api/v1/standards/major-hazard", ok=SIGNED_IN),
    Route("GET /api/v1/standards/gb18218/table1", ok=SIGNED_IN),
    Route("POST /api/v1/standards/lec", ok=SIGNED_IN),
    Route("POST /api/v1/standards/ls", ok=SIGNED_IN),
    Route("POST /api/v1/standards/credit-code", ok=SIGNED_IN),
]

ACCOUNTS = [
    Route("accounts:login", ok=EVERYONE, methods=FORM),
    Route(
        "accounts:logout",
        methods=POST,
        odd=dict.fromkeys(EVERYONE, LOGIN),
        note="signs out, then the login page",
    ),
    Route("accounts:me", ok=SIGNED_IN),
    Route("accounts:password", ok=SIGNED_IN, methods=FORM),
    Route("accounts:otp-setup", ok=SIGNED_IN, methods=FORM),
    Route("accounts:otp-verify", ok=SIGNED_IN, methods=FORM),
    Route("accounts:otp-remove", ok=SIGNED_IN, methods=POST),
    Route("accounts:session-revoke", ok=SIGNED_IN, obj="session", methods=POST),
    Route("accounts:token-revoke", ok=SIGNED_IN, methods=POST, note="one's own tokens only"),
    Route("accounts:admin-users", ok=("sysadmin",)),
    Route("accounts:admin-user-create", ok=("sysadmin",), methods=FORM),
    Route("accounts:admin-user-edit", ok=("sysadmin",), obj="user", methods=FORM),
    Route("accounts:admin-user-active", ok=("sysadmin",), obj="user", methods=POST),
    Route("accounts:admin-organisations", ok=("sysadmin",)),
    Route("accounts:admin-organisation-create", ok=("sysadmin",), methods=FORM),
    Route("accounts:admin-organisation-edit", ok=("sysadmin",), obj="organisation", methods=FORM),
    Route("accounts:security:roles", ok=("secadmin",)),
    Route("accounts:security:role", ok=("secadmin",), obj="role", methods=FORM),
    Route("accounts:security:policy", ok=("secadmin",), methods=FORM),
    Route("accounts:security:users", ok=("secadmin",)),
    Route("accounts:security:user", ok=("secadmin",), obj="user", methods=FORM),
    Route("accounts:security:user-reset", ok=("secadmin",), obj="user", methods=FORM),
    Route("accounts:security:user-tokens-revoke", ok=("secadmin",), obj="user", methods=POST),
    Route("accounts:security:lockouts", ok=("secadmin",)),
    Route("accounts:security:unlock", ok=("secadmin",), methods=POST),
    Route("accounts:claim-submit", ok=EVERYONE, methods=FORM, note="self-registration, public"),
    Route("accounts:enterprise-accounts-import", ok=REGULATORS, methods=FORM),
    Route("accounts:enterprise-accounts-import-template", ok=REGULATORS),
    Route("accounts:claims:list", ok=REGULATORS),
    Route("accounts:claims:detail", ok=REGULATORS, obj="claim", deny=404),
    Route(
        "accounts:claims:action",
        ok=REGULATORS,
        obj="claim",
        deny=404,
        methods=FORM,
        args={"action": "approve"},
    ),
    Route(
        "accounts:enterprise-account-open",
        ok=REGULATORS,
        obj="enterprise",
        deny=404,
        methods=FORM,
        note="a regulator who may edit the enterprise; others find no such page",
    ),
    Route(
        "accounts:enterprise-membership-end",
        ok=REGULATORS,
        obj="enterprise",
        deny=404,
        methods=POST,
        note="a regulator who may edit the enterprise ends an account's service for it",
    ),
    Route(
        "POST /api/v1/auth/token",
        odd=dict.fromkeys(EVERYONE, 401),
        note="public; an unknown username and password get 401 from everyone",
    ),
    Route(
        "DELETE /api/v1/auth/token",
        odd=dict.fromkeys(EVERYONE, 401),
        note="bearer only (a token logs itself out); a browser session gets 401",
    ),
    Route(
        "POST /api/v1/enterprise-claims",
        ok=EVERYONE,
        note="self-registration, public: the walk's body is refused (422) for everyone",
    ),
    Route(
        "POST /api/v1/enterprise-claims/{claim_id}/transitions",
        ok=REGULATORS,
        obj="claim",
        deny=404,
    ),
    Route(
        "POST /api/v1/enterprises/{enterprise_id}/accounts",
        ok=REGULATORS,
        obj="enterprise",
        odd=NONE_FOR_ADMINS,
    ),
    Route("GET /api/v1/users/me", ok=SIGNED_IN),
    Route("GET /api/v1/organisations", ok=SIGNED_IN),
    Route(
        "GET /api/v1/organisations/{organisation_id}",
        ok=BUSINESS,
        obj="organisation",
        odd={"sysadmin": OK, "secadmin": 404, "auditadmin": 404},
        note="the system administrator keeps every organisation",
    ),
]

REGIONS = [
    Route("regions:tree", ok=("sysadmin",)),
    Route("regions:children", ok=("sysadmin",), obj="region"),
    Route("regions:create", ok=("sysadmin",), methods=FORM),
    Route("regions:import", ok=("sysadmin",), methods=FORM),
    Route("regions:boundaries", ok=("sysadmin",), methods=FORM),
    Route("regions:grids", ok=("sysadmin",)),
    Route("regions:grid-create", ok=("sysadmin",), methods=FORM),
    Route("regions:grid-edit", ok=("sysadmin",), obj="grid", methods=FORM),
    Route("regions:sectors", ok=("sysadmin",)),
    Route("regions:sector-create", ok=("sysadmin",), methods=FORM),
    Route("regions:sector-edit", ok=("sysadmin",), obj="sector", methods=FORM),
    Route("GET /api/v1/regions", ok=SIGNED_IN),
    Route(
        "GET /api/v1/regions/{code}",
        ok=BUSINESS,
        obj="region",
        odd=NONE_FOR_ADMINS | {"sysadmin": OK},
    ),
    Route("GET /api/v1/grids", ok=SIGNED_IN),
    Route("GET /api/v1/sectors", ok=SIGNED_IN),
    Route("GET /api/v1/boundaries", ok=SIGNED_IN),
]

ENTERPRISES = [
    Route("enterprises:list", ok=BUSINESS),
    Route("enterprises:map", ok=BUSINESS),
    Route("enterprises:export", ok=REGULATORS + ENT),
    Route("enterprises:import", ok=REGULATORS, methods=FORM),
    Route("enterprises:import-template", ok=REGULATORS),
    Route("enterprises:create", ok=REGULATORS, methods=FORM),
    Route("enterprises:detail", ok=BUSINESS, obj="enterprise"),
    Route("enterprises:edit", ok=REGULATORS + ENT, obj="enterprise", methods=FORM),
    Route(
        "enterprises:status",
        ok=REGULATORS,
        obj="enterprise",
        methods=POST,
        body={"action": "suspend"},
        note="the status form's former address; the action comes in the body",
    ),
    Route(
        "enterprises:action",
        ok=REGULATORS,
        obj="enterprise",
        methods=FORM,
        args={"action": "suspend"},
    ),
    Route(
        "enterprises:reveal",
        ok=SENIOR,
        obj="enterprise",
        methods=POST,
        args={"field": "principal_phone"},
    ),
    Route("enterprises:licence-create", ok=REGULATORS + ENT, obj="enterprise", methods=FORM),
    Route("enterprises:licence-edit", ok=REGULATORS + ENT, obj="licence", methods=FORM),
    Route("enterprises:licence-void", ok=REGULATORS + ENT, obj="licence", methods=POST),
    Route("enterprises:person-create", ok=REGULATORS + ENT, obj="enterprise", methods=FORM),
    Route(
        "enterprises:person-edit",
        ok=REGULATORS + ENT,
        obj="person",
        methods=FORM,
        odd={"grid": 404},
    ),
    Route(
        "enterprises:person-void",
        ok=REGULATORS + ENT,
        obj="person",
        methods=POST,
        odd={"grid": 404},
    ),
    Route(
        "enterprises:person-reveal",
        ok=SENIOR,
        obj="person",
        methods=POST,
        args={"field": "phone"},
        odd={"grid": 404},
    ),
    Route("GET /api/v1/enterprises", ok=BUSINESS, odd=EMPTY_FOR_ADMINS),
    Route("POST /api/v1/enterprises", ok=REGULATORS),
    Route("GET /api/v1/enterprises/export", ok=REGULATORS + ENT),
    Route("GET /api/v1/enterprises/import-template", ok=REGULATORS),
    Route("POST /api/v1/enterprises/import", ok=REGULATORS),
    Route(
        "GET /api/v1/enterprises/{enterprise_id}",
        ok=BUSINESS,
        obj="enterprise",
        odd=NONE_FOR_ADMINS,
    ),
    Route("PATCH /api/v1/enterprises/{enterprise_id}", ok=REGULATORS + ENT, obj="enterprise"),
    Route(
        "POST /api/v1/enterprises/{enterprise_id}/transitions",
        ok=REGULATORS,
        obj="enterprise",
        body={"action": "suspend", "reason": "责令整改"},
    ),
    Route(
        "POST /api/v1/enterprises/{enterprise_id}/status",
        ok=REGULATORS,
        obj="enterprise",
        body={"action": "suspend", "reason": "责令整改"},
    ),
    Route(
        "POST /api/v1/enterprises/{enterprise_id}/reveal",
        ok=SENIOR,
        obj="enterprise",
        body={"field": "principal_phone"},
    ),
    Route(
        "GET /api/v1/enterprises/{enterprise_id}/licences",
        ok=BUSINESS,
        obj="enterprise",
        odd=NONE_FOR_ADMINS,
    ),
    Route(
        "POST /api/v1/enterprises/{enterprise_id}/licences", ok=REGULATORS + ENT, obj="enterprise"
    ),
    Route("PATCH /api/v1/licences/{licence_id}", ok=REGULATORS + ENT, obj="licence"),
    Route(
        "GET /api/v1/enterprises/{enterprise_id}/people",
        ok=BUSINESS,
        obj="enterprise",
        note="the grid officer gets an empty list: key people are outside its scope",
    ),
    Route("POST /api/v1/enterprises/{enterprise_id}/people", ok=REGULATORS + ENT, obj="enterprise"),
    Route(
        "POST /api/v1/people/{person_id}/reveal",
        ok=SENIOR,
        obj="person",
        body={"field": "phone"},
        odd={"grid": 404},
    ),
]

# The hazard's responsible office (the township station, the construction bureau) and the
# enterprise work a hazard; the city and the districts oversee it.
HAZARD_WORKERS = ("township", "sector", *ENT)

HAZARDS = [
    Route("hazards:list", ok=BUSINESS),
    Route("hazards:queue", ok=BUSINESS),
    Route("hazards:export", ok=REGULATORS + ENT),
    Route("hazards:report", ok=BUSINESS, methods=FORM),
    Route("hazards:stats", ok=BUSINESS),
    Route("hazards:stats-export", ok=REGULATORS + ENT),
    Route("hazards:import", ok=REGULATORS, methods=FORM),
    Route("hazards:import-template", ok=REGULATORS),
    Route("hazards:detail", ok=BUSINESS, obj="hazard"),
    Route(
        "hazards:action",
        ok=HAZARD_WORKERS,
        obj="hazard",
        methods=FORM,
        args={"action": "confirm"},
        note="only the responsible office confirms; the city and districts oversee",
    ),
    Route("hazards:plan", ok=BUSINESS, obj="hazard", methods=FORM),
    Route("hazards:closeout", ok=BUSINESS, obj="hazard"),
    Route("hazards:closeout-docx", ok=BUSINESS, obj="hazard"),
    Route(
        "hazards:signature",
        obj="signature",
        deny=404,
        note="the demo signs by account (no image): 404 for all; a drawn one shows in scope",
    ),
    Route("GET /api/v1/hazards", ok=BUSINESS, odd=EMPTY_FOR_ADMINS),
    Route("POST /api/v1/hazards", ok=BUSINESS, body=OWN_ENTERPRISE, odd=NONE_FOR_ADMINS),
    Route("GET /api/v1/hazards/stats", ok=BUSINESS, odd=EMPTY_FOR_ADMINS),
    Route("GET /api/v1/hazards/stats/export", ok=REGULATORS + ENT),
    Route("GET /api/v1/hazards/export", ok=REGULATORS + ENT),
    Route("POST /api/v1/hazards/import", ok=REGULATORS),
    Route("GET /api/v1/hazards/{hazard_id}", ok=BUSINESS, obj="hazard", odd=NONE_FOR_ADMINS),
    Route(
        "POST /api/v1/hazards/{hazard_id}/transitions",
        ok=HAZARD_WORKERS,
        obj="hazard",
        body={"action": "confirm"},
    ),
    Route("GET /api/v1/hazards/{hazard_id}/plan", ok=BUSINESS, obj="hazard", odd=NONE_FOR_ADMINS),
    Route("PUT /api/v1/hazards/{hazard_id}/plan", ok=ENT, obj="hazard"),
    Route(
        "POST /api/v1/hazards/{hazard_id}/plan/transitions",
        ok=HAZARD_WORKERS,
        obj="hazard",
        body={"action": "approve"},
    ),
    Route("POST /api/v1/hazards/{hazard_id}/attachments", ok=BUSINESS, obj="hazard"),
    Route(
        "GET /api/v1/hazards/{hazard_id}/closeout.pdf",
        ok=BUSINESS,
        obj="hazard",
        odd=NONE_FOR_ADMINS,
    ),
    Route(
        "GET /api/v1/hazards/{hazard_id}/closeout.docx",
        ok=BUSINESS,
        obj="hazard",
        odd=NONE_FOR_ADMINS,
    ),
]

RISKS = [
    Route("risks:points", ok=BUSINESS),
    Route("risks:point-create", ok=ENT, methods=FORM),
    Route("risks:assess-preview", ok=BUSINESS, methods=POST),
    Route("risks:point", ok=BUSINESS, obj="risk_point"),
    Route("risks:point-assess", ok=ENT, obj="risk_point", methods=FORM, odd=REFUSED_ADMINS),
    Route("risks:point-void", ok=ENT, obj="risk_point", methods=FORM, odd=REFUSED_ADMINS),
    Route("risks:point-card", ok=BUSINESS, obj="risk_point"),
    Route("risks:point-card-docx", ok=BUSINESS, obj="risk_point"),
    Route("risks:map", ok=GOV),
    Route(
        "risks:grade-override",
        ok=REGULATORS,
        obj="enterprise",
        methods=FORM,
        odd=REFUSED_ADMINS,
    ),
    Route("risks:sources", ok=BUSINESS),
    Route("risks:source-create", ok=ENT, methods=FORM),
    Route("risks:source-export", ok=REGULATORS),
    Route("risks:source", ok=BUSINESS, obj="source"),
    Route("risks:source-edit", ok=ENT, obj="source", methods=FORM, odd=REFUSED_ADMINS),
    Route(
        "risks:source-action",
        ok=REGULATORS,
        obj="source",
        methods=POST,
        args={"action": "deregister"},
    ),
    Route("GET /api/v1/risk-points", ok=BUSINESS, odd=EMPTY_FOR_ADMINS),
    Route("POST /api/v1/risk-points", ok=ENT, body=OWN_ENTERPRISE, odd=NONE_FOR_ADMINS),
    Route("GET /api/v1/risk-points/{point_id}", ok=BUSINESS, obj="risk_point", odd=NONE_FOR_ADMINS),
    Route("PUT /api/v1/risk-points/{point_id}", ok=ENT, obj="risk_point"),
    Route(
        "GET /api/v1/risk-points/{point_id}/card.pdf",
        ok=BUSINESS,
        obj="risk_point",
        odd=NONE_FOR_ADMINS,
    ),
    Route(
        "GET /api/v1/risk-points/{point_id}/card.docx",
        ok=BUSINESS,
        obj="risk_point",
        odd=NONE_FOR_ADMINS,
    ),
    Route("GET /api/v1/major-hazard-sources", ok=BUSINESS, odd=EMPTY_FOR_ADMINS),
    Route(
        "POST /api/v1/major-hazard-sources",
        ok=ENT,
        body={**OWN_ENTERPRISE, "substances": [{"name": "液氯", "q_t": 1}]},
        odd=NONE_FOR_ADMINS,
    ),
    Route(
        "GET /api/v1/major-hazard-sources/{source_id}",
        ok=BUSINESS,
        obj="source",
        odd=NONE_FOR_ADMINS,
    ),
    Route(
        "POST /api/v1/major-hazard-sources/{source_id}/transitions",
        ok=REGULATORS,
        obj="source",
        body={"action": "deregister"},
    ),
]

MONITORING = [
    Route("monitoring:points", ok=BUSINESS),
    Route("monitoring:point", ok=BUSINESS, obj="mpoint"),
    Route("monitoring:token-issue", ok=ENT, methods=POST),
    Route("monitoring:alarms", ok=BUSINESS),
    Route("monitoring:alarm", ok=BUSINESS, obj="alarm"),
    Route("monitoring:alarm-acknowledge", ok=REGULATORS + ENT, obj="alarm", methods=FORM),
    Route("POST /api/v1/monitoring/readings", ok=ENT),
    Route("GET /api/v1/monitoring/points", ok=BUSINESS, odd=EMPTY_FOR_ADMINS),
    Route("POST /api/v1/monitoring/points", ok=ENT, body=OWN_ENTERPRISE, odd=NONE_FOR_ADMINS),
    Route("GET /api/v1/monitoring/points/{ref}", ok=BUSINESS, obj="mpoint", odd=NONE_FOR_ADMINS),
    Route(
        "GET /api/v1/monitoring/points/{ref}/series",
        ok=BUSINESS,
        obj="mpoint",
        query={"since": "2026-01-01T00:00:00+08:00"},
    ),
    Route("GET /api/v1/monitoring/alarms", ok=BUSINESS, odd=EMPTY_FOR_ADMINS),
    Route("GET /api/v1/monitoring/alarms/stats", ok=BUSINESS, odd=EMPTY_FOR_ADMINS),
    Route(
        "GET /api/v1/monitoring/alarms/{alarm_id}", ok=BUSINESS, obj="alarm", odd=NONE_FOR_ADMINS
    ),
    Route(
        "POST /api/v1/monitoring/alarms/{alarm_id}/acknowledge",
        ok=REGULATORS + ENT,
        obj="alarm",
    ),
]

# The worked example of the record layer (tests/testapp, mounted under test settings only): no
# persona holds the ticket role, so every page refuses and every record is out of scope.
TICKET = {"ticket_id": 1}
TESTAPP = [
    Route("tickets:list", ok=()),
    Route("tickets:create", ok=(), methods=FORM),
    Route("tickets:detail", ok=(), deny=404, args={"pk": 1}),
    Route("tickets:edit", ok=(), deny=404, methods=FORM, args={"pk": 1}),
    Route("tickets:action", ok=(), deny=404, methods=FORM, args={"pk": 1, "action": "finish"}),
    Route("tickets:export", ok=()),
    Route("tickets:import", ok=(), methods=FORM),
    Route("tickets:import-template", ok=()),
    Route("GET /api/v1/tickets", ok=SIGNED_IN, note="an empty list without the ticket role"),
    Route("POST /api/v1/tickets", ok=()),
    Route("GET /api/v1/tickets/export", ok=()),
    Route("POST /api/v1/tickets/import", ok=()),
    Route("GET /api/v1/tickets/{ticket_id}", ok=(), deny=404, args=TICKET),
    Route("PATCH /api/v1/tickets/{ticket_id}", ok=(), deny=404, args=TICKET),
    Route("POST /api/v1/tickets/{ticket_id}/transitions", ok=(), deny=404, args=TICKET),
]

# Inspections (监督检查): one list per part of the app.


# -- item lists and the public item page (urls_items, api_items)
class _DemoId:
    """The id of a demo object, looked up when the URL is built (the item lists are not
    enterprise records): 东湖区's draft list and its first item, the city's published list."""

    def __init__(self, model: str, **lookup):
        self.model, self.lookup = model, lookup

    def __str__(self) -> str:
        from django.apps import apps

        rows = apps.get_model(self.model).objects.filter(**self.lookup).order_by("pk")
        return str(rows.values_list("pk", flat=True)[0])


DRAFT_LIST = {"pk": _DemoId("inspections.ItemList", status="draft", region_prefix="990102")}
CITY_LIST = {"pk": _DemoId("inspections.ItemList", status="published", industry="hazchem")}
DRAFT_ITEM = {"pk": _DemoId("inspections.InspectionItem", item_list__status="draft")}
EDITORS = ("city", "district")  # who may change 东湖区's draft: its district and the city
# Who sees the draft but may not change it: 东湖区's sector department (403); the draft is
# hidden from the other district (404), from townships, grids and enterprises (404).
DRAFT_HIDDEN = dict.fromkeys(("district_b", "township", "grid", *ENT), 404)
DRAFT_EDIT = {"district_b": 404}
INSPECTION_ITEMS: list[Route] = [
    Route("inspections:itemlists", ok=BUSINESS),
    Route("inspections:itemlist-create", ok=SENIOR, methods=FORM),
    Route(
        "inspections:itemlist", ok=("city", "district", "sector"), args=DRAFT_LIST, odd=DRAFT_HIDDEN
    ),
    Route("inspections:itemlist-edit", ok=EDITORS, args=DRAFT_LIST, methods=FORM, odd=DRAFT_EDIT),
    Route(
        "inspections:itemlist-publish", ok=EDITORS, args=DRAFT_LIST, methods=POST, odd=DRAFT_EDIT
    ),
    Route(
        "inspections:itemlist-new-version",
        ok=("city",),
        args=CITY_LIST,
        methods=POST,
        note="only the issuing city bureau starts a new version of its published list",
    ),
    Route("inspections:item-create", ok=EDITORS, args=DRAFT_LIST, methods=FORM, odd=DRAFT_EDIT),
    Route("inspections:itemlist-import", ok=EDITORS, args=DRAFT_LIST, methods=FORM, odd=DRAFT_EDIT),
    Route("inspections:itemlist-import-template", ok=EDITORS, args=DRAFT_LIST, odd=DRAFT_EDIT),
    Route("inspections:itemlist-export", ok=BUSINESS, args=CITY_LIST),
    Route("inspections:item-edit", ok=EDITORS, args=DRAFT_ITEM, methods=FORM, odd=DRAFT_EDIT),
    Route("inspections:public-items", ok=EVERYONE, note="一公开: the published lists, no login"),
    Route("GET /api/v1/inspection-item-lists", ok=SIGNED_IN, note="admins: an empty list"),
    Route("GET /api/v1/inspection-items", ok=SIGNED_IN, note="admins: an empty list"),
    Route(
        "POST /api/v1/inspection-items",
        ok=("city",),
        note="item_list 1 is the city's published list: 422 for the city, 403 elsewhere",
    ),
]

# -- classes, caps, yearly plans, usage (urls_plans, api_plans)
# A plan is its district office's, scoped by the office's region: the township station, the
# grid and the enterprises see none (404, as for a missing one). Only a draft is edited, and
# only by its own office: district B's draft ("mine" for district_b).
NO_PLANS = dict.fromkeys(("township", "grid", *ENT), 404)
OWN_DRAFT = ("district_b",)
INSPECTION_PLANS: list[Route] = [
    Route("inspections:classes", ok=REGULATORS),
    Route("inspections:classify", ok=SENIOR, methods=FORM, body={"year": 2026}),
    Route(
        "inspections:cap-override",
        ok=("city",),
        obj="enterprise",
        methods=FORM,
        body={"year": 2026, "reason": "群众举报核查"},
        odd=REFUSED_ADMINS,
    ),
    Route("inspections:plans", ok=REGULATORS),
    Route("inspections:plan-create", ok=SENIOR, methods=FORM, body={"title": "x", "year": 2030}),
    Route("inspections:plan", ok=REGULATORS, obj="inspection_plan", odd=NO_PLANS),
    Route("inspections:plan-edit", ok=OWN_DRAFT, obj="inspection_plan", methods=FORM, odd=NO_PLANS),
    Route(
        "inspections:plan-action",
        ok=("district", *OWN_DRAFT),
        obj="inspection_plan",
        methods=POST,
        args={"action": "submit"},
        odd=NO_PLANS,
        note="only the office submits; district A's plan is published: refused for its state",
    ),
    Route(
        "inspections:plan-key-add", ok=OWN_DRAFT, obj="inspection_plan", methods=FORM, odd=NO_PLANS
    ),
    Route(
        "inspections:plan-key-remove",
        ok=OWN_DRAFT,
        obj="inspection_plan_key",
        methods=POST,
        odd=NO_PLANS,
    ),
    Route("inspections:public-plan", ok=EVERYONE, obj="published_plan", out=OK),
    Route(
        "GET /api/v1/inspection-plans",
        ok=REGULATORS,
        odd={**EMPTY_FOR_ADMINS, **dict.fromkeys(("grid", *ENT), OK)},
        note="an empty list for those without the permission",
    ),
    Route("POST /api/v1/inspection-plans", ok=SENIOR, body={"title": "测试计划", "year": 2030}),
    Route(
        "GET /api/v1/inspection-plans/{plan_id}", ok=REGULATORS, obj="inspection_plan", odd=NO_PLANS
    ),
    Route(
        "PATCH /api/v1/inspection-plans/{plan_id}",
        ok=OWN_DRAFT,
        obj="inspection_plan",
        body={"title": "新名称"},
        odd=NO_PLANS,
    ),
    Route(
        "POST /api/v1/inspection-plans/{plan_id}/transitions",
        ok=REGULATORS,
        obj="inspection_plan",
        body={"action": "submit"},
        odd=NO_PLANS,
        note="district A's plan is published: submit is refused for its state (409)",
    ),
    Route(
        "GET /api/v1/enterprises/{enterprise_id}/inspection-usage",
        ok=REGULATORS,
        obj="enterprise",
        odd=REFUSED_ADMINS,
    ),
    Route(
        "POST /api/v1/enterprises/{enterprise_id}/inspection-cap-overrides",
        ok=("city",),
        obj="enterprise",
        body={"year": 2026, "reason": "群众举报核查"},
    ),
]

# -- officers, conflicts, draws and their public page (urls_draws, api_draws)


class DemoDraw:
    """The demo's published draw of 东湖区应急管理局, looked up when the walk builds its URL."""

    def __str__(self) -> str:
        from anjian.inspections.models import Draw

        return str(Draw.objects.get(number__startswith="东湖区应急管理局", status="revealed").pk)


DRAW = {"pk": DemoDraw()}
API_DRAW = {"draw_id": DemoDraw()}
PUBLIC_DRAW = {"key": DemoDraw()}
# The demo draw is 东湖区's: the other district and the township station (a smaller region)
# do not see it; only the office that drew it may reveal it.
OTHER_REGION = {"district_b": 404, "township": 404}
INSPECTION_DRAWS: list[Route] = [
    Route("inspections:officers", ok=REGULATORS),
    Route("inspections:conflicts", ok=REGULATORS, methods=FORM),
    Route("inspections:draws", ok=REGULATORS),
    Route("inspections:draw-new", ok=REGULATORS, methods=FORM),
    Route("inspections:draw", ok=REGULATORS, args=DRAW, odd=OTHER_REGION),
    Route("inspections:draw-reveal", ok=REGULATORS, args=DRAW, methods=POST, odd=OTHER_REGION),
    Route("inspections:public-draws", ok=EVERYONE),
    Route("inspections:public-draw-algorithm", ok=EVERYONE),
    Route("inspections:public-draw", ok=EVERYONE, args=PUBLIC_DRAW),
    Route("inspections:public-draw-json", ok=EVERYONE, args=PUBLIC_DRAW),
    Route("GET /api/v1/draws", ok=REGULATORS),
    Route("POST /api/v1/draws", ok=REGULATORS),
    Route("GET /api/v1/draws/{draw_id}", ok=REGULATORS, args=API_DRAW, odd=OTHER_REGION),
    Route(
        "POST /api/v1/draws/{draw_id}/reveal",
        ok=("district",),
        args=API_DRAW,
        odd=OTHER_REGION,
    ),
]

# -- visits, checklists, findings (urls_visits, api_visits)
# The demo inspection in progress at the chemical plant is led by `district` (its other officer
# and its expert are not personas): only its team fills in the checklist or moves it on.
VISIT_TEAM = ("district",)
INSPECTION_VISITS: list[Route] = [
    Route("inspections:list", ok=BUSINESS),
    Route("inspections:create", ok=REGULATORS, methods=FORM),
    Route("inspections:detail", ok=BUSINESS, obj="inspection"),
    Route(
        "inspections:action",
        ok=VISIT_TEAM,
        obj="inspection",
        methods=FORM,
        args={"action": "sign"},
        note="the dialog opens; the signing itself belongs to the visit's documents (422)",
    ),
    Route("inspections:checklist", ok=VISIT_TEAM, obj="inspection"),
    Route("inspections:checklist-progress", ok=VISIT_TEAM, obj="inspection"),
    Route("inspections:finding", ok=VISIT_TEAM, obj="inspection", methods=POST),
    Route("GET /api/v1/inspections", ok=BUSINESS, odd=EMPTY_FOR_ADMINS),
    Route(
        "POST /api/v1/inspections",
        ok=REGULATORS,
        body={**OWN_ENTERPRISE, "team": [0, -1], "planned_on": "2027-01-04"},
    ),
    Route(
        "GET /api/v1/inspections/{inspection_id}",
        ok=BUSINESS,
        obj="inspection",
        odd=NONE_FOR_ADMINS,
    ),
    Route(
        "POST /api/v1/inspections/{inspection_id}/transitions",
        ok=VISIT_TEAM,
        obj="inspection",
        body={"action": "close"},
    ),
    Route(
        "POST /api/v1/inspections/{inspection_id}/findings",
        ok=VISIT_TEAM,
        obj="inspection",
        body={"result": "conform"},
    ),
]

# -- signing, documents, re-checks (urls_papers, api_papers)
# The visit's team signs and re-checks (the demo's lead is the district officer); whoever sees
# the inspection reads its documents.
INSPECTION_PAPERS: list[Route] = [
    Route(
        "inspections:sign", ok=("district",), obj="signed_visit", odd=REFUSED_ADMINS, methods=FORM
    ),
    Route("inspections:papers", ok=BUSINESS, obj="signed_visit", odd=REFUSED_ADMINS),
    Route(
        "inspections:paper_download",
        ok=BUSINESS,
        obj="visit_paper",
        odd=REFUSED_ADMINS,
        args={"fmt": "pdf"},
    ),
    Route(
        "inspections:recheck",
        ok=("district",),
        obj="signed_visit",
        odd=REFUSED_ADMINS,
        methods=FORM,
    ),
    Route(
        "POST /api/v1/inspections/{inspection_id}/signing",
        ok=("district",),
        obj="signed_visit",
        odd=REFUSED_ADMINS,
    ),
    Route(
        "GET /api/v1/inspections/{inspection_id}/documents",
        ok=BUSINESS,
        obj="signed_visit",
        odd=REFUSED_ADMINS,
    ),
    Route(
        "GET /api/v1/inspections/{inspection_id}/documents/{doc_id}.pdf",
        ok=BUSINESS,
        obj="visit_paper_api",
        odd=REFUSED_ADMINS,
    ),
    Route(
        "GET /api/v1/inspections/{inspection_id}/documents/{doc_id}.docx",
        ok=BUSINESS,
        obj="visit_paper_api",
        odd=REFUSED_ADMINS,
    ),
    Route(
        "POST /api/v1/inspections/{inspection_id}/rechecks",
        ok=("district",),
        obj="signed_visit",
        odd=REFUSED_ADMINS,
    ),
]

# -- visit codes, ratings, statistics (urls_ratings, api_ratings)
INSPECTION_RATINGS: list[Route] = [
    Route("inspections:code-entry", ok=EVERYONE, note="the visit code box, public"),
    Route(
        "inspections:code",
        ok=EVERYONE,
        args={"visit_code": "XSJC2KPRST"},
        note="what the code shows anyone; its rating POST is tested in test_ratings.py",
    ),
    Route("inspections:ratings", ok=BUSINESS, note="aggregates of five or more only"),
    Route("inspections:stats", ok=REGULATORS),
    Route("inspections:stats-export", ok=REGULATORS),
    Route("GET /api/v1/inspection-ratings", ok=BUSINESS),
    Route("GET /api/v1/inspection-stats", ok=REGULATORS),
]

# app -> its rows; the walk runs one test per app so that xdist can spread them
TABLE = {
    "core": CORE,
    "accounts": ACCOUNTS,
    "regions": REGIONS,
    "enterprises": ENTERPRISES,
    "hazards": HAZARDS,
    "risks": RISKS,
    "monitoring": MONITORING,
    "testapp": TESTAPP,
    "inspections": [
        *INSPECTION_ITEMS,
        *INSPECTION_PLANS,
        *INSPECTION_DRAWS,
        *INSPECTION_VISITS,
        *INSPECTION_PAPERS,
        *INSPECTION_RATINGS,
    ],
}
ROUTES = [row for rows in TABLE.values() for row in rows]
