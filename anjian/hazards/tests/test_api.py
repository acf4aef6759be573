import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from anjian.core import tick
from anjian.core.models import Notification
from anjian.enterprises.models import Enterprise
from anjian.enterprises.seeds import DEMO_ENTERPRISES
from anjian.hazards.models import Hazard
from tests.matrix import check_action_matrix, check_api_matrix, login_as

from .conftest import SIGN


def _post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def _expected(demo_names: dict[str, str]) -> dict[str, set]:
    """Who sees which demo hazard, from where each one is (not from the scoping code)."""
    where = {name: (t, s, g) for name, t, s, g in DEMO_ENTERPRISES}
    own = {n for n, e in demo_names.items() if e == DEMO_ENTERPRISES[0][0]}
    other = {n for n, e in demo_names.items() if e == DEMO_ENTERPRISES[1][0]}

    def at(rule) -> set:
        return {n for n, e in demo_names.items() if rule(*where[e])}

    return {
        "city": set(demo_names),
        "district": at(lambda t, s, g: t.startswith("990102")),
        "district_b": at(lambda t, s, g: t.startswith("990103")),
        "township": at(lambda t, s, g: t == "990102001"),
        "sector": at(lambda t, s, g: t.startswith("990102") and s == "construction"),
        "grid": at(lambda t, s, g: t == "990102001" and g == 1),
        "ent_manager": own,
        "ent_principal": own,
        "other_ent": other,
    }


def test_the_hazard_list_and_detail_matrix(client, personas):
    names = dict(Hazard.objects.values_list("id", "enterprise__name"))
    expected = _expected(names)
    check_api_matrix(
        client,
        personas,
        list_url="/api/v1/hazards",
        detail_url=lambda pk: f"/api/v1/hazards/{pk}",
        expected=expected,
        all_keys=names,
    )


def test_who_may_report_on_the_chemical_enterprise(client, personas):
    chem = Enterprise.objects.get(name="东湖精细化工有限公司")
    sources = {"ent_manager": "self_check", "ent_principal": "self_check", "grid": "grid"}

    def act(c, name):
        return _post(
            c,
            "/api/v1/hazards",
            {
                "enterprise": chem.pk,
                "description": "地面油污",
                "location": "泵房",
                "source": sources.get(name, "inspection"),
                "signature": SIGN,
            },
        )

    check_action_matrix(
        client,
        personas,
        act=act,
        allowed={
            "city",
            "district",
            "township",
            "grid",
            "ent_manager",
            "ent_principal",
        },
    )


def test_the_api_contract_of_a_full_loop(client, personas):
    chem = Enterprise.objects.get(name="东湖精细化工有限公司")
    login_as(client, personas, "ent_manager")
    created = _post(
        client,
        "/api/v1/hazards",
        {
            "enterprise": chem.pk,
            "description": "爬梯护笼锈蚀",
            "location": "2号罐",
            "source": "self_check",
            "signature": {"method": "account"},
        },
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "reported" and body["number"].startswith("YH-")
    assert body["overdue"] is False and body["listed"] is False
    pk = body["id"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from anjian.core.tests.test_attachments import png_bytes

    up = client.post(
        f"/api/v1/hazards/{pk}/attachments",
        {"file": SimpleUploadedFile("a.png", png_bytes()), "kind": "before"},
    )
    assert up.status_code == 201 and up.json()["id"]
    login_as(client, personas, "township")
    missing = _post(
        client, f"/api/v1/hazards/{pk}/transitions", {"action": "confirm", "grade": "major"}
    )
    assert missing.status_code == 422
    confirmed = _post(
        client,
        f"/api/v1/hazards/{pk}/transitions",
        {
            "action": "confirm",
            "grade": "general",
            "responsible_person": "吴安全",
            "measures": "除锈",
            "deadline": str(timezone.localdate() + timedelta(days=5)),
        },
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "rectifying"
    again = _post(
        client,
        f"/api/v1/hazards/{pk}/transitions",
        {
            "action": "confirm",
            "grade": "general",
            "responsible_person": "吴安全",
            "measures": "除锈",
            "deadline": str(timezone.localdate() + timedelta(days=5)),
        },
    )
    assert again.status_code == 409
    forbidden = _post(
        client,
        f"/api/v1/hazards/{pk}/transitions",
        {"action": "submit", "note": "x", "signature": SIGN},
    )
    assert forbidden.status_code == 403
    stale = _post(
        client,
        f"/api/v1/hazards/{pk}/transitions",
        {"action": "void", "reason": "x"},
        **{"If-Match": "1"},
    )
    assert stale.status_code == 412
    detail = client.get(f"/api/v1/hazards/{pk}").json()
    assert [h["action"] for h in detail["history"]] == ["report", "confirm"]
    assert detail["history"][0]["signed_by"] == "吴安全"
    assert "void" in detail["actions"]


def test_overdue_major_hazards_notify_the_principal_and_the_district_once(
    client, personas, django_capture_on_commit_callbacks
):
    major = Hazard.objects.get(description="可燃气体报警器未投用")
    Notification.objects.all().delete()  # only what the tick sends counts here
    later = timezone.now() + timedelta(days=31)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        tick.run(["hazards.deadlines"])
        tick.run(["hazards.deadlines"])

    def got(user, text):
        return Notification.objects.filter(recipient=personas[user], title__contains=text).count()

    assert got("ent_principal", major.number) == 1
    assert got("district", f"【升级】重大隐患 {major.number}") == 1
    assert got("district", major.number) == 1  # the escalation only, not a second copy
    assert got("township", major.number) == 1  # the territorial station
    assert got("city", major.number) == 0
    assert got("other_ent", major.number) == 0


def test_reminders_three_days_and_one_day_ahead_go_once(
    personas, django_capture_on_commit_callbacks
):
    hazard = Hazard.objects.get(description="装卸作业未设置静电接地报警")
    Notification.objects.all().delete()
    for days_before in (3, 1):
        moment = timezone.now() + timedelta(
            days=(hazard.deadline - timezone.localdate()).days - days_before
        )
        with time_machine.travel(moment), django_capture_on_commit_callbacks(execute=True):
            tick.run(["hazards.deadlines"])
            tick.run(["hazards.deadlines"])
    titles = list(
        Notification.objects.filter(
            recipient=personas["ent_manager"], title__contains=hazard.number
        ).values_list("title", flat=True)
    )
    assert sorted(titles) == sorted(
        [f"隐患 {hazard.number} 还有 3 天到整改期限", f"隐患 {hazard.number} 还有 1 天到整改期限"]
    )


def test_statistics_match_a_hand_count_of_the_demo(client, personas):
    login_as(client, personas, "district")
    stats = client.get("/api/v1/hazards/stats").json()
    mine = [h for h in Hazard.objects.all() if h.region_code.startswith("990102")]
    confirmed = [h for h in mine if h.confirmed_at]
    closed = [h for h in mine if h.status == "closed"]
    totals = stats["totals"]
    assert totals["total"] == len(mine) == 7  # with the hazard an inspection found
    assert totals["confirmed"] == len(confirmed) == 3
    assert totals["closed"] == len(closed) == 1
    assert totals["rectification_rate"] == round(100 * 1 / 3, 1)
    assert totals["major_open"] == 1 and totals["listed"] == 1
    assert float(totals["funds"]) == pytest.approx(12.05)
    by_region = {r["label"]: r["count"] for r in stats["by_region"]}
    assert by_region == {"城东街道": 6, "临江镇": 1, "青石镇": 0}
    by_status = {r["key"]: r["count"] for r in stats["by_status"]}
    assert by_status == {"reported": 4, "rectifying": 2, "closed": 1}
    assert "整改率" in stats["definitions"]["rectification_rate"]


def test_the_statistics_report_and_list_export(client, personas):
    import io

    from openpyxl import load_workbook

    login_as(client, personas, "district")
    report = client.get("/api/v1/hazards/stats/export")
    sheet = load_workbook(io.BytesIO(report.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "生产经营单位事故隐患排查治理情况统计表"
    total = next(row for row in rows if row[0] == "合计")
    assert total[1] == 3 and total[4] == 1  # general (one found by an inspection), major
    assert rows[-1][0].startswith("依据：") and "统计口径" in [row[0] for row in rows]
    data = b"".join(client.get("/api/v1/hazards/export").streaming_content)
    assert len(list(load_workbook(io.BytesIO(data)).active.iter_rows())) == 1 + 7


def test_the_closeout_sheet_shows_three_signatures(client, personas, tmp_path):
    import shutil
    import subprocess

    closed = Hazard.objects.get(status="closed")
    login_as(client, personas, "ent_manager")
    response = client.get(f"/api/v1/hazards/{closed.pk}/closeout.pdf")
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(response.content)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "隐患整改销号单" in text
        assert text.count("账号确认") == 3
        assert "未签" not in text
