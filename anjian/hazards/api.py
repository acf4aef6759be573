from __future__ import annotations

from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from anjian.core.api_errors import if_match
from anjian.core.records import api as records_api
from anjian.core.records import sheet_api
from anjian.core.schemas import ERRORS, ErrorOut
from anjian.enterprises.selectors import enterprise_for

from . import documents, exports, imports, selectors, services
from .filters import HazardFilters
from .schemas import (
    HazardDetailOut,
    HazardIn,
    HazardOut,
    PlanDetailOut,
    PlanPut,
    PlanTransitionIn,
    TransitionIn,
)

router = Router(tags=["隐患排查治理"])
WRITE_ERRORS = {**ERRORS, 409: ErrorOut, 412: ErrorOut, 413: ErrorOut}


def _detail(user, pk: int):
    hazard = selectors.hazard_for(user, pk)
    hazard.history = list(selectors.history(hazard))
    hazard.actions = [t.action for t in selectors.actions_for(user, hazard)]
    return hazard


def _transition(user, hazard, action, version, data):
    services.hazard_transition(
        actor=user, hazard=hazard, action=action, expected_version=version, **data
    )


records_api.add_list(
    router,
    "/hazards",
    out=HazardOut,
    filters=HazardFilters,
    rows=selectors.hazards_for,
    name="hazards",
    doc="我辖区内的隐患。`sort=overdue&overdue=true`：逾期隐患，重大在前。",
)


def _report(user, payload):
    data = payload.dict(exclude={"enterprise", "attachments"})
    return services.hazard_report(
        actor=user,
        enterprise=enterprise_for(user, payload.enterprise),
        attachment_ids=payload.attachments,
        **{**data, "grade": data["grade"] or ""},
    )


records_api.add_create(
    router,
    "/hazards",
    payload=HazardIn,
    out=HazardDetailOut,
    get=_detail,
    create=_report,
    name="hazard_create",
    doc="""上报隐患（须签名）。整改前照片可先用 `POST /api/v1/attachments` 上传后在 `attachments`
    引用，或创建后用 `POST /api/v1/hazards/{id}/attachments`（kind=before）上传；确认前须至少一张。""",
)


@router.get("/hazards/stats", response={200: dict, **ERRORS})
def hazard_stats(request, filters: Query[HazardFilters]):
    """统计：按状态、等级、来源、行业、下级区划计数；整改率、按期整改率（含口径说明）、逾期数、
    重大隐患与挂牌督办数、整改资金（万元）。`found_from`/`found_to` 为统计期。"""
    return selectors.statistics(request.user, filters)


@router.get("/hazards/stats/export", response={200: None, **ERRORS})
def hazard_stats_export(request, filters: Query[HazardFilters]):
    """季度/年度隐患排查治理情况统计表（Excel，16号令第十四条的报表格式，按下级区划分行）。"""
    return exports.stats_report_response(request.user, filters)


sheet_api.add_export(
    router,
    "/hazards/export",
    exports.EXPORT,
    HazardFilters,
    name="hazard_export",
    module=__name__,
    doc="按当前筛选导出隐患清单（Excel）。",
)
sheet_api.add_import(
    router,
    "/hazards/import",
    imports.SHEET,
    name="hazard_import",
    module=__name__,
    doc="""批量导入专项检查发现的隐患（模板见隐患导入页面）。

    先校验全部行；任一行有误则一行也不保存，返回 422，`details.errors` 列出
    `{"row": 行号, "column": "列名", "message": "原因"}`。每条以导入人账号确认签名上报；
    监管人员导入且填写了整改期限、整改责任人和整改措施的一般隐患同时确认。
    返回 `{"saved": 保存数, "confirmed": 其中已确认数}`。
    """,
)


records_api.add_detail(
    router,
    "/hazards/{hazard_id}",
    id_name="hazard_id",
    out=HazardDetailOut,
    get=_detail,
    name="hazard",
    doc="一条隐患，含治理方案、流转记录（签名、照片）和当前用户可执行的操作 `actions`。",
)
records_api.add_transitions(
    router,
    "/hazards/{hazard_id}/transitions",
    id_name="hazard_id",
    payload=TransitionIn,
    out=HazardDetailOut,
    get=_detail,
    transition=_transition,
    name="hazard_transition",
    doc="""流转：confirm / extend / submit / accept / reject / void / list / unlist / delegate。

    submit 须有整改后照片（`attachments` 或已上传的 after 照片），或填写 `no_photo_reason`；
    重大隐患须治理方案已同意。list：`level` 只能是本级或下级，`office` 为该层级督办单位的 id
    （必填）；挂牌后只有督办层级可 unlist、accept 或 delegate（`office` 为受托的下级单位）。

    状态已被他人改变返回 409；无权返回 403；缺少必填内容返回 422；带 `If-Match: <version>`
    而记录已变化返回 412。""",
)


@router.post("/hazards/{hazard_id}/attachments", response={201: dict, **WRITE_ERRORS})
def hazard_attachment(
    request, hazard_id: int, file: File[UploadedFile], kind: Form[str] = "before"
):
    """上传照片：`kind` = before（整改前）或 after（整改后，整改企业上传）。"""
    hazard = selectors.hazard_for(request.user, hazard_id)
    item = services.hazard_attach(actor=request.user, hazard=hazard, upload=file, kind=kind)
    return Status(201, {"id": item.pk, "uuid": str(item.uuid), "url": f"/files/{item.uuid}/"})


@router.get("/hazards/{hazard_id}/closeout.pdf", response={200: None, **ERRORS})
def hazard_closeout_pdf(request, hazard_id: int):
    """隐患整改销号单（A4 PDF，含照片与三方签名）。"""
    return documents.closeout_response(request.user, selectors.hazard_for(request.user, hazard_id))


@router.get("/hazards/{hazard_id}/closeout.docx", response={200: None, **ERRORS})
def hazard_closeout_docx(request, hazard_id: int):
    """隐患整改销号单（Word 文档，内容与 PDF 相同）。"""
    hazard = selectors.hazard_for(request.user, hazard_id)
    return documents.closeout_response(request.user, hazard, "docx")


def _plan(user, hazard_id: int) -> dict:
    hazard = selectors.hazard_for(user, hazard_id)
    return selectors.plan_detail(user, hazard)


@router.get("/hazards/{hazard_id}/plan", response={200: PlanDetailOut, **ERRORS})
def hazard_plan(request, hazard_id: int):
    """重大事故隐患治理方案（16号令第十五条）：六项内容、状态、方案文件和当前用户可执行的操作。
    尚未起草时返回空的草稿。"""
    return _plan(request.user, hazard_id)


@router.put("/hazards/{hazard_id}/plan", response={200: PlanDetailOut, **WRITE_ERRORS})
def hazard_plan_save(request, hazard_id: int, payload: PlanPut):
    """企业起草或修改治理方案（草拟中或已退回时）。方案文件用
    `POST /api/v1/hazards/{id}/attachments`（kind=plan）上传。带 `If-Match: <version>` 防止覆盖。"""
    hazard = selectors.hazard_for(request.user, hazard_id)
    services.plan_save(
        actor=request.user,
        hazard=hazard,
        parts=payload.dict(exclude_none=True),
        expected_version=if_match(request),
    )
    return _plan(request.user, hazard_id)


@router.post("/hazards/{hazard_id}/plan/transitions", response={200: PlanDetailOut, **WRITE_ERRORS})
def hazard_plan_transition(request, hazard_id: int, payload: PlanTransitionIn):
    """治理方案流转：submit（企业提交审查，六项齐全且已上传方案文件）/ approve（责任单位同意）/
    return（退回修改，须填写 `reason`）。"""
    hazard = selectors.hazard_for(request.user, hazard_id)
    data = payload.dict(exclude_none=True)
    services.plan_transition(
        actor=request.user,
        hazard=hazard,
        action=data.pop("action"),
        expected_version=if_match(request),
        **data,
    )
    return _plan(request.user, hazard_id)
