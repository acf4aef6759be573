"""Records that belong to one enterprise, scoped by the enterprise's region, sector and grid."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.base import RegulatedModel, RegulatedQuerySet
from anjian.core.scoping import ScopedQuerySet, ScopeRule

ENTERPRISE_SCOPE = ScopeRule(
    region="region_code", sector="sector_id", grid="grid_id", enterprise="enterprise_id"
)


# The checker gives each queryset's as_manager() its own manager class, unrelated to the
# bases' ones; at run time the manager has the methods of both.
class ScopedRecords(RegulatedQuerySet, ScopedQuerySet):  # type: ignore[override]
    pass


class EnterpriseRecord(RegulatedModel):
    """A record of one enterprise (risk point, monitoring point, alarm…), carrying the
    enterprise's region, sector and grid for the scoping door."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("企业")
    )
    region_code = models.CharField(max_length=12, db_index=True, editable=False)
    sector = models.ForeignKey(
        "regions.Sector", on_delete=models.PROTECT, related_name="+", editable=False
    )
    grid = models.ForeignKey(
        "regions.Grid",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects: ClassVar = ScopedRecords.as_manager()
    scope = ENTERPRISE_SCOPE

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.region_code = self.enterprise.region_code
        self.sector_id = self.enterprise.sector_id
        self.grid_id = self.enterprise.grid_id
        super().save(*args, **kwargs)
