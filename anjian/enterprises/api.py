from __future__ import annotations

from ninja import Router, Status

from anjian.core.api_errors import if_match
from anjian.core.records import api as records_api
from anjian.core.records import sheet_api
from anjian.core.records.api import WRITE_ERRORS
from anjian.core.schemas import ERRORS

from . import exports, imports, selectors, services
from .filters import EnterpriseFilters
from .models import KeyPerson, Licence
from .schemas import (
    EnterpriseDetailOut,
    EnterpriseIn,
    EnterpriseOut,
    LicenceIn,
    LicenceOut,
    PersonIn,
    PersonOut,
    RevealIn,
    RevealOut,
    StatusIn,
)

router = Router(tags=["企业台帐"])


def _detail(user, pk: int):
    enterprise = selectors.enterprise_for(user, pk)
    enterprise.actions = [t.action for t in selectors.status_actions_for(user, enterprise)]
    return enterprise


def _update(user, enterprise, payload, version):
    data = services.resolve_refs(payload.dict(exclude_unset=True))
    services.enterprise_update(actor=user, enterprise=enterprise, expected_version=version, **data)


def _set_status(user, enterprise, action, version, data):
    services.enterprise_set_status(
        actor=user, enterprise=enterprise, action=action, expected_version=version, **data
    )


def _create(user, payload):
    return services.enterprise_create(
        actor=user, **services.resolve_refs(payload.dict(exclude_unset=True))
    )


records_api.add_list(
    router,
    "/enterprises",
    out=EnterpriseOut,
    filters=EnterpriseFilters,
    rows=selectors.enterprises_for,
    name="enterprises",
    doc="我辖区内的企业。筛选与页面一致；`region` 为区划代码（含下级）。",
)
records_api.add_create(
    router,
    "/enterprises",
    payload=EnterpriseIn,
    out=EnterpriseOut,
    get=selectors.enterprise_for,
    create=_create,
    name="enterprise_create",
    doc="登记企业（监管部门）。统一社会信用代码按 GB 32100 校验，在册企业中不得重复。",
)


sheet_api.add_export(
    router,
    "/enterprises/export",
    exports.EXPORT,
    EnterpriseFilters,
    name="enterprise_export",
    module=__name__,
    doc="按当前筛选导出 Excel，列与导入模板一致（导出后再导入不产生变化）。",
)
sheet_api.add_template(
    router,
    "/enterprises/import-template",
    imports.SHEET,
    name="enterprise_import_template",
    module=__name__,
    doc="下载导入模板（含填写说明工作表）。",
)
sheet_api.add_import(
    router,
    "/enterprises/import",
    imports.SHEET,
    name="enterprise_import",
    module=__name__,
    doc="""批量导入：`mode` = create（新增）或 update（按统一社会信用代码更新）。

    先校验全部行；任一行有误则一行也不保存，返回 422，`details.errors` 列出
    `{"row": 行号, "column": "列名", "message": "原因"}`。
    """,
    result=lambda saved, mode: {"mode": mode, "saved": saved},
)


records_api.add_detail(
    router,
    "/enterprises/{enterprise_id}",
    id_name="enterprise_id",
    out=EnterpriseDetailOut,
    get=_detail,
    name="enterprise",
    doc="一家企业，含当前用户可执行的经营状态操作 `actions`（不在辖区内与不存在同样返回 404）。",
)
records_api.add_update(
    router,
    "/enterprises/{enterprise_id}",
    id_name="enterprise_id",
    payload=EnterpriseIn,
    out=EnterpriseDetailOut,
    get=_detail,
    update=_update,
    name="enterprise_update",
    doc="""修改企业。企业用户只能改联系人等自有字段；监管分类、风险等级只能由监管部门改。
    带 `If-Match: <version>` 时，记录已被他人修改则返回 412。""",
)
STATUS_DOC = """变更经营状态：suspend（责令停产整顿）/ resume（恢复生产）/ close（关闭取缔）/
    deregister（注销），须说明原因 `reason`，留存历史。

    状态已被他人改变返回 409；无权返回 403；带 `If-Match: <version>` 而记录已变化返回 412。"""
SAME_AS_TRANSITIONS = "\n\n    与 `POST /enterprises/{enterprise_id}/transitions` 相同。"
for path, name, doc in (
    ("transitions", "enterprise_transition", STATUS_DOC),
    ("status", "enterprise_status", STATUS_DOC + SAME_AS_TRANSITIONS),
):
    records_api.add_transitions(
        router,
        f"/enterprises/{{enterprise_id}}/{path}",
        id_name="enterprise_id",
        payload=StatusIn,
        out=EnterpriseDetailOut,
        get=_detail,
        transition=_set_status,
        name=name,
        doc=doc,
    )


def _revealed(user, obj, field: str) -> dict:
    return {
        "field": field,
        "value": services.personal_data_reveal(actor=user, obj=obj, field=field),
    }


@router.post("/enterprises/{enterprise_id}/reveal", response={200: RevealOut, **ERRORS})
def enterprise_reveal(request, enterprise_id: int, payload: RevealIn):
    """查看完整手机号（需“查看个人信息”权限，每次查看记入审计日志）。"""
    enterprise = selectors.enterprise_for(request.user, enterprise_id)
    return _revealed(request.user, enterprise, payload.field)


@router.get("/enterprises/{enterprise_id}/licences", response={200: list[LicenceOut], **ERRORS})
def licences(request, enterprise_id: int):
    """企业的许可证照（含到期状态 expired / expiring / valid）。"""
    enterprise = selectors.enterprise_for(request.user, enterprise_id)
    return list(selectors.licences_of(request.user, enterprise))


@router.post("/enterprises/{enterprise_id}/licences", response={201: LicenceOut, **WRITE_ERRORS})
def licence_create(request, enterprise_id: int, payload: LicenceIn):
    """登记许可证照；不填有效期的安全生产许可证按 3 年计算。"""
    enterprise = selectors.enterprise_for(request.user, enterprise_id)
    licence = Licence(enterprise=enterprise, **payload.dict())
    return Status(201, services.licence_save(actor=request.user, licence=licence))


@router.patch("/licences/{licence_id}", response={200: LicenceOut, **WRITE_ERRORS})
def licence_update(request, licence_id: int, payload: LicenceIn):
    """修改许可证照；带 `If-Match: <version>` 时记录已被他人修改返回 412。"""
    licence = Licence.objects.live().get_visible(request.user, pk=licence_id)
    for name, value in payload.dict().items():
        setattr(licence, name, value)
    return services.licence_save(
        actor=request.user, licence=licence, expected_version=if_match(request)
    )


@router.get("/enterprises/{enterprise_id}/people", response={200: list[PersonOut], **ERRORS})
def people(request, enterprise_id: int):
    """企业关键人员（身份证号、手机号脱敏）。"""
    enterprise = selectors.enterprise_for(request.user, enterprise_id)
    return list(selectors.people_of(request.user, enterprise))


@router.post("/enterprises/{enterprise_id}/people", response={201: PersonOut, **WRITE_ERRORS})
def person_create(request, enterprise_id: int, payload: PersonIn):
    """登记关键人员（身份证号、手机号加密保存）。"""
    enterprise = selectors.enterprise_for(request.user, enterprise_id)
    person = KeyPerson(enterprise=enterprise, **payload.dict())
    return Status(201, services.person_save(actor=request.user, person=person))


@router.post("/people/{person_id}/reveal", response={200: RevealOut, **ERRORS})
def person_reveal(request, person_id: int, payload: RevealIn):
    """查看关键人员完整身份证号或手机号（需权限，记入审计日志）。"""
    person = KeyPerson.objects.live().get_visible(request.user, pk=person_id)
    return _revealed(request.user, person, payload.field)
