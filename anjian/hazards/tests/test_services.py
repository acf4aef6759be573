"""The hazard loop: report → confirm → submit → accept, with the rules of who may do what."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections
from django.utils import timezone

from anjian.core.errors import Conflict, Forbidden, Invalid
from anjian.core.models import AuditEvent, TransitionRecord
from anjian.hazards.models import Hazard
from anjian.hazards.services import hazard_report, hazard_transition

from .conftest import SIGN, approve_plan, photo


def _report(personas, chem, who="ent_manager", source="self_check", **extra):
    actor = personas[who]
    return hazard_report(
        actor=actor,
        enterprise=chem,
        description="安全阀未校验",
        location="反应釜",
        source=source,
        signature=SIGN,
        attachment_ids=[photo(actor).pk],
        **extra,
    )


def _confirm(personas, hazard, who="township", grade="general", **extra):
    return hazard_transition(
        actor=personas[who],
        hazard=hazard,
        action="confirm",
        grade=grade,
        deadline=timezone.localdate() + timedelta(days=7),
        responsible_person="吴安全",
        measures="送检",
        **extra,
    )


def test_the_whole_loop_with_a_signature_at_each_step(personas, chem):
    hazard = _report(personas, chem)
    assert hazard.number.startswith(f"YH-{timezone.localdate().year}-")
    hazard = _confirm(personas, hazard)
    after = photo(personas["ent_manager"], (0, 200, 0))
    hazard = hazard_transition(
        actor=personas["ent_manager"],
        hazard=hazard,
        action="submit",
        note="已送检",
        attachments=[after.pk],
        signature=SIGN,
    )
    with pytest.raises(Forbidden):  # the rectifier never accepts
        hazard_transition(
            actor=personas["ent_manager"],
            hazard=hazard,
            action="accept",
            opinion="好",
            signature=SIGN,
        )
    hazard = hazard_transition(
        actor=personas["ent_principal"],
        hazard=hazard,
        action="accept",
        opinion="已核查",
        signature=SIGN,
    )
    assert hazard.status == "closed" and hazard.accepted_by == personas["ent_principal"]
    records = TransitionRecord.objects.filter(object_id=str(hazard.pk)).order_by("id")
    assert [r.action for r in records] == ["report", "confirm", "submit", "accept"]
    assert [bool(r.signature_id) for r in records] == [True, False, True, True]
    assert AuditEvent.objects.filter(event_type="hazard.accept", object_id=str(hazard.pk)).exists()


def test_a_major_hazard_needs_the_six_part_plan_and_a_regulator_to_accept(personas, chem):
    hazard = _confirm(personas, _report(personas, chem), grade="major")
    assert hazard.plan.status == "draft"  # the enterprise draws it up (16号令 Art 15)
    with pytest.raises(Invalid, match="治理方案"):
        hazard_transition(
            actor=personas["ent_manager"],
            hazard=hazard,
            action="submit",
            note="完成",
            signature=SIGN,
            no_photo_reason="设备内部",
        )
    approve_plan(personas, hazard)
    with pytest.raises(Invalid, match="整改后照片"):
        hazard_transition(
            actor=personas["ent_manager"],
            hazard=hazard,
            action="submit",
            note="完成",
            signature=SIGN,
        )
    hazard = hazard_transition(
        actor=personas["ent_manager"],
        hazard=hazard,
        action="submit",
        note="完成",
        signature=SIGN,
        no_photo_reason="隐蔽部位无法拍照",
    )
    assert hazard.no_photo_reason == "隐蔽部位无法拍照"
    with pytest.raises(Forbidden):
        hazard_transition(
            actor=personas["ent_principal"],
            hazard=hazard,
            action="accept",
            opinion="好",
            signature=SIGN,
        )
    hazard = hazard_transition(
        actor=personas["township"], hazard=hazard, action="accept", opinion="好", signature=SIGN
    )
    assert hazard.status == "closed"


def test_the_enterprise_cannot_confirm_a_hazard_a_regulator_found(personas, chem):
    hazard = _report(personas, chem, who="township", source="inspection")
    with pytest.raises(Forbidden):
        _confirm(personas, hazard, who="ent_manager")


def test_grid_staff_report_but_do_not_confirm_or_accept(personas, chem):
    hazard = _report(personas, chem, who="grid", source="grid")
    with pytest.raises(Forbidden):
        _confirm(personas, hazard, who="grid")


def test_the_source_must_match_who_reports(personas, chem):
    with pytest.raises(Invalid, match="来源"):
        _report(personas, chem, who="ent_manager", source="inspection")


def test_confirming_needs_a_before_photo(personas, chem):
    hazard = hazard_report(
        actor=personas["township"],
        enterprise=chem,
        description="x",
        location="y",
        source="inspection",
        signature=SIGN,
    )
    with pytest.raises(Invalid, match="整改前照片"):
        _confirm(personas, hazard)


def test_a_reported_hazard_needs_a_signature(personas, chem):
    with pytest.raises(Invalid, match="签名"):
        hazard_report(
            actor=personas["township"],
            enterprise=chem,
            description="x",
            location="y",
            source="inspection",
            signature=None,
        )
    assert not Hazard.objects.filter(description="x").exists()


def test_only_a_regulator_extends_a_major_hazard(personas, chem):
    hazard = _confirm(personas, _report(personas, chem), grade="major")
    new = timezone.localdate() + timedelta(days=30)
    with pytest.raises(Forbidden):
        hazard_transition(
            actor=personas["ent_manager"],
            hazard=hazard,
            action="extend",
            deadline=new,
            reason="材料未到",
        )
    hazard = hazard_transition(
        actor=personas["township"], hazard=hazard, action="extend", deadline=new, reason="材料未到"
    )
    assert hazard.deadline == new and hazard.status == "rectifying"


def test_listing_and_unlisting_keep_the_state(personas, chem):
    hazard = _confirm(personas, _report(personas, chem), grade="major")
    hazard = hazard_transition(
        actor=personas["district"],
        hazard=hazard,
        action="list",
        level="district",
        office=personas["district"].organisation_id,
        due=timezone.localdate() + timedelta(days=20),
    )
    assert hazard.listed and hazard.status == "rectifying"
    with pytest.raises(Invalid, match="原因"):
        hazard_transition(actor=personas["district"], hazard=hazard, action="unlist")
    hazard = hazard_transition(
        actor=personas["district"], hazard=hazard, action="unlist", reason="已由市级督办"
    )
    assert not hazard.listed


def test_a_voided_hazard_keeps_its_record(personas, chem):
    hazard = _report(personas, chem)
    hazard = hazard_transition(
        actor=personas["township"], hazard=hazard, action="void", reason="重复上报"
    )
    assert hazard.status == "voided" and Hazard.objects.filter(pk=hazard.pk).exists()
    # the one notion of void: who, when and why, as on every regulated record
    assert hazard.voided_at is not None and hazard.voided_by == personas["township"]
    assert hazard.void_reason == "重复上报"
    with pytest.raises(Conflict):
        _confirm(personas, hazard)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_accepts_let_exactly_one_through():
    from anjian.enterprises.models import Enterprise
    from tests.personas import make_personas

    people = make_personas()
    chem = Enterprise.objects.get(name="东湖精细化工有限公司")
    hazard = _confirm(people, _report(people, chem))
    hazard = hazard_transition(
        actor=people["ent_manager"],
        hazard=hazard,
        action="submit",
        note="完成",
        attachments=[photo(people["ent_manager"]).pk],
        signature=SIGN,
    )
    barrier, results, lock = threading.Barrier(20), [], threading.Lock()

    def accept():
        close_old_connections()
        barrier.wait()
        try:
            hazard_transition(
                actor=people["township"],
                hazard=hazard,
                action="accept",
                opinion="同意",
                signature=SIGN,
            )
            outcome = "ok"
        except Conflict:
            outcome = "conflict"
        except Exception as exc:
            outcome = repr(exc)
        finally:
            close_old_connections()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=accept) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1 and results.count("conflict") == 19, results
    assert TransitionRecord.objects.filter(object_id=str(hazard.pk), action="accept").count() == 1
