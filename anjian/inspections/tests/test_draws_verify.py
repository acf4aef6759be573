"""`anjian draw verify`: a published draw re-runs to the same result; any change to a published
input, the seed or the result is found (the acceptance point of 双随机一公开)."""

import copy
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from anjian.inspections import selectors_draws
from anjian.inspections.models import Draw


@pytest.fixture
def draw(demo):
    return Draw.objects.get(number__startswith="东湖区应急管理局", status="revealed")


def verify(*args):
    call_command("draw", "verify", *args)


def test_it_reproduces_the_published_demo_draw(draw, capsys):
    verify(str(draw.pk))
    out = capsys.readouterr().out
    assert out.startswith("OK") and "核验通过" in out
    verify(draw.number)


def test_it_verifies_the_public_json_without_the_database(draw, tmp_path, capsys):
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(selectors_draws.public_record(draw), ensure_ascii=False))
    verify("--file", str(path))
    assert "核验通过" in capsys.readouterr().out


def tampered(record, change):
    copy_ = copy.deepcopy(record)
    change(copy_)
    return copy_


def _weight(r):
    r["inputs"]["enterprises"][0]["weight"] += 1


def _drop(r):
    r["inputs"]["enterprises"].pop()


def _count(r):
    r["inputs"]["count"] = 1


def _conflict(r):
    r["inputs"]["conflicts"].append([r["inputs"]["inspectors"][0]["id"], 1])


def _last_lead(r):
    r["inputs"]["last_lead"].append([r["inputs"]["enterprises"][0]["id"], 1])


def _number(r):
    r["inputs"]["draw"] += "（改）"


def _team(r):
    r["inputs"]["team_size"] = 3


def _seed(r):
    r["seed"] = "0" * 64


def _commitment(r):
    r["commitment"] = "f" * 64


def _pick(r):
    first = r["result"]["picks"][0]
    first["lead"], first["inspectors"] = first["inspectors"][1], first["inspectors"][::-1]


def _enterprise(r):
    r["result"]["picks"][0]["enterprise"] = -1


CHANGES = [
    _weight, _drop, _count, _conflict, _last_lead, _number, _team,
    _seed, _commitment, _pick, _enterprise,
]  # fmt: skip


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__.strip("_"))
def test_any_change_to_what_was_published_fails_verification(draw, change, tmp_path, capsys):
    record = tampered(selectors_draws.public_record(draw), change)
    outcome = selectors_draws.verify_published(record)
    assert not outcome.ok and outcome.reasons
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(record, ensure_ascii=False))
    with pytest.raises(CommandError) as failed:
        verify("--file", str(path))
    assert failed.value.returncode == 1
    assert "核验未通过" in capsys.readouterr().err


def test_it_fails_on_a_stored_draw_changed_in_the_database(draw, capsys):
    inputs = copy.deepcopy(draw.inputs)
    inputs["enterprises"][0]["weight"] += 5
    Draw.objects.filter(pk=draw.pk).update(inputs=inputs)
    with pytest.raises(CommandError):
        verify(str(draw.pk))
    assert "输入摘要不符" in capsys.readouterr().err


def test_a_draw_not_yet_revealed_cannot_be_verified(personas, capsys):
    from anjian.inspections import services_draws

    pending = services_draws.draw_commit(
        actor=personas["district"],
        title="待开奖",
        pool_filters={"sector": "construction"},
        count=1,
        team_size=2,
    )
    with pytest.raises(CommandError):
        verify(str(pending.pk))
    assert "尚未开奖" in capsys.readouterr().err
    assert pending.seed not in capsys.readouterr().out
