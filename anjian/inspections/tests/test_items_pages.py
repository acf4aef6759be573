"""The item lists' pages: the public page (no login, published lists only), the list's page,
the import into a draft (all or nothing, errors by row and column) and the export."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from anjian.core.models import AuditEvent
from anjian.inspections import services_items
from anjian.inspections.choices import ListStatus
from anjian.inspections.models import InspectionItem, ItemList
from anjian.inspections.records_items import LAYOUT
from tests.personas import login_verified

PUBLIC = "/inspections/public/items/"


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(LAYOUT.headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("检查事项.xlsx", out.getvalue())


def _draft(personas):
    return ItemList.objects.get(status=ListStatus.DRAFT, region_prefix="990102")


def test_the_public_page_shows_published_lists_to_anyone(client, personas):
    response = client.get(PUBLIC)
    assert response.status_code == 200
    page = response.content.decode()
    assert "危险化学品生产经营单位监督检查事项清单" in page
    assert "安监总管三〔2017〕121号 第1项" in page
    assert "第十四条" in page
    assert "征求意见稿" not in page  # 东湖区's draft
    assert "东湖区" not in page
    only = client.get(PUBLIC, {"industry": "construction"}).content.decode()
    assert "建筑施工企业监督检查事项清单" in only and "危险化学品生产经营单位" not in only


def test_the_list_page_shows_items_and_descriptions(client, personas):
    item_list = ItemList.objects.get(industry="hazchem", status=ListStatus.PUBLISHED)
    login_verified(client, personas["grid"])
    page = client.get(f"/inspections/item-lists/{item_list.pk}/").content.decode()
    assert "WH-01" in page and "主要负责人未依法经安全生产知识和管理能力考核合格" in page
    assert "itemlist-publish" not in page and "itemlist-new-version" not in page
    login_verified(client, personas["city"])
    page = client.get(f"/inspections/item-lists/{item_list.pk}/").content.decode()
    assert "itemlist-new-version" in page


def test_a_draft_is_hidden_outside_its_district(client, personas):
    draft = _draft(personas)
    login_verified(client, personas["district_b"])
    assert client.get(f"/inspections/item-lists/{draft.pk}/").status_code == 404
    login_verified(client, personas["district"])
    assert client.get(f"/inspections/item-lists/{draft.pk}/").status_code == 200


def test_a_good_sheet_adds_every_item_with_its_descriptions(client, personas):
    draft = _draft(personas)
    login_verified(client, personas["district"])
    sheet = _xlsx(
        [
            [
                "YX-01",
                1,
                "有限空间作业是否审批",
                "查阅资料",
                "《安全生产法》",
                "第四十三条",
                "",
                "未审批即作业\n未设监护人",
                "一般",
            ],
            [
                "YX-02",
                2,
                "是否先通风、再检测、后作业",
                "现场检查",
                "《安全生产法》",
                "",
                "",
                "重大：未检测即进入；通风不足",
                "一般",
            ],
        ]
    )
    url = f"/inspections/item-lists/{draft.pk}/import/"
    response = client.post(url, {"file": sheet})
    assert response.status_code == 302
    item = draft.items.get(code="YX-02")
    assert list(item.descriptions.values_list("text", "grade")) == [
        ("未检测即进入", "major"),
        ("通风不足", "general"),
    ]
    assert AuditEvent.objects.filter(
        event_type="inspection.item_import", object_id=str(draft.pk)
    ).exists()


def test_a_bad_sheet_is_reported_by_row_and_column_and_nothing_is_saved(client, personas):
    draft = _draft(personas)
    before = InspectionItem.objects.count()
    login_verified(client, personas["district"])
    sheet = _xlsx(
        [
            ["YX-01", 1, "有效的行", "", "《安全生产法》", "", "", "描述", "一般"],
            ["YX-01", 2, "编号重复", "", "《安全生产法》", "", "", "", ""],
            ["YX-03", "二", "", "", "", "", "", "甲；乙", "严重"],
            ["TY-03", 4, "与草稿中已有编号相同", "", "《安全生产法》", "", "", "", ""],
        ]
    )
    response = client.post(f"/inspections/item-lists/{draft.pk}/import/", {"file": sheet})
    assert response.status_code == 422
    errors = {(e["row"], e["column"]) for e in response.context["errors"]}
    assert errors == {
        (3, "事项编号"),
        (4, "序号"),
        (4, "检查内容"),
        (4, "法律依据"),
        (4, "隐患等级"),
        (5, "事项编号"),
    }
    assert len(response.context["errors"]) == len(errors)  # each problem once
    assert InspectionItem.objects.count() == before


def test_a_published_list_takes_no_import(client, personas):
    item_list = ItemList.objects.get(industry="general", status=ListStatus.PUBLISHED)
    login_verified(client, personas["city"])
    response = client.get(f"/inspections/item-lists/{item_list.pk}/import/")
    assert response.status_code == 422
    assert "已发布的清单不能修改" in response.content.decode()


def test_the_template_offers_the_grades_as_a_drop_down(client, personas):
    login_verified(client, personas["district"])
    response = client.get(f"/inspections/item-lists/{_draft(personas).pk}/import/template/")
    book = load_workbook(io.BytesIO(response.content))
    assert book.active.data_validations.dataValidation  # the grade column's list
    assert [c.value for c in book["选项"]["A"]] == ["隐患等级", "一般", "重大"]


def test_an_exported_list_imports_back_unchanged(client, personas):
    source = ItemList.objects.get(industry="hazchem", status=ListStatus.PUBLISHED)
    login_verified(client, personas["city"])
    exported = client.get(f"/inspections/item-lists/{source.pk}/export/")
    sheet = SimpleUploadedFile("清单.xlsx", b"".join(exported.streaming_content))
    draft = services_items.itemlist_create(
        actor=personas["city"], data={"title": "副本", "industry": "hazchem"}
    )
    response = client.post(f"/inspections/item-lists/{draft.pk}/import/", {"file": sheet})
    assert response.status_code == 302

    def content(item_list):
        return [
            (i.code, i.title, i.basis_article, [(d.text, d.grade) for d in i.descriptions.all()])
            for i in item_list.items.order_by("order").prefetch_related("descriptions")
        ]

    assert content(draft) == content(source)


def test_the_export_holds_the_list_and_is_audited(client, personas):
    item_list = ItemList.objects.get(industry="dust", status=ListStatus.PUBLISHED)
    login_verified(client, personas["township"])
    response = client.get(f"/inspections/item-lists/{item_list.pk}/export/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == LAYOUT.headers
    assert len(rows) == 1 + item_list.items.count()
    assert AuditEvent.objects.filter(event_type="inspection.item_export").exists()


def test_the_forms_add_and_edit_an_item(client, personas):
    draft = _draft(personas)
    login_verified(client, personas["district"])
    data = {
        "code": "YX-09",
        "order": 9,
        "title": "是否配备检测仪器",
        "basis_law": "《安全生产法》",
        "descriptions": "未配备气体检测仪\n重大：检测仪失效",
    }
    response = client.post(f"/inspections/item-lists/{draft.pk}/items/new/", data)
    assert response.status_code == 302
    item = draft.items.get(code="YX-09")
    assert item.descriptions.filter(grade="major").count() == 1
    response = client.post(f"/inspections/items/{item.pk}/edit/", {**data, "code": "TY-03"})
    assert response.status_code == 200 and "本清单已有编号" in response.content.decode()
    services_items.itemlist_publish(actor=personas["district"], item_list=draft)
    response = client.get(f"/inspections/items/{item.pk}/edit/")
    assert response.status_code == 422
