"""Bad input never makes a server error: each cause an outside test found answers 400, 409, 413,
422 or 503 in the API's error shape (or an error page) with a Chinese message."""

from __future__ import annotations

import json
import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from anjian.accounts.tests.test_api import token_for
from anjian.enterprises.models import Enterprise

CHINESE = re.compile("[\u4e00-\u9fff]")


@pytest.fixture
def api(client, demo):
    token = token_for(client, "city")
    client.logout()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def refused(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert CHINESE.search(body["message"]), body
    if code:
        assert body["code"] == code, body
    return body


def post_json(client, url: str, raw: bytes | str):
    return client.post(url, raw, content_type="application/json")


@pytest.mark.parametrize(
    "content_type,body",
    [
        ("multipart/form-data", b"no boundary given"),
        ("multipart/form-data; boundary=\xe9", b"--\xe9\r\n"),
        ("multipart/form-data; boundary=", b"--\r\n"),
    ],
)
def test_a_malformed_multipart_body_is_refused_in_the_api_shape(api, content_type, body):
    response = api.generic("POST", "/api/v1/attachments", body, content_type=content_type)
    refused(response, 400, "bad_multipart")


def test_a_malformed_multipart_page_post_gets_a_400_page(client, personas):
    client.force_login(personas["township"])
    response = client.generic(
        "POST", "/hazards/new/", b"garbage", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_a_model_validation_error_escaping_a_service_is_a_422(api):
    error = ValidationError({"name": ["名称不能只含空格。"]})
    with mock.patch("anjian.enterprises.services.enterprise_validate", side_effect=error):
        response = post_json(api, "/api/v1/enterprises", json.dumps(_enterprise("甲")))
    body = refused(response, 422, "invalid")
    assert body["details"]["errors"] == [{"field": "name", "message": "名称不能只含空格。"}]


def beyond_the_database(response, is_postgres: bool) -> None:
    """SQLite cannot hold the value (OverflowError): 422. PostgreSQL compares it as a numeric
    and finds nothing: an answer. Never a 500."""
    if is_postgres:
        assert response.status_code == 200, response.content
    else:
        refused(response, 422, "out_of_range")


def test_integers_beyond_the_database_range_are_refused(api, is_postgres):
    for url in (
        "/api/v1/hazards?enterprise=99999999999999999999",
        "/api/v1/risk-points?enterprise=-99999999999999999999",
    ):
        beyond_the_database(api.get(url), is_postgres)
    big = b'{"name": "x", "credit_code": "x", "region": 99999999999999999999}'
    refused(post_json(api, "/api/v1/enterprises", big), 400, "bad_number")


def test_dates_at_the_edge_of_the_calendar_are_refused(api, is_postgres):
    # the day after 9999-12-31 does not exist: the filter's arithmetic overflows in Python
    refused(api.get("/api/v1/hazards?found_to=9999-12-31"), 422, "out_of_range")
    for url in (
        "/api/v1/hazards?found_from=0001-01-01",
        "/api/v1/monitoring/points/DEMO-LT-01/series?since=9999-12-31T23:59:59-08:00",
    ):
        beyond_the_database(api.get(url), is_postgres)


def test_dates_at_the_edge_of_the_calendar_get_an_error_page(client, personas):
    client.force_login(personas["township"])
    response = client.get("/hazards/?found_to=9999-12-31")
    assert response.status_code == 422
    assert "超出允许范围" in response.content.decode()


@pytest.mark.parametrize("depth", [21, 200, 100_000])
def test_deeply_nested_json_is_refused(api, depth):
    raw = '{"username": ' + "[" * depth + "]" * depth + ', "password": "x"}'
    refused(post_json(api, "/api/v1/auth/token", raw), 400, "too_deep")


def test_too_many_query_fields_get_400_not_500(api, client, personas, settings):
    query = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    refused(api.get(f"/api/v1/hazards?{query}"), 400, "too_many_fields")
    page = Client()
    page.force_login(personas["township"])
    response = page.get(f"/hazards/?{query}")
    assert response.status_code == 400
    assert "参数过多" in response.content.decode()


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_that_are_not_finite_are_refused(api, number):
    raw = '{"l": NUMBER, "e": 1, "c": 1}'.replace("NUMBER", number)
    refused(post_json(api, "/api/v1/standards/lec", raw), 400, "bad_number")


@pytest.mark.parametrize("text", ["a\\u0000b", "a\\ud800b", "\\udfff"])
def test_nul_bytes_and_lone_surrogates_in_json_are_refused(api, text):
    raw = '{"username": "TEXT", "password": "x"}'.replace("TEXT", text)
    refused(post_json(api, "/api/v1/auth/token", raw), 400, "bad_character")
    raw = '{"name": "甲", "credit_code": "x", "region": "1", "sector": "TEXT"}'.replace(
        "TEXT", text
    )
    refused(post_json(api, "/api/v1/enterprises", raw), 400, "bad_character")


def test_a_nul_byte_in_the_query_is_refused(api, client, personas):
    refused(api.get("/api/v1/hazards?q=a%00b"), 400, "bad_character")
    refused(api.get("/api/v1/hazards?a%00=1"), 400, "bad_character")
    page = Client()
    page.force_login(personas["township"])
    response = page.get("/hazards/?q=%00")
    assert response.status_code == 400
    assert "不允许的字符" in response.content.decode()


def test_a_nul_byte_in_the_path_is_refused(api, client):
    refused(api.get("/api/v1/regions/99%00"), 400, "bad_character")
    response = Client().get("/hazards/%00/")
    assert response.status_code == 400


def test_the_loser_of_a_race_on_one_credit_code_gets_409(api):
    """Two creates with one credit code both pass validation before either saves; the
    database's unique constraint refuses the second, which answers 409, not 500."""
    existing = Enterprise.objects.get(name="东湖精细化工有限公司")
    payload = _enterprise("后到的企业", credit_code=existing.credit_code)
    with mock.patch("anjian.enterprises.services.enterprise_validate"):  # both validated
        response = post_json(api, "/api/v1/enterprises", json.dumps(payload))
    refused(response, 409, "conflict")
    assert Enterprise.objects.filter(credit_code=existing.credit_code).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_creates_with_one_credit_code_give_one_201_and_one_409(demo):
    """A real race on PostgreSQL: both requests pass the duplicate check before either saves
    (a barrier holds them there); the unique index makes the second insert wait for the first
    commit and then fail, which answers 409."""
    import threading

    from django.db import connection

    from anjian.enterprises import services

    barrier = threading.Barrier(2)
    real_check = services._duplicate_check
    city = demo.data["users"]["city"]
    payload = json.dumps(_enterprise("同时登记的企业"))
    statuses: list[int] = []

    def check_then_wait(enterprise):
        real_check(enterprise)
        barrier.wait(timeout=20)

    def create():
        client = Client()
        client.force_login(city)
        try:
            statuses.append(post_json(client, "/api/v1/enterprises", payload).status_code)
        finally:
            connection.close()

    with mock.patch.object(services, "_duplicate_check", check_then_wait):
        threads = [threading.Thread(target=create) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sorted(statuses) == [201, 409]
    assert Enterprise.objects.filter(name="同时登记的企业").count() == 1


def database_down(message: str):
    """New cursors fail with the driver's own error, as while the database restarts."""
    from django.db import connections

    wrapper = connections["default"]
    error = wrapper.Database.OperationalError(message)
    return mock.patch.object(type(wrapper), "create_cursor", side_effect=error)


def test_a_database_that_is_down_gives_503_to_the_api(api):
    api.raise_request_exception = False
    with database_down("unable to open database file"):
        response = api.get("/api/v1/hazards")
    refused(response, 503, "unavailable")
    assert response["Retry-After"] == "30"


def test_a_database_that_is_down_gives_a_chinese_503_page(client, personas):
    page = Client(raise_request_exception=False)
    page.force_login(personas["township"])

    with database_down("disk I/O error"):
        response = page.get("/hazards/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "暂时无法访问" in html and "稍后重试" in html


def test_an_unknown_api_address_answers_in_the_api_shape(api):
    refused(api.get("/api/v1/no-such-thing"), 404, "not_found")


def _enterprise(name: str, credit_code: str | None = None) -> dict:
    from anjian.enterprises.seeds import make_credit_code

    return {
        "name": name,
        "credit_code": credit_code or make_credit_code("990102001000", 97000001),
        "region": "990102001",
        "sector": "construction",
    }
