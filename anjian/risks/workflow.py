"""Filing (备案) of a major hazard source: the enterprise submits, a regulator in scope files it
or returns it with reasons; a filed source is deregistered (核销) with a reason."""

from __future__ import annotations

from django.utils import timezone

from anjian.core.errors import Invalid
from anjian.core.workflow import Transition, Workflow

from .choices import SourceStatus as S
from .models import MajorHazardSource


def _in_scope(actor, source) -> bool:
    return MajorHazardSource.objects.visible_to(actor).filter(pk=source.pk).exists()


def _own(actor, source) -> bool:
    scope = actor.scope
    return (
        scope.kind == "enterprise"
        and source.enterprise_id in scope.enterprises
        and actor.has_perm("risks.change_majorhazardsource")
    )


def _regulator(actor, source) -> bool:
    return (
        actor.scope.kind in ("territorial", "sector")
        and actor.has_perm("risks.file_majorhazardsource")
        and _in_scope(actor, source)
    )


def _must_be_major(source, payload) -> None:
    if not source.is_major:
        raise Invalid("该单元未构成重大危险源（S < 1），无需备案。")


def _filed(source, payload) -> None:
    source.filed_on = timezone.localdate()


FILING_FLOW = Workflow(
    name="mhs",
    model=MajorHazardSource,
    transitions=[
        Transition(
            "submit", "提交备案", (S.DRAFT, S.RETURNED), S.SUBMITTED, _own, validate=_must_be_major
        ),
        Transition("file", "审核通过备案", (S.SUBMITTED,), S.FILED, _regulator, apply=_filed),
        Transition("return", "退回", (S.SUBMITTED,), S.RETURNED, _regulator, requires=("reason",)),
        Transition(
            "deregister", "核销", (S.FILED,), S.DEREGISTERED, _regulator, requires=("reason",)
        ),
    ],
)
