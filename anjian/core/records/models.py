"""Records that belong to one enterprise, scoped by the enterprise's region, sector and grid.

Such a record keeps a copy of its enterprise's scope (region code, sector, grid) so the scoping
door filters it on its own indexed columns. The copy must follow the enterprise: when an
enterprise moves to another township, sector or grid, `follow_enterprises` rewrites the copies
of every record type that carries them, in the mover's transaction, one UPDATE per type.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import ClassVar

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models
from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from anjian.core.base import RegulatedModel, RegulatedQuerySet
from anjian.core.scoping import ScopedQuerySet, ScopeRule

# Declaring `scope = ENTERPRISE_SCOPE` (every EnterpriseRecord does) says both "scope me by these
# columns" and "these columns are copies of my enterprise's": moves then re-scope the record.
ENTERPRISE_SCOPE = ScopeRule(
    region="region_code", sector="sector_id", grid="grid_id", enterprise="enterprise_id"
)
SCOPE_COLUMNS = ("region_code", "sector_id", "grid_id")
IN_BATCH = 500  # enterprise ids per statement (SQLite caps the number of parameters)


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
        if self._state.adding:  # the committed scope, not that of a possibly stale instance
            self.region_code, self.sector_id, self.grid_id = enterprise_scope(self.enterprise_id)
        else:  # an edit of a row its writer has locked: a move cannot change it meanwhile
            self.region_code = self.enterprise.region_code
            self.sector_id = self.enterprise.sector_id
            self.grid_id = self.enterprise.grid_id
        super().save(*args, **kwargs)


def _enterprise_model() -> type[models.Model]:
    return apps.get_model("enterprises", "Enterprise")


def enterprise_scope(enterprise_id: int) -> tuple[str, int, int | None]:
    """The enterprise's region code, sector and grid as committed, read in the caller's
    transaction. On PostgreSQL the row is key-share-locked until the caller commits (the lock
    the new row's foreign key takes anyway): a move, which locks the enterprise FOR UPDATE,
    waits for the new record and then re-scopes it, or the record waits for the move and copies
    the new scope — never a record left behind in the old jurisdiction. Ordinary updates of the
    enterprise (its risk grade…) do not conflict with it."""
    table = connection.ops.quote_name(_enterprise_model()._meta.db_table)
    in_transaction = connection.vendor == "postgresql" and connection.in_atomic_block
    lock = " FOR KEY SHARE" if in_transaction else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT region_code, sector_id, grid_id FROM {table} WHERE id = %s{lock}",  # noqa: S608
            [enterprise_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise ObjectDoesNotExist(f"企业 #{enterprise_id} 不存在。")
    return row[0], row[1], row[2]


def scope_copies() -> list[type[models.Model]]:
    """Every concrete model that carries a copy of its enterprise's scope."""
    return [
        model
        for model in apps.get_models()
        if getattr(model, "scope", None) is ENTERPRISE_SCOPE and not model._meta.proxy
    ]


def follow_enterprises(enterprise_ids: Collection[int]) -> dict[int, dict[str, int]]:
    """Copy each enterprise's current region, sector and grid onto all of its records, voided
    ones included; returns {enterprise id: {record kind (中文): count}}. Call it in the
    transaction that moved the enterprises, their rows locked FOR UPDATE (`select_for_update`),
    after saving them: that lock is what makes a concurrent new record wait (`enterprise_scope`).
    """
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    ids = sorted(set(enterprise_ids))
    source = _enterprise_model()._base_manager.filter(pk=OuterRef("enterprise_id"))
    values = {column: Subquery(source.values(column)[:1]) for column in SCOPE_COLUMNS}
    for model in scope_copies():
        kind = str(model._meta.verbose_name)
        for start in range(0, len(ids), IN_BATCH):
            rows = model._base_manager.filter(enterprise_id__in=ids[start : start + IN_BATCH])
            per = rows.order_by().values_list("enterprise_id").annotate(n=Count("pk"))
            found = dict(per)
            if not found:
                continue
            rows.update(**values)
            for enterprise_id, n in found.items():
                counts[enterprise_id][kind] = n
        # a record type may derive more from its enterprise's place (a hazard's responsible office)
        follow = getattr(model, "follow_enterprises", None)
        if follow is not None:
            follow(ids)
    return dict(counts)


def lock_records(enterprise_ids: Collection[int]) -> None:
    """Lock every record of these enterprises (by type, in id order) before a move locks the
    enterprises themselves: writers lock a record, then perhaps its enterprise (a risk point's
    void updates the enterprise's grade), so a move must take the locks in that order too."""
    if not connection.features.has_select_for_update:
        return  # SQLite: one writer at a time, nothing to order
    ids = sorted(set(enterprise_ids))
    for model in scope_copies():
        for start in range(0, len(ids), IN_BATCH):
            rows = model._base_manager.select_for_update().filter(
                enterprise_id__in=ids[start : start + IN_BATCH]
            )
            list(rows.order_by("pk").values_list("pk", flat=True))


def describe_counts(counts: dict[str, int]) -> str:
    """隐患 3 条、风险点 2 条 — the records that moved with an enterprise, for the audit log."""
    if not counts:
        return "该企业暂无随迁记录。"
    return "随企业迁移的记录：" + "、".join(f"{k} {n} 条" for k, n in counts.items()) + "。"
