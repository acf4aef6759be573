"""Keeps experts' assignments in step with the teams (see `services_experts`).

The team is written by the visits part (`inspection_create` bulk-creates memberships, which
sends no `post_save`), so the hooks listen where every path passes: a saved inspection or
finding (the hazards a finding became), a saved or deleted membership. Each hook runs after
the transaction commits, so it sees the whole team and never fails the write it follows.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import services_experts
from .choices import MemberRole
from .models import Finding, Inspection, InspectionMember


def _later(inspection_id: int, user_id: int | None = None) -> None:
    def run() -> None:
        inspection = Inspection.objects.filter(pk=inspection_id).first()
        if inspection is None:
            return
        if user_id is None:
            services_experts.assign(inspection)
        else:
            services_experts.unassign(inspection, user_id)

    transaction.on_commit(run)


@receiver(post_save, sender=Inspection, dispatch_uid="experts-inspection")
def _inspection_saved(sender, instance: Inspection, **kwargs) -> None:
    _later(instance.pk)


@receiver(post_save, sender=Finding, dispatch_uid="experts-finding")
def _finding_saved(sender, instance: Finding, **kwargs) -> None:
    if instance.hazard_id is not None:
        _later(instance.inspection_id)


@receiver(post_save, sender=InspectionMember, dispatch_uid="experts-member-saved")
def _member_saved(sender, instance: InspectionMember, **kwargs) -> None:
    if instance.role == MemberRole.EXPERT:
        _later(instance.inspection_id)
    else:  # a membership changed away from expert
        _later(instance.inspection_id, instance.user_id)


@receiver(post_delete, sender=InspectionMember, dispatch_uid="experts-member-deleted")
def _member_deleted(sender, instance: InspectionMember, **kwargs) -> None:
    _later(instance.inspection_id, instance.user_id)
