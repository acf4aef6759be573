import threading

import pytest
from django.db import close_old_connections

from anjian.core import signatures
from anjian.core.errors import Conflict, Forbidden, Invalid, PreconditionFailed
from anjian.core.models import AuditEvent, TransitionRecord
from anjian.core.services import record_void
from tests.testapp.models import Ticket, TicketStatus
from tests.testapp.workflow import TICKET_FLOW


@pytest.fixture
def ticket(personas):
    return Ticket.objects.create(title="t", created_by=personas["township"])


def test_it_applies_a_transition_and_records_it(ticket, personas):
    done = TICKET_FLOW.apply(ticket, "finish", personas["township"], comment="修好了", title="新")
    assert done.status == TicketStatus.DONE
    assert done.version == 2
    assert done.title == "新"
    record = TransitionRecord.objects.get(workflow="ticket")
    assert (record.from_state, record.to_state, record.comment) == ("open", "done", "修好了")
    event = AuditEvent.objects.get(event_type="ticket.finish")
    assert event.before == {"status": "open"}
    assert event.after["status"] == "done"


def test_it_refuses_an_actor_without_the_right(ticket, personas):
    with pytest.raises(Forbidden):
        TICKET_FLOW.apply(ticket, "finish", personas["district"], comment="x")
    assert Ticket.objects.get().status == TicketStatus.OPEN


def test_it_refuses_a_transition_from_the_wrong_state(ticket, personas):
    with pytest.raises(Conflict):
        TICKET_FLOW.apply(ticket, "close", personas["district"], signature="x")


def test_it_requires_the_declared_payload(ticket, personas):
    with pytest.raises(Invalid) as info:
        TICKET_FLOW.apply(ticket, "finish", personas["township"], comment="  ")
    assert info.value.details["field"] == "comment"
    assert "说明" in info.value.message


def test_it_rejects_a_stale_version(ticket, personas):
    with pytest.raises(PreconditionFailed):
        TICKET_FLOW.apply(ticket, "finish", personas["township"], comment="x", expected_version=7)


def test_it_stores_the_signature_with_the_record(ticket, personas):
    TICKET_FLOW.apply(ticket, "finish", personas["township"], comment="x")
    sig = signatures.sign(actor=personas["district"], statement="验收")
    TICKET_FLOW.apply(ticket, "close", personas["district"], signature=sig)
    assert TransitionRecord.objects.get(action="close").signature == sig
    assert [t.action for t in TICKET_FLOW.history(ticket)] == ["finish", "close"]


def test_available_lists_only_actions_the_actor_may_take(ticket, personas):
    assert [t.action for t in TICKET_FLOW.available(ticket, personas["township"])] == ["finish"]
    assert TICKET_FLOW.available(ticket, personas["district"]) == []


def test_it_refuses_hard_delete_of_regulated_records(ticket, personas):
    with pytest.raises(TypeError):
        ticket.delete()
    with pytest.raises(TypeError):
        Ticket.objects.all().delete()
    voided = record_void(obj=ticket, reason="重复录入", actor=personas["township"])
    assert voided.is_voided and Ticket.objects.live().count() == 0
    assert AuditEvent.objects.filter(event_type="record.void", reason="重复录入").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_identical_transitions_let_exactly_one_win():
    from tests.personas import make_personas

    people = make_personas()
    ticket = Ticket.objects.create(title="race", created_by=people["township"])
    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def fire():
        close_old_connections()
        barrier.wait()
        try:
            TICKET_FLOW.apply(ticket, "finish", people["township"], comment="并发")
            result = "ok"
        except Conflict:
            result = "conflict"
        except Exception as exc:  # anything else would be a 500
            result = f"error:{exc!r}"
        finally:
            close_old_connections()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=fire) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1, outcomes
    assert outcomes.count("conflict") == 19, outcomes
    assert TransitionRecord.objects.filter(workflow="ticket", object_id=str(ticket.pk)).count() == 1
    assert Ticket.objects.get(pk=ticket.pk).version == 2
