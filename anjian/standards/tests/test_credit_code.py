import pytest

from anjian.standards import credit_code
from anjian.standards.base import StandardsError

REAL_CODES = ["914403001922038216", "91110108551385082Q", "91330100799655058B"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_it_accepts_real_codes_with_both_checks_passing(code):
    result = credit_code.validate(code)
    assert result.valid
    assert (result.errors, result.warnings) == ((), ())
    assert (result.registration_authority, result.organisation_type) == ("工商", "企业")
    assert result.division_code == code[2:8]
    assert result.organisation_code == code[8:17]
    assert "GB 32100-2015" in result.explanation


@pytest.mark.parametrize("code", REAL_CODES)
def test_it_computes_the_check_character_of_real_codes(code):
    result = credit_code.check_character(code[:17])
    assert result.check_character == code[17]
    assert f"Σ = {result.weighted_sum}" in result.explanation


def test_it_names_the_expected_check_character_when_it_is_wrong():
    result = credit_code.validate("91110108551385082A")
    assert not result.valid
    assert result.errors == ("校验码错误：第18位应为「Q」，实际为「A」。",)


@pytest.mark.parametrize("bad", ["I", "O", "S", "V", "Z"])
def test_it_rejects_letters_outside_the_character_set_naming_the_position(bad):
    code = "9111010855138508" + bad + "Q"
    result = credit_code.validate(code)
    assert not result.valid
    assert any(f"第17位字符「{bad}」" in error for error in result.errors)


@pytest.mark.parametrize("code", ["91110108551385082", "91110108551385082QQ", ""])
def test_it_rejects_a_wrong_length(code):
    result = credit_code.validate(code)
    assert not result.valid
    assert f"实际为{len(code)}位" in result.errors[0]


def test_it_normalises_full_width_lower_case_and_padding():
    result = credit_code.validate(" ９１１１０１０８５５１３８５０８２ｑ\u3000")
    assert result.normalized == "91110108551385082Q"
    assert result.valid


def test_it_requires_digits_for_the_division_code():
    first17 = "91A10108551385082"
    code = first17 + credit_code.check_character(first17).check_character
    result = credit_code.validate(code)
    assert not result.valid
    assert "行政区划码" in result.errors[0]


def test_it_only_warns_when_the_organisation_code_check_fails():
    first17 = "91110108551385072"
    code = first17 + credit_code.check_character(first17).check_character
    result = credit_code.validate(code)
    assert result.valid
    assert len(result.warnings) == 1
    assert "GB 11714" in result.warnings[0]


def test_it_does_not_reject_an_authority_code_it_cannot_name():
    first17 = "A1110108551385082"
    code = first17 + credit_code.check_character(first17).check_character
    result = credit_code.validate(code)
    assert result.valid
    assert result.registration_authority is None
    assert "不视为错误" in result.explanation


def test_it_maps_a_remainder_of_zero_to_the_character_0():
    for first in ("1", "5", "9", "Y"):
        for tail in range(100):
            first17 = f"{first}1110108{tail:09d}"
            result = credit_code.check_character(first17)
            if result.weighted_sum % 31 == 0:
                assert result.check_character == "0"
                return
    pytest.fail("no sample with remainder 0")


@pytest.mark.parametrize("bad", ["9111010855138508", "9111010855138508I", None, 911])
def test_it_rejects_bad_input_to_the_check_character_helper(bad):
    with pytest.raises(StandardsError) as caught:
        credit_code.check_character(bad)
    assert caught.value.field == "first17"


def test_it_rejects_a_code_that_is_not_text():
    with pytest.raises(StandardsError) as caught:
        credit_code.validate(914403001922038216)
    assert caught.value.field == "code"


def test_it_renders_the_validation_as_json():
    data = credit_code.validate("91110108551385082A").as_dict()
    assert data["valid"] is False
    assert isinstance(data["errors"], list)
