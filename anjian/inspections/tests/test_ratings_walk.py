"""No page, no API operation, no export and no audit screen shows a single rating: every
inspections route, the audit screens and the enterprises' pages, as each of the personas, never
carry the comment of the demo's lone rating; the office with six ratings shows its aggregate."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.test import Client

from anjian.inspections.models import Inspection
from anjian.inspections.seeds_ratings import LONE_CODE, LONE_COMMENT
from tests.personas import ALL_PERSONAS, PUBLIC, login_verified
from tests.route_discovery import api_operations, patterns

# the page names and API paths walked: everything of the inspections app, and the audit
PAGE = re.compile(r"^(inspections:|core:audit:|enterprises:detail$)")
API = re.compile(r"inspection|draws|audit|enterprises/\{\w+\}$")


def _urls(lone: Inspection) -> list[str]:
    def fill(path: str) -> str:
        path = re.sub(r"<str:visit_code>", LONE_CODE, path)
        path = re.sub(
            r"<int:\w+>", str(lone.enterprise_id if "enterprise" in path else lone.pk), path
        )
        path = re.sub(r"\{enterprise_id\}", str(lone.enterprise_id), path)
        path = re.sub(r"\{\w+\}", str(lone.pk), path)
        return re.sub(r"<(?:\w+:)?\w+>", str(lone.pk), path)

    pages = ["/" + fill(route) for name, route in patterns().items() if PAGE.match(name or "")]
    api = [
        fill(op.split(" ", 1)[1])
        for op in api_operations()
        if op.startswith("GET ") and API.search(op)
    ]
    return sorted(set(pages + api))


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":  # a spreadsheet or a document: read every part
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return body.decode("utf-8", "replace")


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_no_route_shows_the_lone_rating(personas, persona):
    lone = Inspection.objects.get(visit_code=LONE_CODE)
    client = Client(raise_request_exception=False)
    if persona != PUBLIC:
        login_verified(client, personas[persona])
    urls = _urls(lone)
    assert any("/inspections/ratings/" in u for u in urls)
    assert any("/api/v1/inspection-ratings" in u for u in urls)
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        text = _text(response)
        assert LONE_COMMENT not in text, url


@pytest.mark.parametrize("persona", ["city", "district", "district_b"])
def test_the_office_with_six_ratings_shows_its_aggregate_to_its_overseers(personas, persona):
    client = Client()
    login_verified(client, personas[persona])
    page = client.get("/inspections/ratings/").content.decode()
    data = client.get("/api/v1/inspection-ratings").json()
    offices = {g["label"]: g for g in data["offices"]}
    if persona == "district_b":  # its own office: one rating, withheld
        assert "东湖区应急管理局" not in offices
        assert offices["西山区应急管理局"]["shown"] is False
        assert "评价不足 5 条，暂不显示" in page
    else:
        assert offices["东湖区应急管理局"]["shown"] is True
        assert offices["东湖区应急管理局"]["count"] == 6
        assert "东湖区应急管理局" in page and "4.33" in page
