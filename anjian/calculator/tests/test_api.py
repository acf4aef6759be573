"""The calculator API: the worked examples of each rule, the local settings, the error shape."""

import pytest

from tests.personas import PASSWORD

BASE = "/api/v1/standards"
VALID_CODES = ["914403001922038216", "91110108551385082Q", "91330100799655058B"]


@pytest.fixture
def api(client, personas):
    client.force_login(personas["township"])

    def post(path, body):
        return client.post(f"{BASE}/{path}", body, content_type="application/json")

    return post


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def invalid(response, field):
    assert response.status_code == 422, response.content
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == "invalid"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    assert field in body["message"]
    fields = [error["field"] for error in body["details"]["errors"]]
    assert field in fields, fields
    return body


def test_three_deaths_make_a_larger_accident(api):
    body = ok(
        api("accident-grade", {"deaths": 3, "serious_injuries": 0, "direct_loss_10k_yuan": 0})
    )
    assert body["grade"] == "较大"
    assert body["decisive"] == ["deaths"]
    assert "第三条" in body["explanation"]


@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "grade"),
    [
        (2, 9, "999.9", "一般"),
        (0, 10, 0, "较大"),
        ("10", "0", "0", "重大"),
        (0, 0, "10000", "特别重大"),
    ],
)
def test_the_grade_boundaries_include_the_bound(api, deaths, injuries, loss, grade):
    body = {"deaths": deaths, "serious_injuries": injuries, "direct_loss_10k_yuan": loss}
    assert ok(api("accident-grade", body))["grade"] == grade


def test_25_t_of_chlorine_with_120_people_is_a_third_grade_source(api):
    body = ok(
        api("major-hazard", {"substances": [{"name": "氯", "q_t": 25}], "exposed_people_500m": 120})
    )
    assert (body["S"], body["R"], body["alpha"], body["grade"]) == (5, 40, 2, "三级")
    assert body["is_major_hazard"] is True
    line = body["substances"][0]
    assert (line["table"], line["Q_t"], line["beta"], line["q_over_Q"]) == ("表1 第12项", 5, 4, 5)
    assert "GB 18218-2018" in body["explanation"]


def test_several_substances_add_up_and_categories_use_table_2(api):
    substances = [
        {"name": "液氯", "q_t": "25"},
        {"name": "甲醇", "q_t": 100},
        {"category": "W2", "label": "某可燃气体", "q_t": 2},
    ]
    body = ok(api("major-hazard", {"substances": substances, "exposed_people_500m": "40"}))
    assert body["S"] == pytest.approx(5.4)  # 25/5 + 100/500 + 2/10
    assert body["alpha"] == pytest.approx(1.2)
    assert body["R"] == pytest.approx(24.6)  # 1.2 × (4×5 + 1×0.2 + 1.5×0.2)
    assert body["grade"] == "三级"
    assert [line["table"] for line in body["substances"]] == ["表1 第12项", "表1 第65项", "表2 W2"]
    assert body["substances"][2]["name"] == "某可燃气体"


def test_below_the_critical_quantity_is_no_major_hazard(api):
    body = ok(api("major-hazard", {"substances": [{"name": "甲醇", "q_t": 100}]}))
    assert body["is_major_hazard"] is False
    assert body["S"] == pytest.approx(0.2)
    assert body["grade"] is None and body["R"] is None


def test_a_major_hazard_without_the_population_names_that_field(api):
    response = api("major-hazard", {"substances": [{"name": "氯", "q_t": 25}]})
    body = invalid(response, "exposed_people_500m")
    assert body["details"]["field"] == "exposed_people_500m"


def test_lec_multiplies_the_factors(api):
    body = ok(api("lec", {"L": 6, "E": 6, "C": 7}))
    assert body["D"] == 252
    assert (body["class"], body["level"], body["colour"], body["colour_code"]) == (
        "高度危险",
        "较大",
        "橙",
        "orange",
    )


def test_the_lec_boundary_follows_the_local_setting(api, settings):
    assert ok(api("lec", {"L": 10, "E": 1, "C": 7}))["class"] == "显著危险"  # D = 70
    settings.ANJIAN = {**settings.ANJIAN, "LEC_BOUNDARY": "upper_inclusive"}
    body = ok(api("lec", {"L": "10", "E": "1", "C": "7"}))
    assert (body["class"], body["boundary"]) == ("一般危险", "upper_inclusive")


def test_lec_accepts_only_tabulated_values(api):
    body = invalid(api("lec", {"L": 5, "E": 6, "C": 7}), "L")
    assert "表列数值" in body["message"]


def test_ls_multiplies_likelihood_and_severity(api):
    body = ok(api("ls", {"L": 4, "S": 5}))
    assert (body["R"], body["level"], body["colour_code"]) == (20, "重大", "red")


def test_the_ls_banding_follows_the_local_setting(api, settings):
    assert ok(api("ls", {"L": 2, "S": 3}))["level"] == "低"
    settings.ANJIAN = {**settings.ANJIAN, "LS_BANDING": "1-5/6-12/15-16/20-25"}
    body = ok(api("ls", {"L": 2, "S": 3}))
    assert (body["level"], body["banding"]) == ("一般", "1-5/6-12/15-16/20-25")


def test_ls_rejects_a_factor_outside_1_to_5(api):
    invalid(api("ls", {"L": 6, "S": 1}), "L")


@pytest.mark.parametrize("code", VALID_CODES)
def test_real_credit_codes_are_valid(api, code):
    body = ok(api("credit-code", {"code": code}))
    assert body["valid"] is True and body["errors"] == []
    assert body["registration_authority"] == "工商"


def test_a_corrupted_credit_code_says_which_check_character_is_expected(api):
    body = ok(api("credit-code", {"code": "914403001922038217"}))
    assert body["valid"] is False
    assert "第18位应为「6」" in body["errors"][0]
    assert "「6」" in body["explanation"]


def test_a_credit_code_is_normalized_before_checking(api):
    body = ok(api("credit-code", {"code": " ９１１１０１０８５５１３８５０８２q "}))
    assert body["valid"] is True and body["normalized"] == "91110108551385082Q"


def test_the_gb18218_tables_are_served_for_pick_lists(api, client):
    body = ok(client.get(f"{BASE}/gb18218/table1"))
    assert len(body["table1"]) == 85
    chlorine = next(row for row in body["table1"] if row["no"] == 12)
    assert (chlorine["name"], chlorine["Q_t"], chlorine["beta"]) == ("氯", 5, 4)
    codes = {entry["code"]: entry for entry in body["table2"]}
    assert (codes["W2"]["Q_t"], codes["W2"]["beta"]) == (10, 1.5)


ENDPOINTS = ["accident-grade", "major-hazard", "lec", "ls", "credit-code"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_anonymous_callers_get_401(client, db, path):
    response = client.post(f"{BASE}/{path}", {}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_anonymous_callers_cannot_read_the_tables(client, db):
    assert client.get(f"{BASE}/gb18218/table1").status_code == 401


def test_a_bearer_token_works_too(client, personas):
    token = client.post(
        "/api/v1/auth/token",
        {"username": "ent_manager", "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    response = client.post(
        f"{BASE}/ls",
        {"L": 3, "S": 3},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert ok(response)["level"] == "一般"


def test_a_missing_field_is_named(api):
    body = invalid(
        api("accident-grade", {"deaths": 1, "serious_injuries": 0}), "direct_loss_10k_yuan"
    )
    assert "必填" in body["message"]


def test_a_non_numeric_value_is_named(api):
    response = api("major-hazard", {"substances": [{"name": "氯", "q_t": "很多"}]})
    body = invalid(response, "substances.0.q_t")
    assert "应为数字" in body["message"]


def test_an_unknown_substance_is_named_with_suggestions(api):
    response = api("major-hazard", {"substances": [{"name": "氯x", "q_t": 1}]})
    body = invalid(response, "substances[0].name")
    assert body["details"]["field"] == "substances[0].name"
    assert "相近的名称" in body["message"] and "氯" in body["message"]


def test_an_unknown_substance_key_is_rejected_rather_than_ignored(api):
    response = api("major-hazard", {"substances": [{"name": "氯", "q_t": 1, "Qt": 2}]})
    invalid(response, "substances.0.Qt")


def test_a_negative_count_is_rejected_by_the_rule(api):
    body = {"deaths": -1, "serious_injuries": 0, "direct_loss_10k_yuan": 0}
    invalid(api("accident-grade", body), "deaths")


def test_the_endpoints_are_documented_in_chinese(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in ENDPOINTS:
        operation = paths[f"{BASE}/{path}"]["post"]
        text = operation.get("summary", "") + operation.get("description", "")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), path
    assert "重大危险源" in paths[f"{BASE}/major-hazard"]["post"]["description"]
