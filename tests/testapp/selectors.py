"""Reads on tickets, through the scoping door."""

from __future__ import annotations

from anjian.core.errors import NotFound

from .models import Ticket


def tickets_for(user, filters=None):
    if not user.has_perm("testapp.view_ticket"):  # the scoping door's rule: no role, no rows
        return Ticket.objects.none()
    qs = Ticket.objects.visible_to(user).filter(voided_at__isnull=True)
    return (filters.apply(qs) if filters else qs).order_by(
        *(filters.ordering() if filters else ("-id",)), "-id"
    )


def ticket_for(user, pk: int) -> Ticket:
    ticket = tickets_for(user).filter(pk=pk).first()
    if ticket is None:
        raise NotFound()
    return ticket
