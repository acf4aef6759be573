"""Reads of the papers part: one inspection through the scoping door, its documents, its
signing and re-checks, and what the panel on the inspection page shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from anjian.core.errors import Forbidden, NotFound
from anjian.core.models import Attachment
from anjian.hazards import selectors as hazards_selectors

from .choices import Becomes, DocumentKind, Result
from .choices import Status as S
from .models import (
    Finding,
    Inspection,
    InspectionMember,
    Recheck,
    VisitDocument,
    VisitMeasure,
    VisitSigning,
)
from .workflow import OFFICERS, on_team

FORMATS = ("pdf", "docx")


def inspection_for(user, pk: int) -> Inspection:
    """One inspection the user may see; out of scope is the same 404 as missing."""
    if not user.has_perm("inspections.view_inspection"):
        raise Forbidden("您无权查看监督检查。")
    return Inspection.objects.select_related("enterprise", "office").get_visible(user, pk=pk)


def documents_of(inspection: Inspection) -> QuerySet[VisitDocument]:
    return VisitDocument.objects.filter(inspection=inspection).order_by("pk")


def document_of(inspection: Inspection, pk: int) -> VisitDocument:
    """One document of this inspection; any other id is a 404."""
    document = documents_of(inspection).select_related("recheck").filter(pk=pk).first()
    if document is None:
        raise NotFound()
    return document


def officers_of(inspection: Inspection) -> list[InspectionMember]:
    """The officers who sign, lead first, then in the order they were named."""
    members = InspectionMember.objects.filter(inspection=inspection, role__in=OFFICERS)
    rows = list(members.select_related("user", "user__inspector_profile", "signature__image"))
    return sorted(rows, key=lambda m: (m.role != "lead", m.pk))


def signing_of(inspection: Inspection) -> VisitSigning | None:
    return (
        VisitSigning.objects.select_related("representative_signature__image")
        .filter(inspection=inspection)
        .first()
    )


def findings_of(inspection: Inspection) -> list[Finding]:
    qs = Finding.objects.filter(inspection=inspection).select_related(
        "item", "description", "hazard", "violation"
    )
    return list(qs.order_by("item__order", "pk"))


def measures_of(inspection: Inspection) -> list[VisitMeasure]:
    qs = VisitMeasure.objects.filter(inspection=inspection).select_related("finding__item")
    return list(qs.order_by("pk"))


def rechecks_of(inspection: Inspection) -> list[Recheck]:
    qs = Recheck.objects.filter(inspection=inspection).select_related(
        "checked_by", "signature__image", "document"
    )
    return list(qs.order_by("due_on", "pk"))


def recheck_photos(inspection: Inspection) -> list[Attachment]:
    return list(
        Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(Inspection),
            object_id=str(inspection.pk),
            kind="recheck",
        ).order_by("uploaded_at", "pk")
    )


def open_recheck(inspection: Inspection) -> Recheck | None:
    return (
        Recheck.objects.filter(inspection=inspection, done_at__isnull=True)
        .order_by("due_on", "pk")
        .first()
    )


def needs_rectification(inspection: Inspection) -> bool:
    """A finding that became a hazard or a violation must be corrected: an order is issued."""
    return Finding.objects.filter(
        inspection=inspection, result=Result.NONCONFORM, becomes__in=Becomes.values
    ).exists()


def rectification_deadline(inspection: Inspection, given: date | None) -> date | None:
    """The latest deadline set on the checklist for the findings (or on the hazards they became,
    once confirmed), else the visit's, else the one given at signing."""
    findings = Finding.objects.filter(inspection=inspection, result=Result.NONCONFORM)
    dates: list[date] = [
        d
        for d in (
            *findings.values_list("deadline", flat=True),
            *findings.values_list("hazard__deadline", flat=True),
        )
        if d is not None
    ]
    return max(dates, default=None) or inspection.rectification_deadline or given


def may_sign(user, inspection: Inspection) -> bool:
    return inspection.status == S.IN_PROGRESS and on_team(user, inspection)


def may_recheck(user, inspection: Inspection) -> bool:
    return inspection.status == S.RECHECKING and on_team(user, inspection)


@dataclass(frozen=True)
class Tally:
    conform: int
    nonconform: int
    not_applicable: int


def tally(findings: list[Finding]) -> Tally:
    results = [f.result for f in findings]
    return Tally(
        results.count(Result.CONFORM),
        results.count(Result.NONCONFORM),
        results.count(Result.NOT_APPLICABLE),
    )


def is_overdue(recheck: Recheck, today: date | None = None) -> bool:
    return recheck.done_at is None and recheck.due_on < (today or timezone.localdate())


def linked_hazards(user, findings: list[Finding]) -> list:
    """The hazards the findings became, as the hazards app shows them to this user (read only:
    their rectification loop is the hazards app's)."""
    ids = [f.hazard_id for f in findings if f.hazard_id]
    if not ids:
        return []
    return list(hazards_selectors.hazards_for(user).filter(pk__in=ids).order_by("pk"))


def documents_by_kind(inspection: Inspection) -> dict[str, list[VisitDocument]]:
    out: dict[str, list[VisitDocument]] = {k: [] for k in DocumentKind.values}
    for doc in documents_of(inspection):
        out[doc.kind].append(doc)
    return out
