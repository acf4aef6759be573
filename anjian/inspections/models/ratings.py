"""检查码 ratings: anonymous, seen by the inspecting department only as aggregates of 5 or more."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitRating(models.Model):
    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="ratings"
    )
    score = models.PositiveSmallIntegerField(_("评分"))
    comment = models.CharField(_("意见"), max_length=300, blank=True)
    voter_key = models.CharField(max_length=64)  # keyed hash: one rating per person, not who
    rated_on = models.DateField(_("评价日期"))  # a day, not a time: no linking by timestamp

    class Meta:
        verbose_name = _("检查评价")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "voter_key"], name="one_rating_per_voter"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} 评价"
