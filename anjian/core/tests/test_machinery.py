"""Numbering, notifications, tick, signatures and choices."""

import pytest
from django.db import transaction

from anjian.core import notifications, numbering, signatures, tick
from anjian.core.errors import Invalid
from anjian.core.models import Notification, Signature, TickLock
from tests.testapp.models import TicketStatus


def test_numbers_are_sequential_per_kind_and_year(db):
    with transaction.atomic():
        assert numbering.next_number("cf", year=2026) == "〔2026〕1号"
        assert numbering.next_number("cf", year=2026) == "〔2026〕2号"
        assert numbering.next_number("cf", year=2027) == "〔2027〕1号"
        assert numbering.next_number("yh", year=2026, fmt="YH-{year}-{n:06d}") == "YH-2026-000001"


def test_a_rolled_back_number_is_given_back_so_the_sequence_has_no_gap(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        numbering.allocate("cf", year=2026)
        raise RuntimeError
    with transaction.atomic():
        assert numbering.allocate("cf", year=2026) == (2026, 1)


def test_numbering_refuses_to_run_outside_a_transaction(transactional_db):
    with pytest.raises(RuntimeError):
        numbering.allocate("cf")


def test_notifications_are_sent_on_commit_and_once_per_key(
    personas, django_capture_on_commit_callbacks
):
    user = personas["township"]
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            notifications.notify([user], title="隐患即将到期", key="hazard:1:due-3d")
    assert Notification.objects.filter(recipient=user, title="隐患即将到期").count() == 1


def test_notifications_are_not_sent_when_the_transaction_rolls_back(personas):
    with pytest.raises(RuntimeError), transaction.atomic():
        notifications.notify([personas["city"]], title="回滚的消息")
        raise RuntimeError
    assert not Notification.objects.filter(title="回滚的消息").exists()


def test_tick_runs_hooks_and_skips_one_already_running(db):
    calls = []
    tick.register("test.counter")(lambda: calls.append(1) or 1)
    try:
        results = {r.name: r for r in tick.run(["test.counter"])}
        assert results["test.counter"].ran and calls == [1]
        TickLock.objects.filter(name="test.counter").update(locked_until="2999-01-01T00:00:00Z")
        results = {r.name: r for r in tick.run(["test.counter"])}
        assert not results["test.counter"].ran and calls == [1]
    finally:
        tick._hooks.pop("test.counter")


def test_a_failing_hook_does_not_stop_the_others(db):
    def boom():
        raise ValueError("坏了")

    tick.register("test.boom")(boom)
    tick.register("test.fine")(lambda: 2)
    try:
        results = {r.name: r for r in tick.run(["test.boom", "test.fine"])}
        assert "ValueError" in results["test.boom"].error
        assert results["test.fine"].count == 2
        assert TickLock.objects.get(name="test.boom").locked_until is None
    finally:
        tick._hooks.pop("test.boom")
        tick._hooks.pop("test.fine")


def test_a_handwritten_signature_keeps_its_image(personas):
    import base64

    from .test_attachments import png_bytes

    url = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    sig = signatures.sign(
        actor=personas["ent_manager"], statement="整改完成", method="handwritten", image=url
    )
    assert sig.method == Signature.Method.HANDWRITTEN
    assert sig.image.kind == "signature" and len(sig.digest) == 64


def test_a_signer_without_an_account_is_named_and_the_capturing_actor_kept(personas):
    import base64

    from .test_attachments import png_bytes

    url = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    sig = signatures.sign(
        actor=personas["district"],
        statement="现场检查记录",
        method="handwritten",
        image=url,
        role="企业现场负责人",
        signer_name="  周厂长 ",
    )
    assert sig.signer == personas["district"] and sig.signer_name == "周厂长"
    assert sig.role == "企业现场负责人"
    own = signatures.sign(actor=personas["district"], statement="x")
    assert own.signer_name == personas["district"].get_full_name()


def test_a_signature_with_a_bad_image_is_refused(personas):
    with pytest.raises(Invalid):
        signatures.sign(
            actor=personas["grid"], statement="x", method="handwritten", image="data:text/html,<b>"
        )


def test_coloured_choices_carry_label_and_colour():
    assert TicketStatus.OPEN.colour == "orange"
    assert TicketStatus.colour_of("nope") == "secondary"
    assert {"value": "done", "label": "已完成", "colour": "blue"} in TicketStatus.as_options()


def test_the_audit_records_the_client_behind_a_trusted_proxy(client, personas, settings):
    from anjian.core.models import AuditEvent

    settings.ANJIAN = {**settings.ANJIAN, "TRUSTED_PROXY_COUNT": 1}
    client.post(
        "/accounts/login/",
        {"username": "township", "password": "x"},
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
        HTTP_X_REQUEST_ID="req-12345678",
    )
    event = AuditEvent.objects.get(event_type="auth.login.failure")
    assert event.ip == "198.51.100.7"
    assert event.request_id == "req-12345678"


@pytest.mark.parametrize(
    ("prefix", "inside", "outside"),
    [
        ("990102", ["990102000000", "990102001001"], ["990103000000", "990101999999", "99010"]),
        ("99", ["990000000000", "999999999999"], ["980000000000"]),
        ("990102001001", ["990102001001"], ["990102001002"]),
    ],
)
def test_a_region_prefix_becomes_an_exact_code_range(prefix, inside, outside):
    from anjian.core.scoping import within_region

    q = within_region("code", prefix)
    children = dict(q.children)

    def matches(code):
        if "code" in children:
            return code == children["code"]
        low, high = children.get("code__gte"), children.get("code__lt")
        return (low is None or code >= low) and (high is None or code < high) and len(code) == 12

    assert all(matches(c) for c in inside)
    assert not any(matches(c) for c in outside)
