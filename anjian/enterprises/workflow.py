"""Operating status (经营状态) changes: regulator decisions, each with a reason, kept as history."""

from anjian.core.workflow import Transition, Workflow

from .choices import OperatingStatus as S
from .models import Enterprise


def _regulator(actor, enterprise) -> bool:
    return actor.has_perm("enterprises.change_regulated_fields") and (
        Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists()
    )


REASON = ("reason",)
OPEN = (S.NORMAL, S.SUSPENDED)  # neither closed nor deregistered
STATUS_FLOW = Workflow(
    name="enterprise.status",
    model=Enterprise,
    transitions=[
        Transition("suspend", "责令停产整顿", (S.NORMAL,), S.SUSPENDED, _regulator, REASON),
        Transition("resume", "恢复生产", (S.SUSPENDED,), S.NORMAL, _regulator, REASON),
        Transition("close", "关闭取缔", OPEN, S.CLOSED, _regulator, REASON),
        Transition("deregister", "注销", (*OPEN, S.CLOSED), S.DEREGISTERED, _regulator, REASON),
    ],
)
