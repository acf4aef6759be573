from anjian.core.workflow import Transition, Workflow

from .models import Ticket, TicketStatus


def _is_owner(actor, obj) -> bool:
    return obj.created_by_id == actor.pk


def _not_owner(actor, obj) -> bool:
    return obj.created_by_id != actor.pk


def _set_note(obj, payload) -> None:
    obj.title = payload.get("title", obj.title)


TICKET_FLOW = Workflow(
    name="ticket",
    model=Ticket,
    transitions=[
        Transition(
            "finish",
            "完成",
            (TicketStatus.OPEN,),
            TicketStatus.DONE,
            _is_owner,
            requires=("comment",),
            apply=_set_note,
        ),
        Transition(
            "close",
            "关闭",
            (TicketStatus.DONE,),
            TicketStatus.CLOSED,
            _not_owner,
            requires=("signature",),
        ),
        Transition("reopen", "退回", (TicketStatus.DONE,), TicketStatus.OPEN, requires=("reason",)),
    ],
)
