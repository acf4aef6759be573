"""The calculator page: login, one form per rule, results as HTMX partials, errors keep inputs."""

import pytest

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def user_client(client, personas):
    client.force_login(personas["township"])
    return client


def test_the_page_needs_a_login(client, db):
    response = client.get("/calculator/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post("/calculator/lec/", {"L": "6"}).status_code == 302


def test_the_page_shows_every_rule_and_is_in_the_navigation(user_client):
    page = user_client.get("/calculator/").content.decode()
    for label in ["事故等级", "重大危险源辨识", "LEC 评价法", "LS 风险矩阵", "统一社会信用代码"]:
        assert label in page
    assert 'href="/calculator/"' in page
    assert 'id="substance-row-template"' in page and '<option value="氯">' in page
    assert "calculator/calculator.js" in page


def test_the_rule_in_the_address_opens_its_tab(user_client):
    page = user_client.get("/calculator/?rule=lec").content.decode()
    assert 'id="tab-lec" class="nav-link active"' in page
    assert 'id="tab-accident" class="nav-link"' in page


def test_the_accident_form_answers_with_the_grade(user_client):
    data = {"deaths": "3", "serious_injuries": "0", "direct_loss_10k_yuan": "120.5"}
    html = user_client.post("/calculator/accident/", data, **HTMX).content.decode()
    assert "较大事故" in html and "bg-yellow" in html
    assert "<html" not in html  # a partial, not the page
    assert "由死亡决定" in html


def test_the_major_hazard_form_takes_several_rows_and_skips_blank_ones(user_client):
    data = {
        "name": ["氯", "", "甲醇"],
        "category": ["", "", ""],
        "q_t": ["25", "", "100"],
        "exposed_people_500m": "120",
    }
    html = user_client.post("/calculator/major-hazard/", data, **HTMX).content.decode()
    assert "三级重大危险源" in html
    assert "表1 第12项" in html and "表1 第65项" in html
    assert 'data-testid="mhs-S">5.2<' in html and 'data-testid="mhs-R">40.4<' in html


def test_a_table_2_category_row_is_accepted(user_client):
    data = {"name": [""], "category": ["W2"], "q_t": ["5"]}
    html = user_client.post("/calculator/major-hazard/", data, **HTMX).content.decode()
    assert "不构成重大危险源" in html and "表2 W2" in html


def test_the_lec_form_answers_with_d_and_the_colour(user_client):
    html = user_client.post("/calculator/lec/", {"L": "6", "E": "6", "C": "7"}, **HTMX)
    html = html.content.decode()
    assert 'data-testid="lec-D">252<' in html and "较大风险（橙）" in html and "bg-orange" in html


def test_the_ls_form_answers_with_r(user_client):
    html = user_client.post("/calculator/ls/", {"L": "4", "S": "5"}, **HTMX).content.decode()
    assert 'data-testid="ls-R">20<' in html and "重大风险（红）" in html and "bg-red" in html


def test_the_credit_code_form_tells_valid_from_invalid(user_client):
    valid = user_client.post("/calculator/credit-code/", {"code": "91110108551385082Q"}, **HTMX)
    assert "代码有效" in valid.content.decode()
    invalid = user_client.post("/calculator/credit-code/", {"code": "914403001922038217"}, **HTMX)
    assert "代码无效" in invalid.content.decode() and "第18位应为「6」" in invalid.content.decode()


def test_an_error_is_shown_in_chinese_in_the_result_area(user_client):
    data = {"name": ["氯", "氯x"], "category": ["", ""], "q_t": ["1", "2"]}
    html = user_client.post("/calculator/major-hazard/", data, **HTMX).content.decode()
    assert 'data-testid="calculator-error"' in html
    assert "第2行物质的物质名称" in html and "相近的名称" in html


def test_the_row_named_in_an_error_counts_blank_rows(user_client):
    data = {"name": ["", "氯"], "category": ["", ""], "q_t": ["", ""]}
    html = user_client.post("/calculator/major-hazard/", data, **HTMX).content.decode()
    assert "第2行物质的实际存在量 q" in html


def test_a_blank_required_field_is_named(user_client):
    data = {"deaths": "1", "serious_injuries": "", "direct_loss_10k_yuan": "0"}
    html = user_client.post("/calculator/accident/", data, **HTMX).content.decode()
    assert "重伤人数：请填写。" in html


def test_without_htmx_an_error_returns_the_page_with_the_inputs_kept(user_client):
    data = {
        "name": ["氯", "甲醇x"],
        "category": ["", "W5.1"],
        "q_t": ["25", "100"],
        "exposed_people_500m": "120",
    }
    response = user_client.post("/calculator/major-hazard/", data)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert 'id="tab-major-hazard" class="nav-link active"' in html
    assert "无法计算" in html and "第2行物质" in html
    for kept in ['value="氯"', 'value="甲醇x"', 'value="25"', 'value="100"', 'value="120"']:
        assert kept in html, kept
    assert '<option value="W5.1" selected>' in html


def test_without_htmx_a_result_returns_the_page_with_the_selection_kept(user_client):
    html = user_client.post("/calculator/lec/", {"L": "0.5", "E": "6", "C": "7"}).content.decode()
    assert '<option value="0.5" selected>' in html and 'data-testid="lec-D">21<' in html


def test_an_unknown_rule_is_404_and_get_is_not_allowed(user_client):
    assert user_client.post("/calculator/nothing/", {}).status_code == 404
    assert user_client.get("/calculator/lec/").status_code == 405
