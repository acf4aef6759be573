"""The visit code (检查码) and its ratings: the code shows anyone who came and why, only the
inspected enterprise's users rate, once each, and no rating can be traced to its author."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from anjian.accounts.models import User
from anjian.core.errors import Conflict, Forbidden, Invalid
from anjian.core.models import AuditEvent
from anjian.enterprises.models import Enterprise
from anjian.inspections import selectors_ratings, services_ratings, services_visits
from anjian.inspections.choices import Result, Status
from anjian.inspections.models import Finding, Inspection, InspectionItem, VisitRating
from anjian.inspections.seeds_ratings import LONE_COMMENT
from tests.personas import login_verified


@pytest.fixture
def visit(personas):
    """A signed visit of the demo chemical plant by the district's team of two."""
    chem = Enterprise.objects.get(name="东湖精细化工有限公司")
    team = [personas["district"], User.objects.get(username="inspector2")]
    inspection = services_visits.inspection_create(
        actor=personas["district"],
        enterprise=chem,
        planned_on=timezone.localdate(),
        team=team,
        basis="安全生产法第六十五条",
        items=list(InspectionItem.objects.order_by("pk")[:2]),
    )
    Inspection.objects.filter(pk=inspection.pk).update(status=Status.SIGNED)
    inspection.refresh_from_db()
    return inspection


def test_a_rating_is_stored_without_its_author(personas, visit):
    services_ratings.rating_submit(actor=personas["ent_manager"], inspection=visit, score=4)
    rating = VisitRating.objects.get(inspection=visit)
    names = {f.name for f in VisitRating._meta.get_fields()}
    assert names == {"id", "inspection", "score", "comment", "voter_key", "rated_on"}
    assert rating.voter_key != str(personas["ent_manager"].pk)
    assert len(rating.voter_key) == 64
    assert rating.rated_on == timezone.localdate()


def test_the_same_person_cannot_rate_twice_but_a_colleague_can(personas, visit):
    services_ratings.rating_submit(actor=personas["ent_manager"], inspection=visit, score=5)
    with pytest.raises(Conflict):
        services_ratings.rating_submit(actor=personas["ent_manager"], inspection=visit, score=1)
    services_ratings.rating_submit(actor=personas["ent_principal"], inspection=visit, score=3)
    assert VisitRating.objects.filter(inspection=visit).count() == 2


def test_the_key_differs_by_person_and_by_visit():
    assert services_ratings.voter_key(1, 2) != services_ratings.voter_key(2, 2)
    assert services_ratings.voter_key(1, 2) != services_ratings.voter_key(1, 3)
    assert services_ratings.voter_key(1, 2) == services_ratings.voter_key(1, 2)


@pytest.mark.parametrize("who", ["district", "city", "other_ent", "grid"])
def test_only_the_inspected_enterprise_rates(personas, visit, who):
    with pytest.raises(Forbidden):
        services_ratings.rating_submit(actor=personas[who], inspection=visit, score=5)


def test_a_visit_is_rated_only_after_signing(personas, visit):
    Inspection.objects.filter(pk=visit.pk).update(status=Status.IN_PROGRESS)
    visit.refresh_from_db()
    with pytest.raises(Invalid):
        services_ratings.rating_submit(actor=personas["ent_manager"], inspection=visit, score=5)


@pytest.mark.parametrize("score", [0, 6, "x", None])
def test_a_score_outside_one_to_five_is_refused(personas, visit, score):
    with pytest.raises(Invalid) as refused:
        services_ratings.rating_submit(actor=personas["ent_manager"], inspection=visit, score=score)
    assert refused.value.details == {"field": "score"}


def test_a_comment_over_300_characters_is_refused(personas, visit):
    with pytest.raises(Invalid):
        services_ratings.rating_submit(
            actor=personas["ent_manager"], inspection=visit, score=5, comment="长" * 301
        )


def test_rating_writes_no_audit_event_that_could_name_the_rater(personas, visit):
    before = AuditEvent.objects.count()
    services_ratings.rating_submit(actor=personas["ent_manager"], inspection=visit, score=2)
    assert AuditEvent.objects.count() == before


def test_the_code_page_shows_anyone_who_came_and_why(client, personas, visit):
    Finding.objects.create(
        inspection=visit,
        result=Result.NONCONFORM,
        note="储罐区可燃气体报警器失效（内部）",
        checked_by=personas["district"],
        checked_at=timezone.now(),
    )
    page = client.get(f"/inspections/code/{visit.visit_code}/").content.decode()
    assert "东湖区应急管理局" in page
    assert "李区安" in page and "99010220001" in page
    assert "钱执法" in page and "99010220002" in page
    assert "安全生产法第六十五条" in page
    for item in visit.items.all():
        assert item.title in page
    assert "储罐区可燃气体报警器失效" not in page  # findings are not the public's
    assert "已签字" not in page  # nor is the state of the visit
    assert "登录后评价" in page


def test_a_typed_code_finds_its_visit_and_a_wrong_one_says_so(client, visit):
    found = client.get("/inspections/code/", {"code": visit.visit_code.lower()})
    assert found.status_code == 302
    assert found["Location"] == f"/inspections/code/{visit.visit_code}/"
    missing = client.get("/inspections/code/", {"code": "ZZZZZZZZZZ"})
    assert missing.status_code == 404
    assert "没有找到这个检查码" in missing.content.decode()
    assert client.get("/inspections/code/ZZZZZZZZZZ/").status_code == 404
    assert client.get("/inspections/code/", {"code": ""}).status_code == 422


def test_the_enterprise_rates_on_the_code_page_once(client, personas, visit):
    login_verified(client, personas["ent_manager"])
    url = f"/inspections/code/{visit.visit_code}/"
    assert "提交评价" in client.get(url).content.decode()
    done = client.post(url, {"score": "5", "comment": "很规范"})
    assert done.status_code == 200
    assert "感谢您的评价" in done.content.decode()
    again = client.post(url, {"score": "1"})
    assert again.status_code == 409
    assert "只能评价一次" in again.content.decode()
    assert "您已评价过本次检查" in client.get(url).content.decode()
    assert VisitRating.objects.get(inspection=visit).score == 5


def test_an_empty_rating_form_is_refused_in_chinese(client, personas, visit):
    login_verified(client, personas["ent_manager"])
    response = client.post(f"/inspections/code/{visit.visit_code}/", {"comment": "x"})
    assert response.status_code == 422
    assert not VisitRating.objects.filter(inspection=visit).exists()


@pytest.mark.parametrize("who", ["district", "city", "other_ent"])
def test_others_posting_a_rating_are_refused(client, personas, visit, who):
    login_verified(client, personas[who])
    response = client.post(f"/inspections/code/{visit.visit_code}/", {"score": "5"})
    assert response.status_code == 403
    assert not VisitRating.objects.filter(inspection=visit).exists()
    assert AuditEvent.objects.filter(
        event_type="authz.denied", actor=personas[who], result="denied"
    ).exists()


def test_the_public_must_sign_in_to_rate(client, visit):
    response = client.post(f"/inspections/code/{visit.visit_code}/", {"score": "5"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not VisitRating.objects.filter(inspection=visit).exists()


# -- aggregates -------------------------------------------------------------------------------


def _office(summary, name):
    return next(g for g in summary["offices"] if g.label == name)


def test_an_office_with_five_or_more_ratings_shows_its_aggregate(personas):
    year = selectors_ratings.default_year()
    summary = selectors_ratings.rating_summary(personas["district"], year)
    east = _office(summary, "东湖区应急管理局")
    assert east.shown and east.count == 6
    assert east.distribution == [0, 0, 1, 2, 3]
    assert east.average == round((5 + 4 + 5 + 3 + 5 + 4) / 6, 2)
    assert "廉洁规范，没有吃拿卡要。" in east.comments
    assert all(g.label != "西山区应急管理局" for g in summary["offices"])  # not in scope


def test_an_office_with_fewer_than_five_ratings_shows_nothing(personas):
    summary = selectors_ratings.rating_summary(personas["city"], selectors_ratings.default_year())
    west = _office(summary, "西山区应急管理局")
    assert not west.shown and west.count == 0 and west.average is None
    assert west.distribution == [] and west.comments == []
    assert west.note == "评价不足 5 条，暂不显示"


def test_months_of_an_office_withhold_five_or_more_together():
    groups = [
        selectors_ratings.Group(key=m, label=str(m), count=c, shown=c >= 5)
        for m, c in [(1, 7), (2, 6), (3, 1)]
    ]
    selectors_ratings._complement(groups, {1: 7, 2: 6, 3: 1})
    assert [g.shown for g in groups] == [True, False, False]  # 6 + 1 withheld together


def test_the_current_month_is_not_counted_yet():
    today = date(2026, 7, 15)
    assert selectors_ratings.cutoff(2026, today) == date(2026, 6, 30)
    assert selectors_ratings.cutoff(2025, today) == date(2025, 12, 31)
    assert selectors_ratings.default_year(date(2027, 1, 10)) == 2026


def test_a_rating_of_this_month_waits_for_the_month_to_end(personas, visit):
    today = timezone.localdate()
    services_ratings.rating_submit(actor=personas["ent_manager"], inspection=visit, score=1)
    assert not selectors_ratings.counted(today.year, today).filter(inspection=visit).exists()
    later = today.replace(day=1) + timedelta(days=40)
    assert selectors_ratings.counted(today.year, later).filter(inspection=visit).exists()


def test_the_summary_page_and_api_show_groups_not_ratings(client, personas):
    login_verified(client, personas["city"])
    page = client.get("/inspections/ratings/").content.decode()
    assert "东湖区应急管理局" in page and "评价不足 5 条，暂不显示" in page
    assert LONE_COMMENT not in page
    data = client.get("/api/v1/inspection-ratings").json()
    west = next(g for g in data["offices"] if g["label"] == "西山区应急管理局")
    assert west == {
        "key": west["key"],
        "label": "西山区应急管理局",
        "count": 0,
        "average": None,
        "distribution": [],
        "shown": False,
        "comments": [],
    }
    assert client.get("/api/v1/inspection-ratings", {"year": "1999"}).status_code == 422


def test_the_inspection_page_panel_gives_the_code_and_no_rating(personas, visit):
    from anjian.core.records import panels
    from anjian.inspections import panels_ratings  # noqa: F401

    services_ratings.rating_submit(
        actor=personas["ent_manager"], inspection=visit, score=3, comment="面板不应出现"
    )
    shown = dict(
        (p.key, data) for p, data in panels.for_record("inspection", visit, personas["ent_manager"])
    )
    assert shown["visit-code"]["visit_code"] == visit.visit_code
    assert "您已评价过本次检查" in shown["visit-code"]["refusal"]
    officer = dict(
        (p.key, data) for p, data in panels.for_record("inspection", visit, personas["district"])
    )
    assert officer["visit-code"]["serves"] is False
    assert "面板不应出现" not in str(officer)
    assert "visit-code" not in dict(
        (p.key, d) for p, d in panels.for_record("inspection", visit, personas["sysadmin"])
    )


def test_the_summary_takes_the_same_queries_however_many_ratings(personas, visit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user, year = personas["city"], selectors_ratings.default_year()
    selectors_ratings.rating_summary(user, year)  # the scope and permission caches, warmed
    with CaptureQueriesContext(connection) as few:
        selectors_ratings.rating_summary(user, year)
    last_month = timezone.localdate().replace(day=1) - timedelta(days=3)
    VisitRating.objects.bulk_create(
        VisitRating(
            inspection=visit,
            score=n % 5 + 1,
            comment=f"意见{n}",
            voter_key=services_ratings.voter_key(1000 + n, visit.pk),
            rated_on=last_month,
        )
        for n in range(40)
    )
    with CaptureQueriesContext(connection) as many:
        summary = selectors_ratings.rating_summary(user, last_month.year)
    assert len(many) == len(few) <= 6
    assert _office(summary, "东湖区应急管理局").count == (46 if last_month.year == year else 40)
