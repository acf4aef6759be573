"""The one engine that changes a record's status.

A workflow is a table of transitions declared by its app. `Workflow.apply()` locks the row,
checks the state, the version, the actor's right and the required payload, applies the change,
writes the transition record and the audit event in one transaction, and hands notifications to
`on_commit`. Nothing else changes a status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from . import audit
from .base import TimeStampedModel
from .errors import Conflict, Forbidden, Invalid, PreconditionFailed
from .models import Signature, TransitionRecord

M = TypeVar("M", bound=models.Model)
Predicate = Callable[[Any, models.Model], bool]
# A hook receives the record of the workflow's own model, which the engine cannot name.
Hook = Callable[[Any, dict[str, Any]], None]

# What a transition may require in its payload, with the Chinese name used in error messages.
REQUIREMENTS = {
    "comment": "说明",
    "reason": "原因",
    "signature": "签名",
    "attachments": "附件（照片）",
}


def anyone(actor, obj) -> bool:
    return True


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    allowed: Predicate = anyone
    requires: tuple[str, ...] = ()
    validate: Hook | None = None
    apply: Hook | None = None
    after: Hook | None = None  # runs inside the transaction, e.g. to schedule notifications
    voids: bool = False  # 作废: the record is also marked void, as `core.services.record_void` does
    dialog: bool = True  # offered as a button with the generic dialog (else a page of its own)


_workflows: dict[str, Workflow] = {}


def registered_workflows() -> dict[str, Workflow]:
    """Every declared workflow by name (the audit log names their events from them)."""
    return dict(_workflows)


@dataclass
class Workflow:
    name: str
    model: type[models.Model]
    transitions: Iterable[Transition]
    state_field: str = "status"
    # names of the steps that are not transitions (how a record entered its first state)
    labels: dict[str, str] = field(default_factory=dict)
    by_action: dict[str, Transition] = field(init=False)

    def __post_init__(self) -> None:
        self.by_action = {t.action: t for t in self.transitions}
        for t in self.by_action.values():
            unknown = set(t.requires) - set(REQUIREMENTS)
            if unknown:
                raise ValueError(f"{self.name}.{t.action}: unknown requirement {unknown}")
        _workflows[self.name] = self

    def available(self, obj: models.Model, actor) -> list[Transition]:
        """Actions this actor may take on the record in its current state (buttons, queues)."""
        state = getattr(obj, self.state_field)
        return [t for t in self.by_action.values() if state in t.sources and t.allowed(actor, obj)]

    def apply(
        self,
        obj: M,
        action: str,
        actor,
        *,
        expected_version: int | None = None,
        **payload: Any,
    ) -> M:
        transition = self.by_action.get(action)
        if transition is None:
            raise Invalid(f"不支持的操作：{action}", field="action")
        payload["_actor"] = actor  # hooks may need who acts; "_" keys are not recorded
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            before_state = getattr(locked, self.state_field)
            self._check(locked, transition, actor, expected_version, payload)
            if transition.validate:
                transition.validate(locked, payload)
            if transition.apply:
                transition.apply(locked, payload)
            target = transition.target or before_state  # an empty target keeps the state
            if transition.voids:
                mark_void(locked, actor, str(payload.get("reason") or ""))
            setattr(locked, self.state_field, target)
            if hasattr(locked, "version"):
                locked.version += 1
            if isinstance(locked, TimeStampedModel):
                locked.updated_by = actor
            _clean(locked)
            locked.save()
            record = self._write_record(locked, transition, actor, before_state, payload, target)
            audit.record(
                f"{self.name}.{action}",
                actor=actor,
                obj=locked,
                before={"status": before_state},
                after={"status": target, **_audit_payload(payload)},
            )
            if transition.after:
                transition.after(locked, {**payload, "_record": record})
        return locked

    def start(self, obj: models.Model, actor, *, action: str = "create", **payload: Any):
        """Record how a new record entered its first state (e.g. reported, signed, with photos).

        Call inside the transaction that created `obj`; it writes the first history entry.
        """
        first = Transition(action, action, ("",), getattr(obj, self.state_field))
        record = self._write_record(obj, first, actor, "", payload)
        audit.record(
            f"{self.name}.{action}",
            actor=actor,
            obj=obj,
            after={"status": first.target, **_audit_payload(payload)},
        )
        return record

    def _check(self, obj, transition: Transition, actor, expected_version, payload) -> None:
        state = getattr(obj, self.state_field)
        if expected_version is not None and getattr(obj, "version", None) != expected_version:
            raise PreconditionFailed(current_version=getattr(obj, "version", None))
        if state not in transition.sources:
            raise Conflict(
                f"当前状态不能执行“{transition.label}”，记录可能已被他人处理，请刷新后重试。",
                state=state,
            )
        if not transition.allowed(actor, obj):
            raise Forbidden(f"您无权执行“{transition.label}”。")
        if "signature" in transition.requires and not isinstance(
            payload.get("signature"), Signature
        ):
            raise Invalid(f"“{transition.label}”需要签名。", field="signature")
        for name in transition.requires:
            value = payload.get(name)
            if (
                value is None
                or value == ""
                or value == []
                or (isinstance(value, str) and not value.strip())
            ):
                raise Invalid(f"“{transition.label}”需要填写{REQUIREMENTS[name]}。", field=name)

    def _write_record(
        self, obj, transition, actor, before_state, payload, target=None
    ) -> TransitionRecord:
        signature = payload.get("signature")
        record = TransitionRecord.objects.create(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=str(obj.pk),
            workflow=self.name,
            action=transition.action,
            from_state=before_state,
            to_state=target or transition.target,
            actor=actor,
            at=timezone.now(),
            comment=payload.get("comment") or payload.get("reason") or "",
            payload=_audit_payload(payload),
            signature=signature if isinstance(signature, Signature) else None,
        )
        attachments = payload.get("attachments") or []
        if attachments:
            record.attachments.set(attachments)
        return record

    def history(self, obj) -> models.QuerySet[TransitionRecord]:
        return (
            TransitionRecord.objects.filter(
                content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
            )
            .select_related("actor", "signature")
            .prefetch_related("attachments")
            .order_by("at", "id")
        )


def mark_void(obj: models.Model, actor, reason: str) -> None:
    """The one notion of void: who, when and why, on any regulated record."""
    obj.voided_at = timezone.now()  # type: ignore[attr-defined]
    obj.voided_by = actor  # type: ignore[attr-defined]
    obj.void_reason = reason.strip()[:500]  # type: ignore[attr-defined]


def _clean(obj: models.Model) -> None:
    """Model validation; a problem becomes an Invalid naming the field (HTTP 422)."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise Invalid(f"{messages[0]}", field=field) from exc


def _audit_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """What of the payload goes into the record and audit: plain values, objects by id."""
    out: dict[str, Any] = {}
    for key, value in payload.items():
        if key.startswith("_"):
            continue
        if isinstance(value, models.Model):
            out[key] = value.pk
        elif isinstance(value, list | tuple) and value and isinstance(value[0], models.Model):
            out[key] = [v.pk for v in value]
        else:
            out[key] = value
    return audit.jsonable(out)
