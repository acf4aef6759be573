"""检查码评价: an enterprise's user rates a signed visit once, anonymously.

The rating row holds no user: `voter_key` is a keyed hash of (user, inspection), so a second
rating by the same person is refused by a unique constraint, while nobody reading the table can
tell who rated (the key is derived from the deployment's SECRET_KEY, which is not in the
database). The date is kept, not the time, so a rating cannot be matched to a login by its
timestamp.

No audit event is written for a rating. The audit chain records the actor, the time to the
microsecond and the address of every event it holds; an enterprise has few users and few visits
a year, so any such event — even one naming only the enterprise — would tell whoever reads the
log and the rating table together who gave which score. The rating is an opinion, not a
regulated record: it changes no status and no other record, and it can be neither edited nor
deleted through the application.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from anjian.core.errors import Conflict, Forbidden, Invalid
from anjian.core.scoping import scope_of

from .choices import Status
from .models import Inspection, VisitRating

RATABLE = (Status.SIGNED, Status.RECHECKING, Status.CLOSED)
COMMENT_MAX = 300
KEY_SALT = "anjian.inspections.visit-rating"


def voter_key(user_id: int, inspection_id: int) -> str:
    """The keyed hash standing for one person's rating of one visit (64 hex characters)."""
    return salted_hmac(KEY_SALT, f"{user_id}:{inspection_id}", algorithm="sha256").hexdigest()


def serves(user, inspection: Inspection) -> bool:
    """A signed-in user of the inspected enterprise (its own staff or a member account)."""
    scope = scope_of(user)
    return scope.kind == "enterprise" and inspection.enterprise_id in scope.enterprises


def has_rated(user, inspection: Inspection) -> bool:
    key = voter_key(user.pk, inspection.pk)
    return VisitRating.objects.filter(inspection=inspection, voter_key=key).exists()


def refusal(user, inspection: Inspection) -> str:
    """Why this user may not rate this visit now, or "" when they may."""
    if not serves(user, inspection):
        return "只有被检查企业的用户登录后才能评价本次检查。"
    if inspection.status not in RATABLE:
        return "检查组和企业现场负责人签字后才能评价本次检查。"
    if has_rated(user, inspection):
        return "您已评价过本次检查，每次检查只能评价一次。"
    return ""


def rating_submit(*, actor, inspection: Inspection, score: int, comment: str = "") -> None:
    """评价: 1–5 stars and an optional comment of at most 300 characters. Returns nothing: the
    caller has no use for the row, and not handing it back keeps it out of every response."""
    if not serves(actor, inspection):
        raise Forbidden("只有被检查企业的用户登录后才能评价本次检查。")
    if inspection.status not in RATABLE:
        raise Invalid("检查组和企业现场负责人签字后才能评价本次检查。")
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise Invalid("请选择 1 至 5 星的评分。", field="score")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise Invalid(f"意见不能超过 {COMMENT_MAX} 个字。", field="comment")
    rating = VisitRating(
        inspection=inspection,
        score=score,
        comment=comment,
        voter_key=voter_key(actor.pk, inspection.pk),
        rated_on=timezone.localdate(),
    )
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise Conflict("您已评价过本次检查，每次检查只能评价一次。") from None
