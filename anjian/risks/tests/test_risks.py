import json

import pytest

from anjian.core.errors import Forbidden, Invalid
from anjian.core.models import AuditEvent
from anjian.enterprises.models import Enterprise
from anjian.risks import services
from anjian.risks.models import MajorHazardSource, RiskAssessment, RiskPoint
from tests.matrix import check_api_matrix, login_as
from tests.scopes import expected


@pytest.fixture
def chem(personas):
    return Enterprise.objects.get(name="东湖精细化工有限公司")


def test_the_chlorine_unit_is_a_grade_three_major_hazard_source(personas):
    source = MajorHazardSource.objects.get(name="液氯储罐区")
    assert source.is_major and source.status == "filed"
    assert (source.s_value, source.alpha, source.r_value, source.grade) == (5, 2, 40, "三级")
    assert "S = 25/5 = 5 ≥ 1" in source.explanation
    assert "R = α·Σβq/Q = 2.0 × (4 × 25/5) = 40" in source.explanation
    line = source.substances.get()
    assert (line.table, line.critical_t, line.beta) == ("表1 第12项", 5, 4)


def test_below_the_critical_quantity_is_not_filed(personas, chem):
    source = services.source_save(
        actor=personas["ent_manager"],
        source=MajorHazardSource(
            enterprise=chem,
            name="甲醇中间罐",
            unit_kind="storage",
            exposed_people_500m=10,
            principal="甲",
            technical_lead="乙",
            operations_lead="丙",
        ),
        substances=[{"name": "甲醇", "q_t": 100}],
    )
    assert not source.is_major and source.grade == ""
    with pytest.raises(Invalid, match="未构成重大危险源"):
        services.source_transition(actor=personas["ent_manager"], source=source, action="submit")


def test_filing_is_for_a_regulator_in_scope(personas, chem):
    source = services.source_save(
        actor=personas["ent_manager"],
        source=MajorHazardSource(
            enterprise=chem,
            name="光气单元",
            unit_kind="production",
            exposed_people_500m=0,
            principal="甲",
            technical_lead="乙",
            operations_lead="丙",
        ),
        substances=[{"name": "光气", "q_t": 1}],
    )
    source = services.source_transition(
        actor=personas["ent_manager"], source=source, action="submit"
    )
    for who in ("ent_principal", "district_b", "grid"):
        with pytest.raises(Forbidden):
            services.source_transition(actor=personas[who], source=source, action="file")
    with pytest.raises(Invalid):
        services.source_transition(actor=personas["township"], source=source, action="return")
    source = services.source_transition(
        actor=personas["township"], source=source, action="return", reason="人口数据需核实"
    )
    assert source.status == "returned"


def test_an_lec_point_gets_its_colour_and_history(personas, chem):
    point = RiskPoint(
        enterprise=chem,
        name="动火作业",
        kind="activity",
        method="lec",
        hazard_factors="火灾",
        responsible_person="吴安全",
    )
    point = services.risk_point_save(
        actor=personas["ent_manager"], point=point, inputs={"L": 1, "E": 10, "C": 7}
    )
    assert (point.score, point.level) == (70, "general")  # D = 70 counts as 显著危险 by default
    services.risk_point_save(
        actor=personas["ent_manager"], point=point, inputs={"L": 6, "E": 10, "C": 7}
    )
    assert RiskAssessment.objects.filter(point=point).count() == 2
    with pytest.raises(Invalid):
        services.risk_point_save(
            actor=personas["ent_manager"], point=point, inputs={"L": 4, "E": 10, "C": 7}
        )


def test_the_enterprise_grade_follows_its_worst_point_unless_a_regulator_overrides(personas, chem):
    assert services.derived_grade(chem) == "major"
    red = RiskPoint.objects.get(enterprise=chem, level="major")
    services.risk_point_void(actor=personas["ent_manager"], point=red, reason="工艺已取消")
    chem.refresh_from_db()
    assert chem.risk_grade == "larger"
    with pytest.raises(Forbidden):
        services.enterprise_risk_override(
            actor=personas["ent_manager"], enterprise=chem, level="low", reason="x"
        )
    chem = services.enterprise_risk_override(
        actor=personas["township"], enterprise=chem, level="major", reason="紧邻居民区"
    )
    assert chem.risk_grade == "major" and chem.risk_grade_override
    assert AuditEvent.objects.filter(
        event_type="enterprise.risk_grade", reason="紧邻居民区"
    ).exists()


def test_risk_point_and_source_matrix(client, personas):
    points = RiskPoint.objects.all()
    check_api_matrix(
        client,
        personas,
        list_url="/api/v1/risk-points",
        detail_url=lambda pk: f"/api/v1/risk-points/{pk}",
        expected=expected(points),
        all_keys=points.values_list("id", flat=True),
    )
    sources = MajorHazardSource.objects.all()
    check_api_matrix(
        client,
        personas,
        list_url="/api/v1/major-hazard-sources",
        detail_url=lambda pk: f"/api/v1/major-hazard-sources/{pk}",
        expected=expected(sources),
        all_keys=sources.values_list("id", flat=True),
    )


def test_the_api_creates_an_ls_point(client, personas, chem):
    login_as(client, personas, "ent_manager")
    response = client.post(
        "/api/v1/risk-points",
        json.dumps(
            {
                "enterprise": chem.pk,
                "name": "叉车作业",
                "kind": "activity",
                "hazard_factors": "车辆伤害",
                "method": "ls",
                "L": 4,
                "S": 5,
                "responsible_person": "吴安全",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["level"], body["colour"], body["control_level"]) == ("major", "red", "公司")
    bad = client.post(
        "/api/v1/risk-points",
        json.dumps(
            {
                "enterprise": chem.pk,
                "name": "x",
                "kind": "activity",
                "hazard_factors": "x",
                "method": "ls",
                "L": 6,
                "S": 5,
                "responsible_person": "x",
            }
        ),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["details"]["field"] == "L"


def test_the_source_detail_says_what_the_user_may_do_and_a_stale_filing_is_refused(
    client, personas, chem
):
    source = services.source_save(
        actor=personas["ent_manager"],
        source=MajorHazardSource(
            enterprise=chem,
            name="光气单元",
            unit_kind="production",
            exposed_people_500m=0,
            principal="甲",
            technical_lead="乙",
            operations_lead="丙",
        ),
        substances=[{"name": "光气", "q_t": 1}],
    )
    url = f"/api/v1/major-hazard-sources/{source.pk}"
    login_as(client, personas, "township")
    assert client.get(url).json()["actions"] == []
    login_as(client, personas, "ent_manager")
    assert client.get(url).json()["actions"] == ["submit"]
    submitted = client.post(
        f"{url}/transitions", {"action": "submit"}, content_type="application/json"
    )
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    login_as(client, personas, "township")
    assert client.get(url).json()["actions"] == ["file", "return"]
    stale = client.post(
        f"{url}/transitions",
        {"action": "file"},
        content_type="application/json",
        headers={"If-Match": str(source.version)},
    )
    assert stale.status_code == 412
    assert (
        client.get("/api/v1/major-hazard-sources?status=submitted").json()["items"][0]["name"]
        == "光气单元"
    )


def test_a_stale_reassessment_is_refused(client, personas, chem):
    point = RiskPoint.objects.filter(enterprise=chem).first()
    login_as(client, personas, "ent_manager")
    body = {
        "enterprise": chem.pk,
        "name": point.name,
        "kind": point.kind,
        "hazard_factors": "x",
        "method": "ls",
        "L": 2,
        "S": 2,
        "responsible_person": "吴安全",
    }
    url = f"/api/v1/risk-points/{point.pk}"
    stale = client.put(
        url, body, content_type="application/json", headers={"If-Match": str(point.version + 1)}
    )
    assert stale.status_code == 412
    fresh = client.put(
        url, body, content_type="application/json", headers={"If-Match": str(point.version)}
    )
    assert fresh.status_code == 200 and fresh.json()["version"] == point.version + 1
