"""Writes on tickets: who may, what is valid, the audit event — as every app's services do."""

from __future__ import annotations

from django.db import transaction

from anjian.core import audit
from anjian.core.errors import Forbidden, PreconditionFailed

from .models import Ticket
from .workflow import TICKET_FLOW


def may_add(user) -> bool:
    return user.has_perm("testapp.add_ticket")


def may_change(user, ticket: Ticket) -> bool:
    return user.has_perm("testapp.change_ticket") and ticket.created_by_id == user.pk


def ticket_validate(*, user, ticket: Ticket) -> Ticket:
    """The one check of a ticket, shared by the form, the API and the import."""
    ticket.title = ticket.title.strip()
    ticket.full_clean(exclude=["created_by", "updated_by", "voided_by"])
    return ticket


def ticket_create(*, user, data: dict) -> Ticket:
    if not may_add(user):
        raise Forbidden("您无权登记工单。")
    ticket = ticket_validate(user=user, ticket=Ticket(title=data["title"], created_by=user))
    with transaction.atomic():
        ticket.save()
        audit.record("ticket.create", actor=user, obj=ticket, after={"title": ticket.title})
    return ticket


def ticket_update(*, user, obj: Ticket, data: dict, version: int | None) -> Ticket:
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=obj.pk)
        if not may_change(user, ticket):
            raise Forbidden("您无权修改该工单。")
        if version is not None and version != ticket.version:
            raise PreconditionFailed(current_version=ticket.version)
        before = ticket.title
        ticket.title = data["title"]
        ticket_validate(user=user, ticket=ticket)
        ticket.version += 1
        ticket.save()
        audit.record("ticket.update", actor=user, obj=ticket, before={"title": before})
    return ticket


def ticket_transition(user, ticket: Ticket, action: str, version: int | None, payload: dict):
    return TICKET_FLOW.apply(ticket, action, user, expected_version=version, **payload)


def tickets_write(context, tickets: list[Ticket]) -> int:
    """The import's write: the validated tickets in one transaction, each audited."""
    Ticket.objects.bulk_create(tickets)
    audit.record_many([audit.build("ticket.create", actor=context.actor, obj=t) for t in tickets])
    return len(tickets)
