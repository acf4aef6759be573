"""Problems: every field error of a submission collected into one Invalid."""

import pytest

from anjian.core.errors import Conflict, Invalid, Problems


def test_checks_run_on_after_a_refusal_and_all_errors_are_raised_together():
    problems = Problems()
    with problems.check():
        raise Invalid("电话号码有误。", field="phone")
    with problems.check():
        raise Invalid("两处有误。", errors=[{"field": "a", "message": "甲"}, {"field": "b"}])
    problems.add(None, "整体有误。")
    assert problems.has("phone", "zzz") and not problems.has("zzz")
    with pytest.raises(Invalid) as raised:
        problems.raise_if_any()
    details = raised.value.details
    assert details["field"] == "phone"
    assert details["errors"] == [
        {"field": "phone", "message": "电话号码有误。"},
        {"field": "a", "message": "甲"},
        {"field": "b", "message": "两处有误。"},
        {"field": "", "message": "整体有误。"},
    ]
    assert raised.value.message.startswith("共 4 处需要修改：电话号码有误；")


def test_one_error_keeps_its_own_message_and_none_raises_nothing():
    Problems().raise_if_any()
    problems = Problems()
    problems.add("name", "请填写名称。")
    with pytest.raises(Invalid, match=r"^请填写名称。$"):
        problems.raise_if_any()


def test_other_errors_are_not_swallowed():
    problems = Problems()
    with pytest.raises(Conflict), problems.check():
        raise Conflict()
    assert not problems.errors
