import copy
import hashlib
import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anjian.standards import StandardsError
from anjian.standards import random_draw as rd

SEED = "0" * 63 + "1"


def sample_inputs():
    return {
        "draw": "〔2026〕抽1号",
        "enterprises": [{"id": i, "weight": (i % 4) + 1} for i in range(10, 22)],
        "count": 4,
        "inspectors": [{"id": i, "lead_ok": i % 2 == 1} for i in range(1, 8)],
        "team_size": 2,
        "conflicts": [[1, 12], [3, 15]],
        "last_lead": [[12, 5]],
        "experts": [{"id": 30}, {"id": 31}, {"id": 32}],
        "experts_per_team": 1,
    }


def seeds(n):
    return [hashlib.sha256(f"seed {i}".encode()).hexdigest() for i in range(n)]


def picks(result):
    return result.as_dict()["picks"]


# Computed once with anjian-draw/1 and kept: any change to the algorithm breaks published draws.
GOLDEN_DIGEST = "efe73d052ad8ae86f5e1980f51e4d477a5a5fe2ff0c736a01be14acd8dd31eb7"
GOLDEN_PICKS = [
    {"enterprise": 11, "inspectors": [1, 3], "lead": 1, "experts": [32]},
    {"enterprise": 15, "inspectors": [1, 2], "lead": 1, "experts": [30]},
    {"enterprise": 14, "inspectors": [5, 3], "lead": 5, "experts": [30]},
    {"enterprise": 12, "inspectors": [7, 6], "lead": 7, "experts": [32]},
]


def test_it_reproduces_the_golden_vector():
    result = rd.run(sample_inputs(), SEED)
    data = result.as_dict()
    assert data["algorithm"] == "anjian-draw/1"
    assert data["inputs_digest"] == GOLDEN_DIGEST
    assert data["seed"] == SEED
    assert data["picks"] == GOLDEN_PICKS
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_the_same_inputs_and_seed_give_the_same_result():
    assert rd.run(sample_inputs(), SEED) == rd.run(sample_inputs(), SEED)


def test_the_commitment_is_the_sha256_of_the_seed_text():
    assert rd.commitment(SEED) == hashlib.sha256(SEED.encode("ascii")).hexdigest()


def test_new_seeds_are_64_hex_characters_and_differ():
    first, second = rd.new_seed(), rd.new_seed()
    assert len(first) == 64 and int(first, 16) >= 0
    assert first != second


def test_canonical_json_is_sorted_compact_and_unescaped():
    text = rd.canonical(sample_inputs()).decode("utf-8")
    assert text.startswith('{"conflicts":[[1,12],[3,15]],"count":4,"draw":"〔2026〕抽1号"')
    assert " " not in text
    assert rd.inputs_digest(sample_inputs()) == hashlib.sha256(text.encode()).hexdigest()


def test_the_order_of_the_lists_does_not_matter():
    shuffled = sample_inputs()
    for key in ("enterprises", "inspectors", "experts", "conflicts"):
        shuffled[key].reverse()
    shuffled["conflicts"].append([1, 12])
    assert rd.inputs_digest(shuffled) == GOLDEN_DIGEST
    assert picks(rd.run(shuffled, SEED)) == GOLDEN_PICKS


def test_absent_optional_inputs_mean_their_defaults():
    bare = {key: sample_inputs()[key] for key in rd.REQUIRED}
    full = {**bare, "conflicts": [], "last_lead": [], "experts": [], "experts_per_team": 0}
    assert rd.inputs_digest(bare) == rd.inputs_digest(full)


CHANGES = {
    "a weight": lambda i: i["enterprises"][0].update(weight=4),
    "an enterprise id": lambda i: i["enterprises"][0].update(id=99),
    "the count": lambda i: i.update(count=5),
    "a conflict": lambda i: i["conflicts"].append([2, 11]),
    "a last lead": lambda i: i["last_lead"].append([11, 1]),
    "the draw number": lambda i: i.update(draw="〔2026〕抽2号"),
    "an inspector": lambda i: i["inspectors"].append({"id": 8, "lead_ok": True}),
    "a lead permission": lambda i: i["inspectors"][0].update(lead_ok=False),
    "the team size": lambda i: i.update(team_size=3),
    "an expert": lambda i: i["experts"].pop(),
    "the filters": lambda i: i.update(filters={"sector": "hazardous_chemicals"}),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_input_change_changes_the_digest_and_the_picks(change):
    inputs = sample_inputs()
    CHANGES[change](inputs)
    assert rd.inputs_digest(inputs) != GOLDEN_DIGEST
    changed = [picks(rd.run(inputs, seed)) for seed in seeds(5)]
    original = [picks(rd.run(sample_inputs(), seed)) for seed in seeds(5)]
    assert changed != original


def test_a_different_seed_gives_a_different_draw():
    results = {json.dumps(picks(rd.run(sample_inputs(), seed))) for seed in seeds(10)}
    assert len(results) > 5


def test_it_never_sends_an_inspector_with_a_declared_conflict():
    inputs = sample_inputs()
    inputs["count"] = 12
    inputs["conflicts"] = [[p, e] for p in (1, 2) for e in range(10, 16)]
    for seed in seeds(30):
        for pick in picks(rd.run(inputs, seed)):
            if pick["enterprise"] < 16:
                assert not {1, 2} & set(pick["inspectors"])


def test_the_last_lead_never_leads_there_again_but_may_serve():
    inputs = sample_inputs()
    inputs["count"] = 12
    inputs["last_lead"] = [[e, 1] for e in range(10, 22)]
    served = False
    for seed in seeds(30):
        for pick in picks(rd.run(inputs, seed)):
            assert pick["lead"] != 1
            served = served or 1 in pick["inspectors"]
    assert served


def test_every_team_has_the_team_size_of_distinct_officers_led_by_one_allowed_to_lead():
    inputs = sample_inputs()
    inputs["team_size"] = 3
    allowed = {item["id"] for item in inputs["inspectors"] if item["lead_ok"]}
    for seed in seeds(30):
        for pick in picks(rd.run(inputs, seed)):
            assert len(set(pick["inspectors"])) == 3
            assert pick["lead"] == pick["inspectors"][0] and pick["lead"] in allowed


def test_the_load_is_spread_across_the_officers():
    inputs = sample_inputs()
    inputs["count"] = 12
    inputs["conflicts"] = []
    limit = math.ceil(12 * 2 / 7)
    for seed in seeds(30):
        load = Counter(p for pick in picks(rd.run(inputs, seed)) for p in pick["inspectors"])
        assert max(load.values()) <= limit


def test_experts_are_drawn_per_team_without_conflicts():
    inputs = sample_inputs()
    inputs["expert_conflicts"] = [[30, e] for e in range(10, 22)]
    for seed in seeds(20):
        for pick in picks(rd.run(inputs, seed)):
            assert len(pick["experts"]) == 1 and pick["experts"][0] in (31, 32)


def test_without_experts_every_team_has_none():
    inputs = sample_inputs()
    inputs["experts_per_team"] = 0
    assert all(pick["experts"] == [] for pick in picks(rd.run(inputs, SEED)))


def test_the_weights_set_the_chance_of_being_drawn():
    inputs = {
        "draw": "〔2026〕抽9号",
        "enterprises": [{"id": i, "weight": i} for i in (1, 2, 3, 4)],
        "count": 1,
        "inspectors": [{"id": 1, "lead_ok": True}, {"id": 2, "lead_ok": True}],
        "team_size": 2,
    }
    runs = 4000
    drawn = Counter(picks(rd.run(inputs, seed))[0]["enterprise"] for seed in seeds(runs))
    for enterprise in (1, 2, 3, 4):
        expected = runs * enterprise / 10
        # Five standard deviations; the seeds are fixed, so this cannot flake.
        assert abs(drawn[enterprise] - expected) < 5 * math.sqrt(expected)


def test_the_steps_explain_each_pick_in_chinese():
    steps = rd.run(sample_inputs(), SEED).steps
    assert steps[0].startswith("算法 anjian-draw/1")
    assert "第 1 家：剩余 12 家、总权重 30" in steps[2]
    assert any("回避 1" in step and "上次带队 5 不得带队" in step for step in steps)


def test_it_refuses_when_no_team_can_be_formed_naming_the_enterprise():
    inputs = sample_inputs()
    inputs["conflicts"] = [[p, e] for p in range(1, 7) for e in range(10, 22)]
    with pytest.raises(StandardsError) as info:
        rd.run(inputs, SEED)
    assert re.fullmatch(
        r"企业 \d+ 无法组成检查组：.+（已按算法整体重抽 100 次）。", info.value.message
    )


def test_it_refuses_when_nobody_may_lead():
    inputs = sample_inputs()
    inputs["inspectors"] = [{"id": i, "lead_ok": False} for i in range(1, 8)]
    with pytest.raises(StandardsError, match="没有可以带队的人员"):
        rd.run(inputs, SEED)


INVALID = {
    "count zero": ({"count": 0}, "count"),
    "count above the pool": ({"count": 13}, "count"),
    "team of one": ({"team_size": 1}, "team_size"),
    "team larger than the pool": ({"team_size": 8}, "team_size"),
    "zero weight": ({"enterprises": [{"id": 1, "weight": 0}]}, "enterprises[0].weight"),
    "fractional weight": ({"enterprises": [{"id": 1, "weight": 1.5}]}, "enterprises[0].weight"),
    "duplicate id": (
        {"enterprises": [{"id": 1, "weight": 1}, {"id": 1, "weight": 2}], "count": 1},
        "enterprises[1].id",
    ),
    "boolean lead": ({"inspectors": [{"id": 1, "lead_ok": "yes"}]}, "inspectors[0].lead_ok"),
    "unknown key": ({"teamsize": 2}, "inputs"),
    "empty draw number": ({"draw": " "}, "draw"),
    "bad pair": ({"conflicts": [[1]]}, "conflicts[0]"),
    "too few experts": ({"experts_per_team": 4}, "experts_per_team"),
}


@pytest.mark.parametrize("case", INVALID)
def test_it_rejects_invalid_inputs_in_chinese(case):
    change, field = INVALID[case]
    inputs = {**sample_inputs(), **change}
    with pytest.raises(StandardsError) as info:
        rd.run(inputs, SEED)
    assert info.value.field == field
    assert any("\u4e00" <= char <= "\u9fff" for char in info.value.message)


@pytest.mark.parametrize("seed", ["", "xyz", "ab" * 32 + "C", "AB" * 32, SEED + "0"])
def test_it_rejects_a_malformed_seed(seed):
    with pytest.raises(StandardsError) as info:
        rd.run(sample_inputs(), seed)
    assert info.value.field == "seed"


def published():
    return rd.run(sample_inputs(), SEED).as_dict()


def test_verify_accepts_an_honest_publication():
    outcome = rd.verify(sample_inputs(), SEED, rd.commitment(SEED), published())
    assert outcome.ok and outcome.reasons == []
    assert "核验通过" in outcome.explanation


def test_verify_detects_a_seed_that_does_not_match_the_commitment():
    other = seeds(1)[0]
    outcome = rd.verify(sample_inputs(), other, rd.commitment(SEED), published())
    assert not outcome.ok
    assert any("承诺值不符" in reason for reason in outcome.reasons)


def test_verify_detects_changed_inputs():
    inputs = sample_inputs()
    inputs["enterprises"][3]["weight"] = 1
    outcome = rd.verify(inputs, SEED, rd.commitment(SEED), published())
    assert not outcome.ok
    assert any("输入摘要不符" in reason for reason in outcome.reasons)


def test_verify_names_the_tampered_pick():
    result = published()
    result["picks"][2]["inspectors"] = [3, 6]
    outcome = rd.verify(sample_inputs(), SEED, rd.commitment(SEED), result)
    assert outcome.reasons == ["第 3 家的检查组不同：公布为 [3, 6]，重算为 [5, 3]。"]


def test_verify_detects_a_swapped_enterprise_and_a_dropped_pick():
    result = published()
    result["picks"][0]["enterprise"] = 20
    del result["picks"][3]
    reasons = rd.verify(sample_inputs(), SEED, rd.commitment(SEED), result).reasons
    assert "公布的名单有 3 家企业，重算得 4 家。" in reasons
    assert "第 1 家的企业不同：公布为 20，重算为 11。" in reasons


def test_verify_reports_inputs_that_cannot_be_rerun():
    inputs = sample_inputs()
    inputs["count"] = 0
    outcome = rd.verify(inputs, SEED, rd.commitment(SEED), published())
    assert not outcome.ok and "无法重算" in outcome.reasons[-1]


def test_verify_reports_a_malformed_seed_and_result_without_raising():
    outcome = rd.verify(sample_inputs(), "nope", "abc", {"picks": None})
    assert not outcome.ok and "种子无效" in outcome.reasons[0]
    outcome = rd.verify(sample_inputs(), SEED, rd.commitment(SEED), copy.copy([]))
    assert outcome.reasons == ["公布的抽取结果不是一个对象。"]


def test_a_tight_pool_is_drawn_again_as_a_whole_and_says_so():
    inputs = sample_inputs()
    inputs["count"] = 12
    inputs["conflicts"] = [[p, e] for p in (1, 2) for e in range(10, 16)]
    outcomes = [rd.run(inputs, seed) for seed in seeds(40)]
    redrawn = [result for result in outcomes if any("整体重抽" in s for s in result.steps)]
    assert 0 < len(redrawn) < len(outcomes)
    assert rd.run(inputs, redrawn[0].seed) == redrawn[0]


def test_few_officers_who_may_lead_lead_every_team_between_them():
    inputs = sample_inputs()
    inputs["count"] = 8
    inputs["conflicts"] = []
    inputs["inspectors"] = [{"id": i, "lead_ok": i == 1 or i == 2} for i in range(1, 9)]
    for seed in seeds(20):
        leads = Counter(pick["lead"] for pick in picks(rd.run(inputs, seed)))
        assert set(leads) <= {1, 2} and sum(leads.values()) == 8


DOC = Path(__file__).resolve().parents[3] / "docs" / "random-draw.md"


def doc_rerun():
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    namespace: dict = {}
    exec("\n".join(blocks), namespace)
    return namespace["rerun"], namespace["digest_of"]


def test_the_published_recipe_in_the_docs_reruns_the_golden_vector():
    rerun, digest_of = doc_rerun()
    normal = rd.normalize(sample_inputs())
    assert digest_of(normal) == GOLDEN_DIGEST
    assert rerun(normal, SEED) == GOLDEN_PICKS
    text = DOC.read_text(encoding="utf-8")
    assert rd.canonical(sample_inputs()).decode() in text
    assert rd.commitment(SEED) in text and GOLDEN_DIGEST in text


def test_the_published_recipe_agrees_with_the_system_on_many_draws():
    rerun, _ = doc_rerun()
    tight = {**sample_inputs(), "count": 12, "conflicts": [[1, e] for e in range(10, 16)]}
    panels = {**sample_inputs(), "count": 9, "experts_per_team": 2, "team_size": 3}
    for inputs in (sample_inputs(), tight, panels):
        normal = rd.normalize(inputs)
        for seed in seeds(25):
            assert rerun(normal, seed) == picks(rd.run(inputs, seed))


def test_an_error_names_the_entry_as_it_was_sent():
    inputs = sample_inputs()
    inputs["enterprises"][0]["weight"] = -1  # id 10, sorted first either way
    inputs["enterprises"].reverse()
    with pytest.raises(StandardsError) as info:
        rd.run(inputs, SEED)
    assert info.value.field == "enterprises[11].weight"


def test_filters_must_be_plain_json():
    inputs = {**sample_inputs(), "filters": {"since": float("nan")}}
    with pytest.raises(StandardsError) as info:
        rd.inputs_digest(inputs)
    assert info.value.field == "filters"


@st.composite
def draws(draw):
    pool = draw(st.lists(st.integers(1, 500), min_size=1, max_size=30, unique=True))
    officers = draw(st.lists(st.integers(1, 60), min_size=2, max_size=12, unique=True))
    team_size = draw(st.integers(2, min(4, len(officers))))
    return {
        "draw": draw(st.text(min_size=1, max_size=8).filter(str.strip)),
        "enterprises": [{"id": i, "weight": draw(st.integers(1, 20))} for i in pool],
        "count": draw(st.integers(1, len(pool))),
        "inspectors": [{"id": p, "lead_ok": draw(st.booleans())} for p in officers[:-1]]
        + [{"id": officers[-1], "lead_ok": True}],
        "team_size": team_size,
        "conflicts": draw(st.lists(st.tuples(st.sampled_from(officers), st.sampled_from(pool)))),
        "last_lead": draw(st.lists(st.tuples(st.sampled_from(pool), st.sampled_from(officers)))),
    }


@settings(max_examples=150, deadline=None)
@given(draws(), st.binary(min_size=32, max_size=32))
def test_any_successful_draw_keeps_every_rule_and_verifies(inputs, raw_seed):
    seed = raw_seed.hex()
    try:
        result = rd.run(inputs, seed)
    except StandardsError as error:
        assert error.field == "inspectors" and "企业" in error.message
        return
    data = result.as_dict()
    conflicts = {tuple(pair) for pair in inputs["conflicts"]}
    last = {tuple(pair) for pair in inputs["last_lead"]}
    can_lead = {item["id"] for item in inputs["inspectors"] if item["lead_ok"]}
    chosen = [pick["enterprise"] for pick in data["picks"]]
    assert len(chosen) == len(set(chosen)) == inputs["count"]
    for pick in data["picks"]:
        team, enterprise = pick["inspectors"], pick["enterprise"]
        assert len(set(team)) == inputs["team_size"] and pick["lead"] == team[0]
        assert pick["lead"] in can_lead and (enterprise, pick["lead"]) not in last
        assert not any((person, enterprise) in conflicts for person in team)
    assert rd.verify(inputs, seed, rd.commitment(seed), data).ok
