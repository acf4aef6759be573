"""The item API: published items with their descriptions, paged; adding an item to a draft."""

from anjian.inspections.choices import ListStatus
from anjian.inspections.models import InspectionItem, ItemList
from tests.personas import login_verified

URL = "/api/v1/inspection-items"


def test_the_published_items_come_with_list_basis_and_descriptions(client, personas):
    login_verified(client, personas["ent_manager"])
    body = client.get(URL, {"industry": "hazchem", "limit": 5, "with_count": True}).json()
    assert body["count"] >= 10 and len(body["items"]) == 5 and body["next_cursor"]
    first = body["items"][0]
    assert first["code"] == "WH-01" and first["industry_label"] == "危险化学品"
    assert first["major_criterion"].startswith("安监总管三〔2017〕121号")
    assert first["descriptions"][0]["grade"] == "major"
    rest = client.get(URL, {"industry": "hazchem", "cursor": body["next_cursor"]}).json()
    assert {i["id"] for i in rest["items"]}.isdisjoint({i["id"] for i in body["items"]})
    found = client.get(URL, {"q": "第十四条"}).json()["items"]
    assert found == [] or all(i["industry"] == "dust" for i in found)
    drafts = client.get(URL, {"industry": "confined"}).json()
    assert drafts["items"] == []  # 东湖区's draft is not published


def test_it_adds_an_item_to_a_draft(client, personas):
    draft = ItemList.objects.get(status=ListStatus.DRAFT, region_prefix="990102")
    login_verified(client, personas["district"])
    payload = {
        "item_list": draft.pk,
        "code": "YX-20",
        "title": "是否设置有限空间安全警示标志",
        "basis_law": "《安全生产法》",
        "basis_article": "第三十五条",
        "descriptions": [{"text": "有限空间入口未设置警示标志", "grade": "general"}],
    }
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["descriptions"][0]["text"] == "有限空间入口未设置警示标志"
    again = client.post(URL, payload, content_type="application/json")
    assert again.status_code == 422 and "已有编号" in again.json()["message"]


def test_a_published_list_is_refused_in_chinese(client, personas):
    published = ItemList.objects.get(industry="general", status=ListStatus.PUBLISHED)
    login_verified(client, personas["city"])
    payload = {"item_list": published.pk, "code": "N-1", "title": "x", "basis_law": "y"}
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["message"] == "已发布的清单不能修改，请先生成新版本再修改。"
    assert not InspectionItem.objects.filter(code="N-1").exists()


def test_without_the_right_it_is_403_and_out_of_scope_404(client, personas):
    draft = ItemList.objects.get(status=ListStatus.DRAFT, region_prefix="990102")
    payload = {"item_list": draft.pk, "code": "N-2", "title": "x", "basis_law": "y"}
    login_verified(client, personas["township"])
    assert client.post(URL, payload, content_type="application/json").status_code == 403
    login_verified(client, personas["district_b"])
    assert client.post(URL, payload, content_type="application/json").status_code == 404


def test_the_lists_api_shows_drafts_only_in_their_jurisdiction(client, personas):
    login_verified(client, personas["district"])
    mine = client.get("/api/v1/inspection-item-lists", {"status": "draft"}).json()["items"]
    assert len(mine) == 1
    login_verified(client, personas["district_b"])
    theirs = client.get("/api/v1/inspection-item-lists", {"status": "draft"}).json()["items"]
    assert theirs == []
    assert len(client.get("/api/v1/inspection-item-lists").json()["items"]) == 4


def _queries(client, url, params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured.captured_queries)


def test_a_page_costs_the_same_queries_whatever_its_size(client, personas):
    login_verified(client, personas["township"])
    client.get(URL)  # the session and the scope are loaded once
    assert _queries(client, URL, {"limit": 2}) == _queries(client, URL, {"limit": 40})
    public = "/inspections/public/items/"
    assert _queries(client, public, {"industry": "dust"}) == _queries(client, public, {})
