from anjian.standards.id_number import validate

SAMPLE = "11010519491231002X"  # the standard's own worked example


def test_the_standards_example_passes():
    result = validate(SAMPLE.lower())
    assert result.valid and result.normalized == SAMPLE
    assert "GB 11643" in result.explanation


def test_a_wrong_check_character_names_the_expected_one():
    result = validate(SAMPLE[:17] + "1")
    assert not result.valid and "「X」" in result.explanation


def test_bad_lengths_and_letters_are_refused():
    assert not validate("1101051949123100").valid
    assert not validate("1101051949A231002X").valid
