"""Benchmarks of the registry: the 20,000-row import and the scoped list API."""

from __future__ import annotations

import io
import time

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from openpyxl import Workbook

from anjian.core.bench import BenchContext, Figure, client_for, latency, scenario
from anjian.core.records.importing import run_import
from anjian.regions.models import Region, Sector

from . import imports
from .exports import HEADERS
from .models import Enterprise
from .seeds import make_credit_code

IMPORT_ROWS = 20_000


def _workbook(townships: list[Region], n: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("企业台帐")
    sheet.append(HEADERS)
    index = {h: i for i, h in enumerate(HEADERS)}
    for i in range(n):
        row = [""] * len(HEADERS)
        township = townships[i % len(townships)]
        row[index["统一社会信用代码"]] = make_credit_code(township.code, 60000000 + i)
        row[index["单位名称"]] = f"基准导入企业{i:06d}有限公司"
        row[index["所在乡镇（街道）代码"]] = township.code
        row[index["监管行业"]] = "商贸"
        row[index["从业人员数"]] = 20 + i % 400
        row[index["主要负责人电话"]] = f"138{i:08d}"
        row[index["风险等级"]] = "低风险"
        row[index["监管分类"]] = "D"
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@scenario("enterprises.import")
def enterprise_import(ctx: BenchContext) -> list[Figure]:
    city = get_user_model().objects.get(username="city")
    townships = list(Region.objects.filter(level="township", code__startswith="9901"))
    data = _workbook(townships, IMPORT_ROWS)
    with transaction.atomic():
        started = time.perf_counter()
        saved = run_import(imports.SHEET, actor=city, upload=SimpleUploadedFile("b.xlsx", data))
        rate = saved / (time.perf_counter() - started)
        transaction.set_rollback(True)
    sector = Sector.objects.get(code="commerce")
    rows = [
        Enterprise(
            name=f"基准{i}",
            credit_code=make_credit_code(townships[i % len(townships)].code, 60000000 + i),
            region=townships[i % len(townships)],
            region_code=townships[i % len(townships)].code,
            sector=sector,
        )
        for i in range(IMPORT_ROWS)
    ]
    with transaction.atomic():
        started = time.perf_counter()
        Enterprise.objects.bulk_create(rows, batch_size=2000)
        floor = IMPORT_ROWS / (time.perf_counter() - started)
        transaction.set_rollback(True)
    detail = f"{IMPORT_ROWS} 行 xlsx，含解析、逐行校验、审计；下限为直接批量插入"
    return [Figure("企业 Excel 导入", "rows/s", round(rate), round(rate), round(floor), detail)]


LIST_SQL = """
SELECT e.id, e.name, e.credit_code, r.name, s.name FROM enterprises_enterprise e
JOIN regions_region r ON r.id = e.region_id JOIN regions_sector s ON s.id = e.sector_id
WHERE e.region_code LIKE %s AND e.voided_at IS NULL ORDER BY e.region_code, e.name, e.id LIMIT 51
"""


@scenario("enterprises.list")
def enterprise_list(ctx: BenchContext) -> list[Figure]:
    client = client_for("city")
    total = Enterprise.objects.count()

    def api():
        response = client.get("/api/v1/enterprises?limit=50")
        assert response.status_code == 200

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(LIST_SQL, ["9901%"])
            cursor.fetchall()

    return [latency("企业列表 API（市级，50 条）", api, floor, ctx.repeat, f"{total} 家企业")]
