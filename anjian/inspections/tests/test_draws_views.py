"""Pages of the draws part: the officer pool and conflicts, commit then reveal, and the public
pages that anyone can open, download and verify."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anjian.accounts.models import User
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Draw, InspectorConflict, InspectorProfile
from tests.matrix import login_as


@pytest.fixture
def published(demo):
    return Draw.objects.get(number__startswith="东湖区应急管理局", status="revealed")


def test_the_office_sees_its_officers_and_a_certificate_about_to_expire(client, personas):
    profile = InspectorProfile.objects.get(user__username="inspector2")
    profile.certificate_expires_on = timezone.localdate() + timedelta(days=30)
    profile.save()
    login_as(client, personas, "district")
    page = client.get(reverse("inspections:officers")).content.decode()
    assert "钱执法" in page and "99010220002" in page and "60 天内到期" in page
    assert "陈市安" not in page  # another office's officer


def test_an_officer_is_registered_with_a_checked_certificate_number(client, personas):
    login_as(client, personas, "district")
    other = User.objects.get(username="inspector2")
    url = reverse("inspections:officers")
    form = {"user": other.pk, "certificate_expires_on": "2030-01-01", "is_active": "on"}
    bad = client.post(url, {**form, "certificate_number": "12-3"})
    assert bad.status_code == 422 and "行政执法证号应为" in bad.content.decode()
    good = client.post(url, {**form, "certificate_number": "99010220077"})
    assert good.status_code == 302
    assert InspectorProfile.objects.get(user=other).certificate_number == "99010220077"
    login_as(client, personas, "township")  # may view, not edit
    assert client.post(url, {"user": other.pk}).status_code == 403


def test_an_officer_declares_a_conflict_and_the_office_sees_it(client, personas):
    target = Enterprise.objects.get(name="城东建设工程有限公司")
    client.force_login(User.objects.get(username="inspector2"))
    url = reverse("inspections:conflicts")
    assert client.post(url, {"enterprise": target.pk, "reason": ""}).status_code == 422
    assert (
        client.post(url, {"enterprise": target.pk, "reason": "兄长任该企业副总"}).status_code == 302
    )
    assert InspectorConflict.objects.filter(enterprise=target).exists()
    login_as(client, personas, "district")
    assert "兄长任该企业副总" in client.get(reverse("inspections:officers")).content.decode()


def test_commit_then_reveal_on_the_pages(client, personas):
    login_as(client, personas, "district")
    response = client.post(
        reverse("inspections:draw-new"),
        {
            "title": "季度抽查",
            "planned_on": "2026-11-02",
            "count": 1,
            "team_size": 2,
            "experts_per_team": 0,
            "sector": "construction",
        },
    )
    assert response.status_code == 302, response.content.decode()
    draw = Draw.objects.get(title="季度抽查")
    page = client.get(response["Location"]).content.decode()
    assert "种子承诺已公布于" in page and draw.commitment in page
    assert draw.seed not in page and "开奖时公开" in page
    client.logout()
    public = client.get(reverse("inspections:public-draw", args=[draw.pk])).content.decode()
    assert draw.commitment in public and draw.seed not in public and "尚未开奖" in public
    data = client.get(reverse("inspections:public-draw-json", args=[draw.pk])).content.decode()
    assert draw.seed not in data and json.loads(data)["seed"] is None
    login_as(client, personas, "district")
    client.post(reverse("inspections:draw-reveal", args=[draw.pk]))
    draw.refresh_from_db()
    assert draw.status == "revealed"
    assert draw.seed in client.get(reverse("inspections:draw", args=[draw.pk])).content.decode()


def test_the_public_pages_need_no_login_and_verify_the_draw(client, published):
    listing = client.get(reverse("inspections:public-draws"))
    assert listing.status_code == 200 and published.title in listing.content.decode()
    for key in (published.pk, published.number):
        page = client.get(reverse("inspections:public-draw", args=[key]))
        assert page.status_code == 200
    body = page.content.decode()
    assert published.seed in body and published.commitment in body and "李区安" in body
    assert "99010220001" not in body  # no certificate numbers, no personal data
    checked = client.get(reverse("inspections:public-draw", args=[published.pk]), {"verify": 1})
    assert "核验通过" in checked.content.decode()
    data = client.get(reverse("inspections:public-draw-json", args=[published.pk]))
    record = json.loads(data.content)
    assert record["seed"] == published.seed and record["result"]["picks"]
    assert client.get(reverse("inspections:public-draw", args=["no-such"])).status_code == 404
